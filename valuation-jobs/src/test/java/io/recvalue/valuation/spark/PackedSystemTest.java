package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.linalg.SolverBackends;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.Planted;
import io.recvalue.valuation.math.PointLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The packed layout of a solve ({@link PackedSystem}, {@link PackedBlockVector}) against the
 * entity layout it replaces: the same product {@code (H + δI)v} as
 * {@link DistributedObjective#hvp}, the same preconditioner as {@link DistributedBlockDiagonal},
 * packing and unpacking as inverses, and conjugate gradient on both layouts taking the same
 * iterates to the same solution; explicit and implicit, exact and Gauss–Newton, damped and not,
 * with one block and with unequal user and item block counts. Also what the layout refuses: a
 * non-zero entry for an entity without a training interaction (the exact error), and implicit data
 * whose factors have rows the blocks do not hold. Both layouts' preconditioners give the same result
 * with either k×k solver backend (the Java Cholesky and ND4J).
 */
@SparkTest
class PackedSystemTest {
  private static final int K = 3;
  private static final int NU = 16;
  private static final int NI = 11;
  private static final double TOL = 1e-12;
  private static final int CG_ITERATIONS = 8;
  private static final HessianOptions[] OPTIONS = {HessianOptions.EXACT,
      new HessianOptions(true, 0), new HessianOptions(false, 0.3), new HessianOptions(true, 0.3)};

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void explicitProductAndPreconditionerMatchTheEntityLayout() {
    PointLoss loss = PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, false, loss, 7);
    checkOperators(loss, p.train(), p.theta(), 1, 1);
    checkOperators(loss, p.train(), p.theta(), 4, 3);
  }

  @Test
  void implicitProductAndPreconditionerMatchTheEntityLayout() {
    PointLoss loss = PointLoss.implicit(0.1, 2.0);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, true, loss, 7);
    checkOperators(loss, p.train(), p.theta(), 1, 1);
    checkOperators(loss, p.train(), p.theta(), 3, 5);
  }

  /**
   * The same {@link #CG_ITERATIONS} iterations on both layouts: the same residual log and the same
   * iterate, to rounding (the arithmetic is the same up to the order of sums). That the packed
   * solve reaches {@code H⁻¹g} is checked against a dense direct solve by the influence tests,
   * which run it.
   */
  @Test
  void conjugateGradientTakesTheSameStepsOnBothLayouts() {
    for (boolean implicit : new boolean[] {false, true}) {
      PointLoss loss = implicit ? PointLoss.implicit(0.1, 2.0) : PointLoss.explicit(0.1);
      Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, implicit, loss, 11);
      Fixtures.Blocked s = Fixtures.blocked(spark, loss, p.train(), p.theta(), 4, 3);
      HessianOptions o = new HessianOptions(false, 0.05);
      PackedSystem system = PackedSystem.of(s.f(), o, SolverBackends.JAVA).orElseThrow();
      DistributedBlockDiagonal m = DistributedBlockDiagonal.of(s.f(), o, SolverBackends.JAVA);
      DistributedBlockVector g = Fixtures.vector(spark, Fixtures.gaussian(NU, NI, K, 1.0, 41),
          s.up(), s.ip());
      CgOptions cg = new CgOptions(1e-14, CG_ITERATIONS);
      DistributedCgResult<DistributedBlockVector> entity = new DistributedConjugateGradient<
          DistributedBlockVector>(v -> s.f().hvp(v, o), m::apply, cg, 3).solve(g);
      List<double[]> heard = new ArrayList<>();
      DistributedCgResult<PackedBlockVector> packed = new DistributedConjugateGradient<
          PackedBlockVector>(system::hvp, system::precondition, cg, 3,
          (iteration, residual, seconds) -> heard.add(new double[] {iteration, residual, seconds}))
          .solve(system.pack(g));
      String where = implicit ? "implicit" : "explicit";
      assertEquals(CG_ITERATIONS, entity.iterations(), where + ": entity-layout iterations");
      assertEquals(CG_ITERATIONS, packed.iterations(), where + ": packed iterations");
      double[] a = entity.residualLog();
      double[] b = packed.residualLog();
      assertTrue(a[CG_ITERATIONS] < 0.9, where + ": the solve should be under way, residual "
          + a[CG_ITERATIONS]);
      for (int t = 0; t <= CG_ITERATIONS; t++) {
        assertTrue(Math.abs(a[t] - b[t]) <= 1e-10 * a[t], where + ": residual at iteration " + t
            + " differs: " + a[t] + " vs " + b[t]);
      }
      assertEquals(CG_ITERATIONS, heard.size(), where + ": the listener hears every iteration");
      for (int t = 1; t <= CG_ITERATIONS; t++) {
        double[] h = heard.get(t - 1);
        assertEquals(t, (int) h[0], where + ": iterations in order");
        assertEquals(b[t], h[1], where + ": the residual the log records, iteration " + t);
        assertTrue(h[2] >= 0, where + ": seconds of iteration " + t);
      }
      assertClose(where + " iterate", Fixtures.collect(entity.solution(), NU, NI).toArray(),
          Fixtures.collect(system.unpack(packed.solution()), NU, NI).toArray(), 1e-10);
      assertEquals(entity.trueRelativeResidual(), packed.trueRelativeResidual(),
          1e-10 * entity.trueRelativeResidual(), where + ": true residual");
      system.unpersist();
      m.unpersist();
      s.release();
    }
  }

  /** Factored and applied by ND4J or by the Java Cholesky, the preconditioners agree on both layouts. */
  @Test
  void preconditionerIsTheSameWithEitherSolverBackend() {
    for (boolean implicit : new boolean[] {false, true}) {
      PointLoss loss = implicit ? PointLoss.implicit(0.1, 2.0) : PointLoss.explicit(0.1);
      Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, implicit, loss, 13);
      Fixtures.Blocked s = Fixtures.blocked(spark, loss, p.train(), p.theta(), 4, 3);
      HessianOptions o = new HessianOptions(false, 0.05);
      DistributedBlockVector v = Fixtures.vector(spark, Fixtures.gaussian(NU, NI, K, 1.0, 43), s.up(), s.ip());
      PackedSystem java = PackedSystem.of(s.f(), o, SolverBackends.JAVA).orElseThrow();
      PackedSystem nd4j = PackedSystem.of(s.f(), o, SolverBackends.ND4J).orElseThrow();
      DistributedBlockDiagonal entityNd4j = DistributedBlockDiagonal.of(s.f(), o, SolverBackends.ND4J);
      double[] expected = Fixtures.collect(java.unpack(java.precondition(java.pack(v))), NU, NI).toArray();
      String where = implicit ? "implicit" : "explicit";
      assertClose(where + ", packed, nd4j", expected,
          Fixtures.collect(nd4j.unpack(nd4j.precondition(nd4j.pack(v))), NU, NI).toArray(), 1e-9);
      assertClose(where + ", entity layout, nd4j", expected,
          Fixtures.collect(entityNd4j.apply(v), NU, NI).toArray(), 1e-9);
      java.unpersist();
      nd4j.unpersist();
      entityNd4j.unpersist();
      s.release();
    }
  }

  /** The exact error of a non-zero entry that has no block, and an implicit system left alone. */
  @Test
  void entitiesWithoutInteractionsAreRefusedOrLeftToTheEntityLayout() {
    PointLoss loss = PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, false, loss, 7);
    Interactions withoutUser0 = without(p.train(), 0);
    Fixtures.Blocked s = Fixtures.blocked(spark, loss, withoutUser0, p.theta(), 4, 3);
    PackedSystem system = PackedSystem.of(s.f(), HessianOptions.EXACT, SolverBackends.JAVA).orElseThrow();
    BlockVector onlyUser0 = new BlockVector(NU, NI, K);
    onlyUser0.users()[1] = 2.5;
    SparkException e = assertThrows(SparkException.class, () -> system.pack(
        Fixtures.vector(spark, onlyUser0, s.up(), s.ip())).materialize());
    assertTrue(rootMessage(e).equals("the user with index 0 has a non-zero entry but no training "
        + "interaction, so the solve has no block for it"), rootMessage(e));
    BlockVector zeroOnUser0 = Fixtures.gaussian(NU, NI, K, 1.0, 3);
    for (int a = 0; a < K; a++) {
      zeroOnUser0.users()[a] = 0;
    }
    assertClose("zero entries without a block pack and unpack", zeroOnUser0.toArray(),
        Fixtures.collect(system.unpack(system.pack(Fixtures.vector(spark, zeroOnUser0, s.up(),
            s.ip()))), NU, NI)
            .toArray(), 0);
    system.unpersist();
    s.release();

    PointLoss implicitLoss = PointLoss.implicit(0.1, 2.0);
    Fixtures.Problem q = Fixtures.planted(NU, NI, K, 0.6, true, implicitLoss, 7);
    Fixtures.Blocked si = Fixtures.blocked(spark, implicitLoss, without(q.train(), 0), q.theta(),
        4, 3);
    Optional<PackedSystem> declined = PackedSystem.of(si.f(), HessianOptions.EXACT, SolverBackends.JAVA);
    assertTrue(declined.isEmpty(), "an implicit system with a factor row the blocks do not hold "
        + "must stay in the entity layout");
    si.release();
  }

  private void checkOperators(PointLoss loss, Interactions data, BlockVector theta, int nu,
      int ni) {
    Fixtures.Blocked s = Fixtures.blocked(spark, loss, data, theta, nu, ni);
    String where = (loss.hasDenseTerm() ? "implicit" : "explicit") + ", " + nu + "x" + ni;
    BlockVector dense = Fixtures.gaussian(NU, NI, K, 1.0, 23);
    BlockVector sparse = Fixtures.withZeroBlocks(Fixtures.gaussian(NU, NI, K, 1.0, 29));
    for (HessianOptions o : OPTIONS) {
      PackedSystem system = PackedSystem.of(s.f(), o, SolverBackends.JAVA).orElseThrow();
      DistributedBlockDiagonal m = DistributedBlockDiagonal.of(s.f(), o, SolverBackends.JAVA);
      for (BlockVector v : new BlockVector[] {dense, sparse}) {
        DistributedBlockVector dv = Fixtures.vector(spark, v, s.up(), s.ip());
        if (v == sparse) {
          dv = Fixtures.dropZeroBlocks(dv);
        }
        String what = o + (v == sparse ? " sparse" : " dense") + ", " + where;
        PackedBlockVector pv = system.pack(dv);
        assertClose("pack then unpack, " + what, v.toArray(),
            Fixtures.collect(system.unpack(pv), NU, NI).toArray(), 0);
        assertClose("hvp, " + what, Fixtures.collect(s.f().hvp(dv, o), NU, NI).toArray(),
            Fixtures.collect(system.unpack(system.hvp(pv)), NU, NI).toArray(), TOL);
        assertClose("preconditioner, " + what, Fixtures.collect(m.apply(dv), NU, NI).toArray(),
            Fixtures.collect(system.unpack(system.precondition(pv)), NU, NI).toArray(), TOL);
        assertEquals(dv.dot(dv), pv.dot(pv), TOL * dv.dot(dv), "dot, " + what);
      }
      system.unpersist();
      m.unpersist();
    }
    s.release();
  }

  private static Interactions without(Interactions t, int user) {
    int[] keep = IntStream.range(0, t.size()).filter(j -> t.user(j) != user).toArray();
    int[] users = Planted.users(t);
    int[] items = Planted.items(t);
    double[] ratings = Planted.ratings(t);
    return Interactions.of(t.numUsers(), t.numItems(),
        IntStream.of(keep).map(j -> users[j]).toArray(),
        IntStream.of(keep).map(j -> items[j]).toArray(),
        IntStream.of(keep).mapToDouble(j -> ratings[j]).toArray());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static void assertClose(String what, double[] expected, double[] actual, double tol) {
    double err = Fixtures.maxAbsDiff(expected, actual) / Math.max(Fixtures.maxAbs(expected),
        Double.MIN_NORMAL);
    assertTrue(err <= tol, what + ": relative difference " + err);
  }
}
