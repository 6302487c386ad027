package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.PointLoss;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Implicit data with seeded validation negatives: the values do not depend on the partition count
 * (1 vs 4) nor on how often the CG lineage is truncated (every 3 or 10 iterations), and a rerun
 * with the same seed gives the same values.
 */
@SparkTest
class DistributedDeterminismTest {
  private static final Fixtures.Problem P =
      Fixtures.planted(12, 9, 2, 0.6, true, PointLoss.implicit(0.1, 2.0), 31);

  private final SparkSession spark = SparkTestSession.get();

  private double[] values(int partitions, int checkpointEvery) {
    InfluenceSettings s = InfluenceSettings.implicit(0.1, 2.0).withCg(1e-6, 500, checkpointEvery)
        .withValidation(ValidationKind.SQUARED, 3, 17).withPartitions(partitions);
    ValuationResult r = new InfluenceValuation(spark, s).run(
        Fixtures.trainTable(spark, P.train()), Fixtures.validationTable(spark, P),
        Fixtures.userFactors(spark, P.theta()), Fixtures.itemFactors(spark, P.theta()));
    double[] v = Fixtures.inTableOrder(r.values(), P.train());
    assertEquals(P.train().size(), v.length);
    assertTrue((int) r.diagnostics().get("cg_iterations") > 3, "too few iterations to checkpoint");
    r.release();
    return v;
  }

  @Test
  void independentOfPartitionsAndReruns() {
    double[] one = values(1, 3);
    double[] four = values(4, 10);
    double[] again = values(1, 10);
    double scale = Fixtures.maxAbs(four);
    System.out.printf("1 vs 4 partitions: %.2e, rerun: %.2e (scale %.3e)%n",
        Fixtures.maxAbsDiff(one, four), Fixtures.maxAbsDiff(one, again), scale);
    for (double[] pair : List.of(new double[] {Fixtures.maxAbsDiff(one, four)},
        new double[] {Fixtures.maxAbsDiff(one, again)})) {
      assertTrue(pair[0] <= 1e-9 * scale, "difference " + pair[0] + " at scale " + scale);
    }
  }
}
