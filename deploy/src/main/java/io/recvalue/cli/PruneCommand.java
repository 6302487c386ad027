package io.recvalue.cli;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.UnlearnJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.SparkSessions;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.valuation.judge.PruneJob;
import io.recvalue.valuation.judge.PruneRule;
import io.recvalue.valuation.output.ValueLayout;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recvalue prune}: the input log without its low-value interactions, in its own format. */
@Command(name = "prune",
    description = {"Write the log without its lowest-valued interactions, in its own format and columns.",
        "",
        "Give at most one of --drop-lowest, --keep-top, --threshold; with none, follow the values' keep decision"
            + " (discrete values, 'value --method pg', carry one: the interactions with keep = false go). Reads the log at PATH (the one the values"
            + " were computed from, read with the same input.* settings), matches its rows to DIR/value/interactions by"
            + " the original user and item ids, and writes OUTPUT/pruned/ in the log's own format (CSV: the same"
            + " header, delimiter and lines; Parquet: the same columns), OUTPUT/removed/ (Parquet: what was"
            + " removed, with its value) and counts in OUTPUT/manifest.json. Rows that have no value (validation"
            + " and test rows, quarantined rows) are always kept, and counted."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class PruneCommand implements Subcommand {
  private static final String NAME = "prune";

  @Mixin
  HelpOption help;

  @Option(names = "--values", required = true, paramLabel = "DIR", order = 1,
      description = "The output folder of 'recvalue value' (or its value/ folder).")
  String values;

  @Option(names = "--input", required = true, paramLabel = "PATH", order = 2, description = "The interaction log.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", order = 3,
      description = "Where pruned/ and removed/ go (never inside the input, never over it).")
  String output;

  @Option(names = "--drop-lowest", paramLabel = "P", order = 10,
      description = "Drop the lowest-valued P (10%% or 0.1) of the valued interactions or items.")
  String dropLowest;

  @Option(names = "--keep-top", paramLabel = "P", order = 11,
      description = "Keep the highest-valued P, drop the other valued ones.")
  String keepTop;

  @Option(names = "--threshold", paramLabel = "V", order = 12,
      description = "Drop the valued interactions (or items) with value below V.")
  String threshold;

  @Option(names = "--by", paramLabel = "UNIT", order = 13, defaultValue = "interaction",
      description = "interaction or item (an item's value is the sum of its values); default ${DEFAULT-VALUE}.")
  String by;

  @Option(names = "--update-model", order = 14,
      description = "Then take the removed rows out of the values' trained model (as 'recvalue unlearn' does) and write"
          + " the updated run to unlearn.to (default OUTPUT/unlearn/).")
  boolean updateModel;

  @Option(names = "--sweeps", paramLabel = "N", order = 15, descriptionKey = "unlearn.sweeps")
  Integer sweeps;

  @Mixin
  ConfigOptions configOptions;

  @Spec
  CommandSpec spec;

  @Mixin
  CheckOption check;

  @Override
  public int run(Console console, List<String> arguments) throws Exception {
    PruneRule rule = rule();
    PathSafety.checkOutputIsNotInput(input, output);
    PathSafety.checkInputIsNotReplaced(input, output, NAME, List.of(PruneJob.PRUNED, PruneJob.REMOVED));
    RecvalueConfig config = configOptions.load(configOptions.files(), ConfigKeyOptions.given(spec));
    if (sweeps != null && !updateModel) {
      throw new UsageException("--sweeps needs --update-model");
    }
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("--values", values);
    paths.put("--input", input);
    paths.put("--output", output);
    PathSafety.checkAllowed(config, paths);
    PruneJob job = new PruneJob(values, rule);
    job.validate(config);
    String target = UnlearnJob.target(config, output);
    if (updateModel) {
      new UnlearnJob(values, removedPath()).validate(config);
      ModelUpdate.checkTarget(ValueLayout.runFolder(values, new Configuration()), target);
      paths.put("unlearn.to", target);
      PathSafety.checkAllowed(config, paths);
    }
    ConfigReport.print(console, NAME, config);
    console.progress(NAME, "%s", rule.describe());
    if (check.requested) {
      console.summary("recvalue %s: arguments, configuration and paths are valid; nothing was run", NAME);
      return ExitCodes.OK;
    }
    SparkSession spark = SparkSessions.create(NAME, config, output);
    RunManifest manifest = new RunManifest(NAME, arguments, config);
    manifest.put("input", input);
    StageContext context = new StageContext(spark, config, output, Optional.of(input), manifest, console);
    StageRunner.run(context, List.of(job));
    manifest.finish("succeeded");
    manifest.write(output, spark.sparkContext().hadoopConfiguration());
    Map<String, Object> c = job.counts();
    console.summary("");
    console.summary("recvalue prune: succeeded (%s)", rule.describe());
    console.summary("  input        %s: %s rows (%s valued, %s without a value, kept)", input,
        c.get("input_rows"), c.get("valued_rows"), c.get("unvalued_rows_kept"));
    console.summary("  removed      %s rows -> %s/%s", c.get("removed_rows"), output, PruneJob.REMOVED);
    console.summary("  pruned log   %s rows, %s -> %s/%s", c.get("output_rows"), c.get("input_format"), output,
        PruneJob.PRUNED);
    if (updateModel) {
      String run = ValueLayout.runFolder(values, spark.sparkContext().hadoopConfiguration());
      Map<String, Object> u = ModelUpdate.run(spark, config, console, NAME, arguments, run, removedPath(), target);
      ModelUpdate.summarize(console, u, target);
    }
    return ExitCodes.OK;
  }

  /** Where the pruned rows go, and what {@code --update-model} removes from the model. */
  private String removedPath() {
    return output.replaceAll("/+$", "") + "/" + PruneJob.REMOVED;
  }

  /**
   * The rule given: {@code --drop-lowest}, {@code --keep-top} or {@code --threshold}, with {@code --by};
   * none: the values' own keep decision.
   */
  PruneRule rule() {
    Map<String, String> rules = new LinkedHashMap<>();
    rules.put("--drop-lowest", dropLowest);
    rules.put("--keep-top", keepTop);
    rules.put("--threshold", threshold);
    List<String> given = new ArrayList<>();
    rules.forEach((option, value) -> {
      if (value != null) {
        given.add(option);
      }
    });
    if (given.size() > 1) {
      throw new UsageException("give at most one of " + String.join(", ", rules.keySet()) + " (got "
          + String.join(", ", given) + ")");
    }
    if (!by.equals("interaction") && !by.equals("item")) {
      throw new UsageException("--by must be interaction or item, got '" + by + "'");
    }
    if (given.isEmpty()) {
      if (by.equals("item")) {
        throw new UsageException("--by item needs one of " + String.join(", ", rules.keySet())
            + " (the keep decision of discrete values is per interaction)");
      }
      return PruneRule.keepDecision();
    }
    String option = given.get(0);
    String text = rules.get(option);
    try {
      BigDecimal amount = option.equals("--threshold") ? new BigDecimal(text.trim())
          : PruneRule.fraction(option, text);
      return new PruneRule(option.substring(2), amount, by.equals("item"));
    } catch (NumberFormatException e) {
      throw new UsageException("--threshold must be a number, got '" + text + "'");
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
