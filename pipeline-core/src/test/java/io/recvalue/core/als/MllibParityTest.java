package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our ALS against MLlib's on MovieTweetings-small (per-user time split), both to convergence: the same
 * objective must give the same quality; validation data are passed, so the validation loss is exercised too (explicit: test RMSE within 1 %; implicit: NDCG@10 within 2 %).
 */
class MllibParityTest {
  /** Relative change of F per sweep at which both count as converged (MLlib runs as many sweeps as ours). */
  private static final double TOL = 1e-4;
  private static SparkSession spark;
  private static Dataset<Row>[] split;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    split = TestSplits.byTime(TestSplits.load(spark, TestData.movieTweetingsSmall()));
  }

  @Test
  void explicitTestRmseWithinOnePercentOfMllib() {
    AlsParams p = new AlsParams(10, 0.1, false, 0.0, 60, TOL, 4, 42L, 10, "java");
    AlsModel ours = WeightedAls.fit(spark, split[0], p, null, split[1]);
    MllibAlsReference.Result ref = MllibAlsReference.fit(spark, split[0], p.withMaxIter(ours.history().iterations().size()));
    double a = Metrics.rmse(ours, split[2]);
    double b = Metrics.rmse(ref.model(), split[2]);
    System.out.printf("parity explicit: ours RMSE %.5f (%d sweeps, converged %s), MLlib RMSE %.5f (same sweeps)%n",
        a, ours.history().iterations().size(), ours.history().converged(), b);
    assertTrue(ours.history().converged(), "ours must converge to tol " + TOL + " within 60 sweeps");
    assertTrue(Math.abs(a - b) <= 0.01 * b, "test RMSE ours " + a + " vs MLlib " + b);
    ours.unpersist();
    ref.model().unpersist();
  }

  @Test
  void implicitNdcgWithinTwoPercentOfMllib() {
    Dataset<Row> train = split[0].where("rating > 0");
    Dataset<Row> test = split[2].where("rating > 0");
    AlsParams p = new AlsParams(10, 0.1, true, 1.0, 60, TOL, 4, 42L, 10, "java");
    AlsModel ours = WeightedAls.fit(spark, train, p, null, split[1].where("rating > 0"));
    MllibAlsReference.Result ref = MllibAlsReference.fit(spark, train, p.withMaxIter(ours.history().iterations().size()));
    Metrics.Ranking a = Metrics.ranking(ours, train, test, 10, 4);
    Metrics.Ranking b = Metrics.ranking(ref.model(), train, test, 10, 4);
    System.out.printf("parity implicit: ours NDCG@10 %.5f recall@10 %.5f (%d sweeps, converged %s), "
            + "MLlib NDCG@10 %.5f recall@10 %.5f, %d users%n",
        a.ndcg(), a.recall(), ours.history().iterations().size(), ours.history().converged(), b.ndcg(), b.recall(), a.users());
    assertTrue(ours.history().converged(), "ours must converge to tol " + TOL + " within 60 sweeps");
    assertTrue(a.users() == b.users() && a.users() > 1000, "evaluated users " + a.users() + " vs " + b.users());
    assertTrue(Math.abs(a.ndcg() - b.ndcg()) <= 0.02 * b.ndcg(), "NDCG@10 ours " + a.ndcg() + " vs MLlib " + b.ndcg());
    ours.unpersist();
    ref.model().unpersist();
  }
}
