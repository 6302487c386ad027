package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.BprObjective;
import io.recvalue.valuation.math.MseObjective;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.SquaredImplicitObjective;
import io.recvalue.valuation.math.ValidationObjective;
import org.apache.spark.HashPartitioner;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The distributed validation gradient against the local objectives, including the seeded
 * negatives (the same sample on any partition count).
 */
class DistributedValidationTest {
  private static final int K = 3;
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void mseMatchesLocal() {
    Fixtures.Problem p = Fixtures.planted(16, 11, K, 0.6, false, PointLoss.explicit(0.1), 7);
    check(p, ValidationKind.MSE, new MseObjective(p.valUsers(), p.valItems(), p.valRatings()), 3);
  }

  @Test
  void squaredWithSeededNegativesMatchesLocalOnAnyPartitioning() {
    Fixtures.Problem p = Fixtures.planted(16, 11, K, 0.5, true, PointLoss.implicit(0.1, 2), 7);
    ValidationObjective local = SquaredImplicitObjective.withSampledNegatives(p.valUsers(),
        p.valItems(), p.train(), 3, 42);
    check(p, ValidationKind.SQUARED, local, 1);
    check(p, ValidationKind.SQUARED, local, 4);
  }

  @Test
  void bprMatchesLocal() {
    Fixtures.Problem p = Fixtures.planted(16, 11, K, 0.5, true, PointLoss.implicit(0.1, 2), 7);
    check(p, ValidationKind.BPR, BprObjective.withSampledNegatives(p.valUsers(), p.valItems(),
        p.train(), 42), 3);
  }

  private void check(Fixtures.Problem p, ValidationKind kind, ValidationObjective local,
      int partitions) {
    HashPartitioner part = new HashPartitioner(partitions);
    DistributedBlockVector theta = Fixtures.distribute(spark, p.theta(), partitions);
    DistributedValidation.Gradient g = DistributedValidation.gradient(kind,
        Fixtures.validationTable(spark, p), Fixtures.trainTable(spark, p.train()), theta,
        kind == ValidationKind.SQUARED ? 3 : 1, 42, p.numItems(), part, part);
    BlockVector expected = local.gradient(p.theta());
    double[] e = expected.toArray();
    double[] a = Fixtures.collect(g.g(), p.numUsers(), p.numItems()).toArray();
    double err = Fixtures.maxAbsDiff(e, a) / Fixtures.maxAbs(e);
    System.out.printf("%s on %d partitions: %d pairs, max relative difference %.2e%n", kind,
        partitions, g.pairs(), err);
    assertEquals(kind == ValidationKind.BPR ? local.pairUsers().length / 2
        : local.pairUsers().length, g.pairs());
    assertTrue(err <= 1e-12, kind + ": relative difference " + err);
  }
}
