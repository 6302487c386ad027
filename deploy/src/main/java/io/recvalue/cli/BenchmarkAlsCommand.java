package io.recvalue.cli;

import io.recvalue.core.als.AlsBenchmark;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.bench.BenchmarkSplit;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recvalue benchmark als}: our weighted ALS and Spark MLlib's, same data, rank, lambda and
 * sweeps, side by side in one process ({@link AlsBenchmark}); the table is printed and written under
 * {@code --output}.
 */
@Command(name = "als",
    description = {"Our ALS against Spark MLlib's: time per sweep and test RMSE, same data and settings.",
        "",
        "Trains our weighted ALS and Spark MLlib's ALS side by side in one process on a ratings CSV, with the same"
            + " rank, lambda (train.*) and number of sweeps, after an untimed JIT warm-up fit of each, in --rounds rounds that"
            + " alternate which side goes first; reports time per sweep of each and their ratio (medians over the"
            + " rounds, and each round's ratio), test RMSE of each (seeded 80/10/10 split) and the cores used. Writes"
            + " DIR/benchmark-als.md and DIR/benchmark-als.csv."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class BenchmarkAlsCommand implements Subcommand {
  static final String NAME = "benchmark als";

  @Mixin
  HelpOption help;

  @Mixin
  BenchmarkPaths paths;

  @Option(names = "--iterations", paramLabel = "N", order = 10, defaultValue = "10",
      description = "ALS sweeps of each (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--rounds", paramLabel = "N", order = 11, defaultValue = "3",
      description = "Fits of each side, alternating which goes first; the ratio reported is the rounds' median"
          + " (default ${DEFAULT-VALUE}).")
  int rounds;

  @Mixin
  ConfigOptions configOptions;

  @Override
  public int run(Console console, List<String> arguments) throws Exception {
    if (iterations < 1) {
      throw new UsageException("--iterations must be a positive integer, got " + iterations);
    }
    if (rounds < 1) {
      throw new UsageException("--rounds must be a positive integer, got " + rounds);
    }
    RecvalueConfig config = configOptions.load();
    PathSafety.checkAllowed(config, paths.byOption());
    ConfigReport.print(console, NAME, config);
    SparkSession spark = SparkSessions.create(NAME, config, paths.output);
    BenchmarkSplit split = BenchmarkSplit.load(spark, paths.data, config.getLong("run.seed"));
    AlsParams params = TrainJob.params(config, TrainJob.blocks(config, spark, split.train()));
    AlsBenchmark.Result result = AlsBenchmark.run(spark, split.train(), split.test(), params, iterations, rounds,
        line -> console.progress(NAME, "%s", line));
    ResultTable table = new ResultTable("Time per sweep and test RMSE", "benchmark-als.csv",
        AlsBenchmark.Result.markdownHeader() + "\n" + result.toMarkdownRow());
    List<Path> written = BenchmarkReport.write(Path.of(paths.output), "benchmark-als", "ALS: ours vs Spark MLlib",
        paths.data, BenchmarkReport.commandLine(NAME, arguments), List.of(table));
    console.summary("%s", table.markdown());
    console.summary("wrote %s", written);
    return ExitCodes.OK;
  }
}
