package io.recvalue.valuation.spark;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.linalg.SolverBackends;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockDiagonal;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.TrainingObjective;
import java.util.SplittableRandom;
import org.apache.spark.HashPartitioner;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The distributed value, gradient, the gradient's mass (explicit), Hessian-vector product, block-diagonal solve and leverage table against the
 * local {@link TrainingObjective} and {@link BlockDiagonal} on the same problem, with unequal weights
 * and a direction that has missing (zero) blocks.
 */
@SparkTest
class DistributedObjectiveTest {
  private static final int K = 3;
  private static final int NU = 16;
  private static final int NI = 11;
  private static final double TOL = 1e-10;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void explicitMatchesLocal() {
    check(PointLoss.explicit(0.1), false);
  }

  @Test
  void implicitMatchesLocal() {
    check(PointLoss.implicit(0.1, 2.0), true);
  }

  private void check(PointLoss loss, boolean implicit) {
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, implicit, loss, 7);
    Interactions data = p.train().withWeights(weights(p.train().size()));
    BlockVector theta = Fixtures.gaussian(NU, NI, K, 0.7, 11);
    TrainingObjective local = new TrainingObjective(data, loss);
    HashPartitioner part = new HashPartitioner(3);
    DistributedBlockVector dTheta = Fixtures.distribute(spark, theta, 3);
    TrainingEdges edges = TrainingEdges.build(Fixtures.trainTable(spark, data), part, "test.edges");
    DistributedObjective f = DistributedObjective.of(loss, edges, dTheta, part, part);

    assertClose("gradient", local.gradient(theta), f.gradient());
    double value = local.value(theta);
    assertEquals(value, f.value(), TOL * Math.abs(value), "value");
    double[] valueAndMass = f.valueAndGradientMass();
    assertEquals(value, valueAndMass[0], TOL * Math.abs(value), "value beside the gradient's mass");
    if (!implicit) { // Σ_j ‖w_j ∇ℓ_j‖: each term the gradient of the objective of row j alone
      double mass = 0;
      for (int j = 0; j < data.size(); j++) {
        double[] only = new double[data.size()];
        only[j] = data.weight(j);
        mass += new TrainingObjective(data.withWeights(only), loss).gradient(theta).norm();
      }
      assertEquals(mass, valueAndMass[1], TOL * mass, "the gradient's mass");
    }
    BlockVector v = Fixtures.withZeroBlocks(Fixtures.gaussian(NU, NI, K, 1.0, 23));
    DistributedBlockVector dv = Fixtures.dropZeroBlocks(Fixtures.distribute(spark, v, 3));
    for (HessianOptions o : new HessianOptions[] {HessianOptions.EXACT,
        new HessianOptions(true, 0), new HessianOptions(false, 0.3),
        new HessianOptions(true, 0.3)}) {
      assertClose("hvp " + o, local.hvp(theta, v, o), f.hvp(dv, o));
      BlockVector m = BlockDiagonal.of(data, loss, theta, o).solve(v, new JavaCholeskySolver());
      DistributedBlockDiagonal dm = DistributedBlockDiagonal.of(f, o, SolverBackends.JAVA);
      assertClose("block-diagonal solve " + o, m, dm.apply(dv));
      dm.unpersist();
    }
    double[] h = BlockDiagonal.of(data, loss, theta, HessianOptions.EXACT).leverage(data, loss, theta,
        new JavaCholeskySolver());
    java.util.Map<Long, org.apache.spark.sql.Row> byPair = new java.util.HashMap<>();
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table = DistributedLeverage.table(spark, f);
    assertEquals(io.recvalue.valuation.output.ValueSchemas.LEVERAGE, table.schema(), "the table's schema");
    for (org.apache.spark.sql.Row r : table.collectAsList()) {
      byPair.put(io.recvalue.valuation.pg.EpisodeMasks.pairKey(r.getInt(0), r.getInt(1)), r);
    }
    assertEquals(data.size(), byPair.size(), "one leverage row per interaction");
    for (int j = 0; j < data.size(); j++) {
      org.apache.spark.sql.Row r = byPair.get(io.recvalue.valuation.pg.EpisodeMasks.pairKey(data.user(j), data.item(j)));
      assertEquals(h[2 * j], r.getDouble(2), TOL, "user-side leverage of interaction " + j);
      assertEquals(h[2 * j + 1], r.getDouble(3), TOL, "item-side leverage of interaction " + j);
      assertEquals(Math.max(h[2 * j], h[2 * j + 1]), r.getDouble(4), TOL);
      assertEquals(r.getDouble(4) <= BlockDiagonal.UNRELIABLE_LEVERAGE, r.getBoolean(5));
    }
    edges.unpersist();
  }

  /**
   * The rows carry no factors, so a row whose user has no factor row in the model would meet zeros; the
   * build fails naming the user instead, and the cached rows lose nothing.
   */
  @Test
  void aTrainingUserWithoutAFactorRowFailsTheBuildNamingIt() {
    PointLoss loss = PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, false, loss, 7);
    HashPartitioner part = new HashPartitioner(3);
    DistributedBlockVector theta = Fixtures.distribute(spark, Fixtures.gaussian(NU, NI, K, 0.7, 11), 3);
    int missing = p.train().user(0);
    DistributedBlockVector without = new DistributedBlockVector(K, theta.users().filter(t -> t._1 != missing),
        theta.items());
    TrainingEdges edges = TrainingEdges.build(Fixtures.trainTable(spark, p.train()), part, "test.edges");
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> DistributedObjective.of(loss, edges, without, part, part));
    String expected = "the user with index " + missing + " has training interactions but no factor row in the model";
    assertTrue(String.valueOf(e.getMessage()).contains(expected), e.getMessage());
    assertEquals(p.train().size(), edges.count(), "the cached rows keep every interaction");
    edges.unpersist();
  }

  private void assertClose(String what, BlockVector expected, DistributedBlockVector actual) {
    double[] e = expected.toArray();
    double[] a = Fixtures.collect(actual, NU, NI).toArray();
    double err = Fixtures.maxAbsDiff(e, a) / Fixtures.maxAbs(e);
    System.out.printf("%s: max relative difference %.2e%n", what, err);
    assertTrue(err <= TOL, what + ": relative difference " + err);
  }


  private static double[] weights(int n) {
    SplittableRandom rnd = new SplittableRandom(5);
    double[] w = new double[n];
    for (int j = 0; j < n; j++) {
      w[j] = 0.5 + rnd.nextDouble();
    }
    return w;
  }
}
