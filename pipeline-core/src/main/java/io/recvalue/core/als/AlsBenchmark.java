package io.recvalue.core.als;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our weighted ALS and MLlib's ALS side by side in one process, on the same data, rank, {@code λ},
 * blocks and number of sweeps (ours with {@code tol = 0}, so it runs exactly that many). Each is run
 * once for two sweeps first to warm up the JIT. Time per iteration is the wall-clock time of the whole
 * {@code fit} (block building and final materialisation included, for both) divided by the sweeps;
 * ours is also reported for the sweeps alone (objective computation included).
 */
public final class AlsBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(AlsBenchmark.class);

  private AlsBenchmark() {}

  /** One comparison. {@code ratio} is ours / MLlib (below 1: ours is faster). */
  public record Result(
      int iterations, double oursSecondsPerIteration, double oursSweepSecondsPerIteration,
      double mllibSecondsPerIteration, double ratio,
      double oursTestRmse, double mllibTestRmse, int cores, int rank, String solver) {

    public static String markdownHeader() {
      return "| sweeps | rank | cores | ours s/iter | ours sweep-only s/iter | MLlib s/iter | ours/MLlib | ours test RMSE "
          + "| MLlib test RMSE | solver |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
    }

    public String toMarkdownRow() {
      return String.format(Locale.ROOT, "| %d | %d | %d | %.3f | %.3f | %.3f | %.2f | %.4f | %.4f | %s |",
          iterations, rank, cores, oursSecondsPerIteration, oursSweepSecondsPerIteration, mllibSecondsPerIteration, ratio, oursTestRmse, mllibTestRmse, solver);
    }
  }

  public static Result run(SparkSession spark, Dataset<Row> train, Dataset<Row> test, AlsParams params, int iterations) {
    AlsParams p = params.withTol(0.0).withMaxIter(iterations);
    WeightedAls.fit(spark, train, p.withMaxIter(2), null, null).unpersist();
    MllibAlsReference.fit(spark, train, p.withMaxIter(2)).model().unpersist();

    long t0 = System.nanoTime();
    AlsModel ours = WeightedAls.fit(spark, train, p, null, null);
    double oursSecs = (System.nanoTime() - t0) / 1e9;
    MllibAlsReference.Result ref = MllibAlsReference.fit(spark, train, p);
    double oursRmse = Metrics.rmse(ours, test);
    double mllibRmse = Metrics.rmse(ref.model(), test);
    double sweeps = ours.history().iterations().stream().mapToDouble(TrainingHistory.Iteration::seconds).sum();
    Result r = new Result(iterations, oursSecs / iterations, sweeps / iterations, ref.seconds() / iterations,
        oursSecs / ref.seconds(), oursRmse, mllibRmse, spark.sparkContext().defaultParallelism(), p.rank(),
        ours.solverDescription());
    LOG.info("ALS benchmark: {}", r);
    ours.unpersist();
    ref.model().unpersist();
    return r;
  }
}
