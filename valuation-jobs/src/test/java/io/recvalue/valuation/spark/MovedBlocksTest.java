package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.TrainingObjective;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link DistributedObjective#at}: an objective's blocks moved to other factors of the same entities
 * (a Newton step's candidate in {@link ThetaPolish}) are the blocks {@link BlockedEdges#build} makes
 * from the rows at those factors: the same gradient, Hessian-vector products and diagonal blocks; the
 * change of {@code F} summed over the blocks ({@link DistributedObjective#valueChange}) equals the
 * difference of the local objective at the two points; and moving ships messages, not rows.
 */
@SparkTest
class MovedBlocksTest {
  private static final int K = 3;
  private static final int NU = 20;
  private static final int NI = 12;
  private static final double TOL = 1e-12;

  private final SparkSession spark = SparkTestSession.get();

  @ParameterizedTest(name = "{0}, {1} user blocks, {2} item blocks")
  @CsvSource({"explicit, 1, 1", "explicit, 2, 3", "explicit, 4, 2", "implicit, 1, 1", "implicit, 3, 2"})
  void movedBlocksEqualBlocksBuiltAtTheNewFactors(String kind, int nu, int ni) {
    boolean implicit = kind.equals("implicit");
    PointLoss loss = implicit ? PointLoss.implicit(0.1, 2.0) : PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, implicit, loss, 5);
    Interactions data = p.train();
    BlockVector before = Fixtures.gaussian(NU, NI, K, 0.5, 6);
    BlockVector after = Fixtures.gaussian(NU, NI, K, 0.5, 7);
    Fixtures.Blocked from = Fixtures.blocked(spark, loss, data, before, nu, ni);
    Fixtures.Blocked built = Fixtures.blocked(spark, loss, data, after, nu, ni);
    DistributedBlockVector theta = Fixtures.vector(spark, after, from.up(), from.ip()).persist("test.after");
    theta.materialize();
    DistributedObjective[] moved = new DistributedObjective[1];
    long written = new ShuffleRecords(spark).during(() -> moved[0] = from.f().at(theta));
    String where = kind + ", " + nu + "x" + ni + " blocks";
    assertTrue(written <= 2L * nu * ni, where + ": moving the blocks wrote " + written
        + " shuffle records, at most one message per pair of blocks and side expected (" + data.size() + " rows)");
    assertClose("gradient, " + where, Fixtures.collect(built.f().gradient(), NU, NI).toArray(),
        Fixtures.collect(moved[0].gradient(), NU, NI).toArray());
    DistributedBlockVector v = Fixtures.vector(spark, Fixtures.gaussian(NU, NI, K, 1.0, 23), from.up(), from.ip());
    for (HessianOptions o : new HessianOptions[] {HessianOptions.EXACT, new HessianOptions(true, 0)}) {
      assertClose("hvp " + o + ", " + where, Fixtures.collect(built.f().hvp(v, o), NU, NI).toArray(),
          Fixtures.collect(moved[0].hvp(v, o), NU, NI).toArray());
    }
    assertClose("user diagonal blocks, " + where, selfBlocks(built.f().blocks().userSelfBlocks(), NU),
        selfBlocks(moved[0].blocks().userSelfBlocks(), NU));
    assertClose("item diagonal blocks, " + where, selfBlocks(built.f().blocks().itemSelfBlocks(), NI),
        selfBlocks(moved[0].blocks().itemSelfBlocks(), NI));
    TrainingObjective local = new TrainingObjective(data, loss);
    double expected = local.value(after) - local.value(before);
    double change = from.f().valueChange(moved[0]);
    double scale = Math.abs(local.value(after)) + Math.abs(local.value(before));
    assertTrue(Math.abs(change - expected) <= TOL * scale, where + ": F changed by " + change + ", the local objective by "
        + expected);
    assertEquals(built.f().value() - from.f().value(), change, TOL * scale, where + ": against the rows' F at both points");
    // the moved objective keeps the rows (they carry no factors): its F over them is the local one's at the new point
    assertEquals(local.value(after), moved[0].value(), TOL * scale, where + ": F over the moved objective's rows");
    moved[0].release();
    theta.unpersist();
    from.release();
    built.release();
  }

  /** The {@code k×k} blocks of entities {@code 0..n−1}, one after the other (zero where absent). */
  private static double[] selfBlocks(org.apache.spark.api.java.JavaPairRDD<Integer, double[]> blocks, int n) {
    double[] out = new double[n * K * K];
    blocks.collect().forEach(t -> System.arraycopy(t._2, 0, out, t._1 * K * K, K * K));
    return out;
  }

  private static void assertClose(String what, double[] expected, double[] actual) {
    Fixtures.assertClose(what, expected, actual, TOL);
  }
}
