package io.recvalue.cli;

import io.recvalue.core.als.AlsBenchmark;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.bench.BenchmarkRecord;
import io.recvalue.core.bench.BenchmarkSplit;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import io.recvalue.valuation.bench.ValueCostBenchmark;
import io.recvalue.valuation.jobs.ValueInteractionsJob;
import org.apache.spark.sql.SparkSession;

/**
 * {@code recvalue benchmark als}: our weighted ALS and Spark MLlib's, same data, rank, lambda and
 * sweeps, side by side in one process; the result is printed and appended to {@code BENCHMARKS.md}.
 */
final class BenchmarkCommand implements Command {
  static final String DEFAULT_DATA = "../shared/data/jester/medium/ratings.csv.gz";
  private static final Set<String> VALUED =
      Set.of("--data", "--iterations", "--record", "--config", "--set", "--loo-retrains", "--betas");

  @Override
  public String name() {
    return "benchmark";
  }

  @Override
  public String summary() {
    return "benchmarks: 'als' (our ALS vs MLlib's), 'value' (cost of values vs training, EP beta sweep)";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue benchmark als [--data PATH] [--iterations N] [--record FILE]",
        "                              [--config FILE]... [--set key=value]...",
        "",
        "Trains our weighted ALS and Spark MLlib's ALS side by side in one process on a ratings CSV",
        "(user_id,item_id,rating; default " + DEFAULT_DATA + "), with the same rank,",
        "lambda (train.*) and number of sweeps, after a JIT warm-up of each; reports time per sweep of",
        "each, their ratio, test RMSE of each (seeded 80/10/10 split) and the cores used, and appends a",
        "row to the record file.",
        "",
        "  --data PATH        ratings CSV with a header (user_id,item_id,rating)",
        "  --iterations N     ALS sweeps of each (default 10)",
        "  --record FILE      Markdown file to append the result to (default BENCHMARKS.md)",
        "  --config FILE, --set key=value   as for 'run' (train.rank, train.lambda, ...)",
        "",
        "usage: recvalue benchmark value [--data PATH] [--loo-retrains N] [--betas B1,B2,...] [--record FILE]",
        "                                [--config FILE]... [--set key=value]...",
        "",
        "In one process on the same seeded split: one training from scratch (train.*, after a warm-up),",
        "then every value method (influence, blockdiag, ep with value.*) on that model, then N (default 3)",
        "leave-one-out retrains warm-started at the model; reports each method's wall time divided by the",
        "training's and its speed-up over retraining once per training interaction (mean retrain time x",
        "rows). With --betas, also centred and one-sided EP at each beta against the influence values.");
  }

  @Override
  public int run(List<String> args, Console console) throws Exception {
    CliArgs a = CliArgs.parse(args, VALUED, Set.of("--help"));
    if (a.flag("--help")) {
      console.summary("%s", help());
      return ExitCodes.OK;
    }
    if (a.positional().size() != 1 || !Set.of("als", "value").contains(a.positional().get(0))) {
      throw new UsageException("expected one benchmark name: als or value");
    }
    RecvalueConfig config = a.config();
    if (a.positional().get(0).equals("value")) {
      return value(a, args, config, console);
    }
    String data = a.value("--data").orElse(DEFAULT_DATA);
    int iterations = parsePositive(a.value("--iterations").orElse("10"), "--iterations");
    Path record = Path.of(a.value("--record").orElse("BENCHMARKS.md"));
    String outputDir = System.getProperty("java.io.tmpdir") + "/recvalue-benchmark";
    SparkSession spark = SparkSessions.create("benchmark als", config, outputDir);
    AlsParams params = TrainJob.params(config, spark.sparkContext().defaultParallelism());
    BenchmarkSplit split = BenchmarkSplit.load(spark, data, params.seed());
    AlsBenchmark.Result result = AlsBenchmark.run(spark, split.train(), split.test(), params, iterations);
    String command = "deploy/bin/recvalue benchmark " + String.join(" ", args);
    BenchmarkRecord.append(record, "ALS: ours vs Spark MLlib", command, data, result.toMarkdownRow(),
        AlsBenchmark.Result.markdownHeader());
    console.summary("%s", result);
    console.summary("appended to %s", record);
    return ExitCodes.OK;
  }

  private int value(CliArgs a, List<String> args, RecvalueConfig config, Console console) throws Exception {
    String data = a.value("--data").orElse(DEFAULT_DATA);
    int retrains = parsePositive(a.value("--loo-retrains").orElse("3"), "--loo-retrains");
    List<Double> betas = new java.util.ArrayList<>();
    for (String b : a.value("--betas").orElse("").split(",")) {
      if (!b.isBlank()) {
        try {
          betas.add(Double.parseDouble(b.trim()));
        } catch (NumberFormatException e) {
          throw new UsageException("--betas must be comma-separated numbers, got " + b);
        }
      }
    }
    Path record = Path.of(a.value("--record").orElse("BENCHMARKS.md"));
    new ValueInteractionsJob().validate(config);
    String outputDir = System.getProperty("java.io.tmpdir") + "/recvalue-benchmark";
    SparkSession spark = SparkSessions.create("benchmark value", config, outputDir);
    int parallelism = spark.sparkContext().defaultParallelism();
    AlsParams params = TrainJob.params(config, parallelism);
    BenchmarkSplit split = BenchmarkSplit.load(spark, data, params.seed());
    ValueCostBenchmark.Result r = ValueCostBenchmark.run(spark, split.train(), split.validation(), params, config,
        retrains, betas);
    String command = "deploy/bin/recvalue benchmark " + String.join(" ", args);
    BenchmarkRecord.appendTable(record, "Values: cost against one training", command, data, r.costTable());
    console.summary("%s", r.costTable());
    if (!betas.isEmpty()) {
      BenchmarkRecord.appendTable(record, "Values: EP beta sweep against influence", command, data, r.betaTable());
      console.summary("%s", r.betaTable());
    }
    console.summary("appended to %s", record);
    return ExitCodes.OK;
  }

  private static int parsePositive(String v, String option) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UsageException(option + " must be a positive integer, got " + v);
  }
}
