package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.DenseHessian;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.TrainingObjective;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The Hessian-vector product and gradient on the blocked layout ({@link BlockedEdges}) against
 * three oracles: the product over enriched rows ({@link DistributedObjective#hvpOverRows}), the
 * dense Hessian assembled from the analytic per-interaction blocks ({@link DenseHessian#analytic})
 * times the vector, and central differences of the blocked gradient; explicit and implicit, exact
 * and Gauss–Newton, damped and not, with one block and with unequal user and item block counts, for
 * a direction with missing blocks (and, for the exact Hessian, a dense one); the values pass fed
 * by messages against the one that moves the rows. Also checks what one product ships: messages,
 * at most one per pair of blocks and side, never the rows.
 */
@SparkTest
class BlockedHessianTest {
  private static final int K = 3;
  private static final int NU = 16;
  private static final int NI = 11;
  private static final double TOL = 1e-12;
  private static final double H = 1e-5;
  private static final HessianOptions[] OPTIONS = {HessianOptions.EXACT,
      new HessianOptions(true, 0), new HessianOptions(false, 0.3), new HessianOptions(true, 0.3)};

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void explicitMatchesRowsDenseHessianAndDifferences() {
    PointLoss loss = PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, false, loss, 7);
    check(loss, p, 1, 1, false);
    check(loss, p, 4, 3, true);
  }

  @Test
  void implicitMatchesRowsDenseHessianAndDifferences() {
    PointLoss loss = PointLoss.implicit(0.1, 2.0);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, true, loss, 7);
    check(loss, p, 1, 1, false);
    check(loss, p, 3, 5, true);
  }

  /** One blocked product writes at most one shuffle record per pair of blocks and side. */
  @Test
  void productShipsMessagesNotRows() {
    PointLoss loss = PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, false, loss, 7);
    Interactions data = weighted(p.train());
    BlockVector theta = Fixtures.gaussian(NU, NI, K, 0.7, 11);
    int nu = 4;
    int ni = 3;
    Fixtures.Blocked s = Fixtures.blocked(spark, loss, data, theta, nu, ni);
    DistributedBlockVector v = Fixtures.vector(spark, Fixtures.gaussian(NU, NI, K, 1.0, 23), s.up(),
        s.ip());
    v.persist("test.v").materialize();
    ShuffleRecords records = new ShuffleRecords(spark);
    try {
      long blocked = records.during(() -> collect(s.f().hvp(v, HessianOptions.EXACT),
          NU, NI));
      long rows = records.during(() -> collect(
          s.f().hvpOverRows(v, HessianOptions.EXACT), NU, NI));
      System.out.printf("shuffle records of one product: blocked %d, over rows %d (%d rows)%n",
          blocked, rows, data.size());
      assertTrue(blocked > 0 && blocked <= 2L * nu * ni, "blocked product wrote " + blocked
          + " shuffle records, expected at most " + 2 * nu * ni);
      assertTrue(rows >= data.size(), "the row product should move every row, wrote " + rows);
    } finally {
      v.unpersist();
      s.release();
    }
  }

  /** All oracles on {@code nu×ni} blocks; {@code differences}: also central differences. */
  private void check(PointLoss loss, Fixtures.Problem p, int nu, int ni, boolean differences) {
    Interactions data = weighted(p.train());
    BlockVector theta = Fixtures.gaussian(NU, NI, K, 0.7, 11);
    Fixtures.Blocked s = Fixtures.blocked(spark, loss, data, theta, nu, ni);
    TrainingObjective local = new TrainingObjective(data, loss);
    String where = (loss.hasDenseTerm() ? "implicit" : "explicit") + ", " + nu + "x" + ni
        + " blocks";
    assertClose("gradient vs local, " + where, local.gradient(theta).toArray(),
        collect(s.f().gradient(), NU, NI).toArray());
    assertClose("gradient vs rows, " + where,
        collect(s.f().gradientOverRows(), NU, NI).toArray(),
        collect(s.f().gradient(), NU, NI).toArray());
    BlockVector dense = Fixtures.gaussian(NU, NI, K, 1.0, 23);
    BlockVector sparse = Fixtures.withZeroBlocks(Fixtures.gaussian(NU, NI, K, 1.0, 29));
    for (BlockVector v : new BlockVector[] {dense, sparse}) {
      DistributedBlockVector dv = Fixtures.vector(spark, v, s.up(), s.ip());
      if (v == sparse) {
        dv = Fixtures.dropZeroBlocks(dv);
      }
      for (HessianOptions o : v == sparse ? OPTIONS : new HessianOptions[] {OPTIONS[0]}) {
        String what = "hvp " + o + (v == sparse ? " sparse" : " dense") + ", " + where;
        double[] blocked = collect(s.f().hvp(dv, o), NU, NI).toArray();
        assertClose(what + " vs rows",
            collect(s.f().hvpOverRows(dv, o), NU, NI).toArray(), blocked);
        assertClose(what + " vs dense Hessian",
            times(DenseHessian.analytic(data, loss, theta, o), v.toArray()), blocked);
      }
    }
    if (differences) {
      checkDifferences(loss, data, theta, s);
      checkValuesPass(loss, s);
    }
    s.release();
  }

  /** The values pass with {@code s_u} sent as messages equals the pass that moves the rows. */
  private void checkValuesPass(PointLoss loss, Fixtures.Blocked s) {
    DistributedBlockVector dir = Fixtures.dropZeroBlocks(Fixtures.vector(spark,
        Fixtures.withZeroBlocks(Fixtures.gaussian(NU, NI, K, 1.0, 37)), s.up(), s.ip()));
    java.util.Map<java.util.List<Integer>, Double> blocked = byPair(InfluenceValues.rows(s.f(), dir,
        "influence").collect());
    java.util.Map<java.util.List<Integer>, Double> rows = byPair(InfluenceValues.rows(s.edges(), s.theta(),
        loss, dir, "influence", s.up()).collect());
    assertTrue(blocked.size() == s.edges().count() && blocked.keySet().equals(rows.keySet()),
        "the two values passes cover different interactions");
    double scale = 0;
    double diff = 0;
    for (var e : rows.entrySet()) {
      scale = Math.max(scale, Math.abs(e.getValue()));
      diff = Math.max(diff, Math.abs(e.getValue() - blocked.get(e.getKey())));
    }
    assertTrue(scale > 0 && diff <= TOL * scale, "values passes differ by " + diff + " at scale "
        + scale);
  }

  private static java.util.Map<java.util.List<Integer>, Double> byPair(
      java.util.List<org.apache.spark.sql.Row> rows) {
    java.util.Map<java.util.List<Integer>, Double> out = new java.util.HashMap<>();
    for (org.apache.spark.sql.Row r : rows) {
      out.put(java.util.List.of(r.getInt(0), r.getInt(1)), r.getDouble(5));
    }
    return out;
  }

  /** The blocked exact product against central differences of the blocked gradient. */
  private void checkDifferences(PointLoss loss, Interactions data, BlockVector theta,
      Fixtures.Blocked at) {
    BlockVector v = Fixtures.gaussian(NU, NI, K, 1.0, 31);
    int nu = at.up().numPartitions();
    int ni = at.ip().numPartitions();
    Fixtures.Blocked plus = Fixtures.blocked(spark, loss, data, theta.copy().axpy(H, v), nu, ni);
    Fixtures.Blocked minus = Fixtures.blocked(spark, loss, data, theta.copy().axpy(-H, v), nu, ni);
    double[] gp = collect(plus.f().gradient(), NU, NI).toArray();
    double[] gm = collect(minus.f().gradient(), NU, NI).toArray();
    double[] fd = new double[gp.length];
    for (int c = 0; c < fd.length; c++) {
      fd[c] = (gp[c] - gm[c]) / (2 * H);
    }
    double[] hv = collect(at.f().hvp(Fixtures.vector(spark, v, at.up(), at.ip()), HessianOptions.EXACT),
        NU, NI).toArray();
    double err = Fixtures.maxAbsDiff(hv, fd) / Fixtures.maxAbs(hv);
    System.out.printf("%s hvp vs central differences: %.2e%n", loss, err);
    assertTrue(err < 1e-8, "relative HVP error against differences " + err);
    plus.release();
    minus.release();
  }

  private static Interactions weighted(Interactions t) {
    SplittableRandom rnd = new SplittableRandom(5);
    double[] w = new double[t.size()];
    for (int j = 0; j < w.length; j++) {
      w[j] = 0.5 + rnd.nextDouble();
    }
    return t.withWeights(w);
  }

  /** Both sides of a small vector in one job (missing blocks are zero). */
  private static BlockVector collect(DistributedBlockVector d, int nU, int nI) {
    int k = d.k();
    BlockVector out = new BlockVector(nU, nI, k);
    d.users().mapToPair(t -> new scala.Tuple2<>(t._1, t._2))
        .union(d.items().mapToPair(t -> new scala.Tuple2<>(-1 - t._1, t._2))).collect()
        .forEach(t -> {
          if (t._1 >= 0) {
            System.arraycopy(t._2, 0, out.users(), t._1 * k, k);
          } else {
            System.arraycopy(t._2, 0, out.items(), (-1 - t._1) * k, k);
          }
        });
    return out;
  }

  private static double[] times(double[] m, double[] v) {
    int n = v.length;
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      double s = 0;
      for (int c = 0; c < n; c++) {
        s += m[r * n + c] * v[c];
      }
      out[r] = s;
    }
    return out;
  }

  private static void assertClose(String what, double[] expected, double[] actual) {
    Fixtures.assertClose(what, expected, actual, TOL);
  }
}
