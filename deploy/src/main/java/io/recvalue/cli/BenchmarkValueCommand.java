package io.recvalue.cli;

import io.recvalue.core.als.AlsParams;
import io.recvalue.core.bench.BenchmarkSplit;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.SparkSessions;
import io.recvalue.valuation.bench.ValueCostBenchmark;
import io.recvalue.valuation.jobs.ValueInteractionsJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recvalue benchmark value}: what each value method costs against one training, in one process
 * ({@link ValueCostBenchmark}); the tables are printed and written under {@code --output}.
 */
@Command(name = "value",
    description = {"Each value method's wall time against one training; optionally an EP beta sweep.",
        "",
        "In one process on the same seeded split: one training from scratch (train.*, after a warm-up), then every"
            + " value method (influence, blockdiag, ep with value.*) on that model, then --loo-retrains"
            + " leave-one-out retrains warm-started at the model; reports each method's wall time divided by the"
            + " training's and its speed-up over retraining once per training interaction (mean retrain time x"
            + " rows). With --betas, also centred and one-sided EP at each beta against the influence values."
            + " Writes DIR/benchmark-value.md, DIR/benchmark-value-cost.csv and, with --betas,"
            + " DIR/benchmark-value-ep-beta.csv."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class BenchmarkValueCommand implements Subcommand {
  static final String NAME = "benchmark value";

  @Mixin
  HelpOption help;

  @Mixin
  BenchmarkPaths paths;

  @Option(names = "--loo-retrains", paramLabel = "N", order = 10, defaultValue = "3",
      description = "Leave-one-out retrains timed (default ${DEFAULT-VALUE}).")
  int looRetrains;

  @Option(names = "--betas", paramLabel = "B", order = 11, split = ",",
      description = "Comma-separated nudge sizes of the EP beta sweep (none by default).")
  List<Double> betas = new ArrayList<>();

  @Mixin
  ConfigOptions configOptions;

  @Override
  public int run(Console console, List<String> arguments) throws Exception {
    if (looRetrains < 1) {
      throw new UsageException("--loo-retrains must be a positive integer, got " + looRetrains);
    }
    RecvalueConfig config = configOptions.load();
    PathSafety.checkAllowed(config, paths.byOption());
    new ValueInteractionsJob().validate(config);
    ConfigReport.print(console, NAME, config);
    SparkSession spark = SparkSessions.create(NAME, config, paths.output);
    BenchmarkSplit split = BenchmarkSplit.load(spark, paths.data, config.getLong("run.seed"));
    AlsParams params = TrainJob.params(config, TrainJob.blocks(config, spark, split.train()));
    ValueCostBenchmark.Result r = ValueCostBenchmark.run(spark, split.train(), split.validation(), params, config,
        looRetrains, betas);
    List<ResultTable> tables = new ArrayList<>();
    tables.add(new ResultTable("Cost against one training", "benchmark-value-cost.csv", r.costTable()));
    if (!betas.isEmpty()) {
      tables.add(new ResultTable("EP beta sweep against influence", "benchmark-value-ep-beta.csv", r.betaTable()));
    }
    List<Path> written = BenchmarkReport.write(Path.of(paths.output), "benchmark-value",
        "Values: cost against one training", paths.data, BenchmarkReport.commandLine(NAME, arguments), tables);
    tables.forEach(t -> console.summary("%s", t.markdown().strip()));
    console.summary("wrote %s", written);
    return ExitCodes.OK;
  }
}
