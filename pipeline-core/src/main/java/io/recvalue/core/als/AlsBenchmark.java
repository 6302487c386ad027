package io.recvalue.core.als;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our weighted ALS and MLlib's ALS side by side in one process, on the same data, rank, {@code λ},
 * blocks and number of sweeps (ours with {@code tol = 0}, so it runs exactly that many). Each is run
 * once untimed first, with the same number of sweeps, to warm up the JIT (a two-sweep warm-up left the
 * first timed fit of ours about half again slower than the later ones). Time per iteration is the wall-clock time of the whole
 * {@code fit} (block building and final materialisation included, for both) divided by the sweeps;
 * ours is also reported for the sweeps alone (objective computation included).
 *
 * <p><b>Rounds.</b> On a small shared machine one fit of each side varies by a third from run to run
 * (garbage collection, the JIT, whatever else runs), more than the difference being measured. So the
 * comparison runs in rounds, each fitting both sides back to back, the order alternating (ours first in
 * odd rounds, MLlib first in even ones) so that neither side always inherits the other's heap; the
 * reported ratio is the median of the rounds' ratios, and each side's time the median of its rounds.
 */
public final class AlsBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(AlsBenchmark.class);

  private AlsBenchmark() {}

  /**
   * One comparison. {@code ratio} is ours / MLlib (below 1: ours is faster), the median of
   * {@code roundRatios}; the seconds per iteration are each side's median over the rounds.
   */
  public record Result(
      int iterations, double oursSecondsPerIteration, double oursSweepSecondsPerIteration,
      double mllibSecondsPerIteration, double ratio,
      double oursTestRmse, double mllibTestRmse, int cores, int rank, String solver, double[] roundRatios) {

    public static String markdownHeader() {
      return "| sweeps | rank | cores | ours s/iter | ours sweep-only s/iter | MLlib s/iter | ours/MLlib (median) "
          + "| ours/MLlib per round | ours test RMSE | MLlib test RMSE | solver |\n"
          + "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|";
    }

    public String toMarkdownRow() {
      return String.format(Locale.ROOT, "| %d | %d | %d | %.3f | %.3f | %.3f | %.2f | %s | %.4f | %.4f | %s |",
          iterations, rank, cores, oursSecondsPerIteration, oursSweepSecondsPerIteration, mllibSecondsPerIteration,
          ratio, roundsText(), oursTestRmse, mllibTestRmse, solver);
    }

    /** The rounds' ratios in the order they ran, e.g. {@code 0.81 0.95 0.78}. */
    public String roundsText() {
      return Arrays.stream(roundRatios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
          .collect(Collectors.joining(" "));
    }
  }

  /** One round of {@link #run(SparkSession, Dataset, Dataset, AlsParams, int, int, Consumer)}. */
  public static Result run(SparkSession spark, Dataset<Row> train, Dataset<Row> test, AlsParams params, int iterations) {
    return run(spark, train, test, params, iterations, 1, line -> { });
  }

  /**
   * @param rounds fits of each side ({@code ≥ 1}), alternating which goes first
   * @param progress hears one line per round
   */
  public static Result run(SparkSession spark, Dataset<Row> train, Dataset<Row> test, AlsParams params, int iterations,
      int rounds, Consumer<String> progress) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
    }
    AlsParams p = params.withTol(0.0).withMaxIter(iterations);
    WeightedAls.fit(spark, train, p, null, null).unpersist();
    MllibAlsReference.fit(spark, train, p).model().unpersist();

    double[] ours = new double[rounds];
    double[] sweeps = new double[rounds];
    double[] mllib = new double[rounds];
    double[] ratios = new double[rounds];
    double oursRmse = Double.NaN;
    double mllibRmse = Double.NaN;
    String solver = null;
    for (int r = 0; r < rounds; r++) {
      boolean oursFirst = r % 2 == 0;
      MllibAlsReference.Result ref = oursFirst ? null : MllibAlsReference.fit(spark, train, p);
      long t0 = System.nanoTime();
      AlsModel model = WeightedAls.fit(spark, train, p, null, null);
      ours[r] = (System.nanoTime() - t0) / 1e9;
      if (oursFirst) {
        ref = MllibAlsReference.fit(spark, train, p);
      }
      mllib[r] = ref.seconds();
      sweeps[r] = model.history().iterations().stream().mapToDouble(TrainingHistory.Iteration::seconds).sum();
      ratios[r] = ours[r] / mllib[r];
      if (r == rounds - 1) { // every round fits the same seeded models: score the last ones only
        oursRmse = Metrics.rmse(model, test);
        mllibRmse = Metrics.rmse(ref.model(), test);
        solver = model.solverDescription();
      }
      model.unpersist();
      ref.model().unpersist();
      progress.accept(String.format(Locale.ROOT, "round %d of %d (%s first): ours %.2f s, MLlib %.2f s, ratio %.2f",
          r + 1, rounds, oursFirst ? "ours" : "MLlib", ours[r], mllib[r], ratios[r]));
    }
    Result result = new Result(iterations, median(ours) / iterations, median(sweeps) / iterations,
        median(mllib) / iterations, median(ratios), oursRmse, mllibRmse, spark.sparkContext().defaultParallelism(),
        p.rank(), solver, ratios);
    LOG.info("ALS benchmark: {}", result.toMarkdownRow());
    return result;
  }

  /** The median (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
