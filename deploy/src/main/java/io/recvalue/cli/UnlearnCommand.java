package io.recvalue.cli;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.UnlearnJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.SparkSessions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recvalue unlearn}: a trained run's model without some of its training rows, without retraining it. */
@Command(name = "unlearn",
    description = {"Take interactions out of a trained model without training it again.",
        "",
        "Reads DIR/ingest and DIR/train (written by 'recvalue ingest' and 'recvalue train') and the removed"
            + " interactions at PATH (what 'recvalue prune' writes to OUTPUT/removed/, or any Parquet or CSV table with"
            + " user_id and item_id, or the log's own id columns). Re-solves exactly the users and items that lost"
            + " rows, runs --sweeps full ALS sweeps on the remaining rows, and writes a run folder (default"
            + " DIR/unlearn/) with ingest/ (the split without the removed rows) and train/, which every later"
            + " command reads: 'recvalue value --output DIR/unlearn', 'recvalue evaluate --output DIR/unlearn'. Use the"
            + " settings the run was trained with (train.*, ingest.feedback). A removed row that is not a training row"
            + " of DIR is an error naming it, and nothing is written."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class UnlearnCommand implements Subcommand {
  private static final String NAME = UnlearnJob.NAME;

  @Mixin
  HelpOption help;

  @Option(names = "--output", required = true, paramLabel = "DIR", order = 1,
      description = "The trained run: the folder 'recvalue train' wrote.")
  String output;

  @Option(names = "--removed", required = true, paramLabel = "PATH", order = 2,
      description = "The removed interactions (prune's OUTPUT/removed/, or a table of user and item ids).")
  String removed;

  // The options below stand for keys and are applied through ConfigKeyOptions.
  @Option(names = "--sweeps", paramLabel = "N", order = 10, descriptionKey = "unlearn.sweeps")
  Integer sweeps;

  @Option(names = "--to", paramLabel = "DIR", order = 11, descriptionKey = "unlearn.to")
  String to;

  @Mixin
  ConfigOptions configOptions;

  @Mixin
  CheckOption check;

  @Spec
  CommandSpec spec;

  @Override
  public int run(Console console, List<String> arguments) throws Exception {
    RecvalueConfig config = configOptions.load(configOptions.files(), ConfigKeyOptions.given(spec));
    String target = UnlearnJob.target(config, output);
    ModelUpdate.checkTarget(output, target);
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("--output", output);
    paths.put("--removed", removed);
    paths.put("--to", target);
    PathSafety.checkAllowed(config, paths);
    new UnlearnJob(output, removed).validate(config);
    ConfigReport.print(console, NAME, config);
    if (check.requested) {
      console.summary("recvalue %s: arguments, configuration and paths are valid; nothing was run", NAME);
      return ExitCodes.OK;
    }
    SparkSession spark = SparkSessions.create(NAME, config, output);
    Map<String, Object> c = ModelUpdate.run(spark, config, console, NAME, arguments, output, removed, target);
    console.summary("");
    console.summary("recvalue unlearn: succeeded (%s without the rows of %s)", output, removed);
    ModelUpdate.summarize(console, c, target);
    return ExitCodes.OK;
  }
}
