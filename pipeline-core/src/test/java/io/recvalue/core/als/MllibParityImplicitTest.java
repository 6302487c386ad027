package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our implicit ALS against MLlib's on MovieTweetings-small (per-user time split; ratings > 0 as
 * strengths r, α = 1, rank 10, λ = 0.1). Ours runs until the relative change of F falls below 1e-4 (with
 * the implicit validation loss recorded each sweep), MLlib for as many sweeps; the same objective must
 * give the same NDCG@10 within 2 %, over the same evaluated users.
 */
@SparkTest
class MllibParityImplicitTest {
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
