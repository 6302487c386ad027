package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.linalg.SolverBackends;
import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.PointLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * CG on the driver ({@link DriverSolver}) solves the same systems as CG on Spark: the polish takes the same
 * Newton steps to the same minimiser, and the values equal those of the packed layout, explicit and implicit,
 * and a validation user without a training row is refused in both with the same error. A problem
 * over the size limit, or an implicit one whose factors hold an entity without a training row, stays on Spark.
 */
@SparkTest
class DriverSolverTest {
  private static final int K = 3;
  private final SparkSession spark = SparkTestSession.get();

  /** A loosely trained model of a planted problem, with user 0's training rows removed when asked. */
  private record Case(Fixtures.Problem p, Interactions train, BlockVector loose) {}

  private static Case loose(boolean implicit, long seed, boolean withoutUserZero) {
    PointLoss loss = implicit ? PointLoss.implicit(0.1, 2.0) : PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(20, 12, K, 0.6, implicit, loss, seed);
    Interactions train = withoutUserZero ? withoutUser(p.train(), 0) : p.train();
    BlockVector start = Fixtures.gaussian(p.numUsers(), p.numItems(), K, 0.3, seed + 1);
    AlsResult r = AlsResult.localAls(train, loss, null, new JavaCholeskySolver(), start, 1e-4, 20);
    return new Case(p, train, r.theta());
  }

  private static Interactions withoutUser(Interactions t, int user) {
    int[] keep = IntStream.range(0, t.size()).filter(j -> t.user(j) != user).toArray();
    return new Interactions(t.numUsers(), t.numItems(), IntStream.of(keep).map(t::user).toArray(),
        IntStream.of(keep).map(t::item).toArray(), IntStream.of(keep).mapToDouble(t::rating).toArray(),
        IntStream.of(keep).mapToDouble(t::weight).toArray());
  }

  private ThetaPolish.Result polish(Case c, boolean onDriver, List<String> lines) {
    return new ThetaPolish(spark, c.p().loss(), new ThetaPolish.Settings(50, 1e-9, 500, 10, onDriver), 2, lines::add)
        .polish(Fixtures.trainTable(spark, c.train()), Fixtures.userFactors(spark, c.loose()),
            Fixtures.itemFactors(spark, c.loose()));
  }

  private static BlockVector factors(ThetaPolish.Result r, Fixtures.Problem p) {
    return Fixtures.collect(FactorTables.toVector(r.userFactors(), r.itemFactors(), K, new HashPartitioner(2),
        new HashPartitioner(2)), p.numUsers(), p.numItems());
  }

  private void sameStepsAndValues(boolean implicit, boolean withoutUserZero) {
    Case c = loose(implicit, implicit ? 41 : 31, withoutUserZero);
    List<String> onSpark = new ArrayList<>();
    List<String> onDriver = new ArrayList<>();
    ThetaPolish.Result a = polish(c, false, onSpark);
    ThetaPolish.Result b = polish(c, true, onDriver);
    assertEquals("spark", a.diagnostics().get("polish_cg_layout"));
    assertEquals("driver", b.diagnostics().get("polish_cg_layout"));
    assertEquals(true, b.diagnostics().get("polish_converged"), String.join("\n", onDriver));
    // the same Newton steps, each solved to the same forcing term
    assertEquals(a.diagnostics().get("polish_steps"), b.diagnostics().get("polish_steps"),
        "Spark:\n" + String.join("\n", onSpark) + "\ndriver:\n" + String.join("\n", onDriver));
    assertEquals(a.diagnostics().get("polish_accepted_steps"), b.diagnostics().get("polish_accepted_steps"));
    BlockVector ta = factors(a, c.p());
    BlockVector tb = factors(b, c.p());
    double moved = Fixtures.maxAbsDiff(ta.toArray(), tb.toArray()) / Fixtures.maxAbs(ta.toArray());
    System.out.printf("%s polish: %s steps both ways; the models differ by %.2e (relative)%n",
        implicit ? "implicit" : "explicit", b.diagnostics().get("polish_steps"), moved);
    assertTrue(moved < 1e-11, "the two polished models differ by " + moved + " (relative)");

    InfluenceSettings s = (implicit ? InfluenceSettings.implicit(0.1, 2.0) : InfluenceSettings.explicit(0.1))
        .withCg(1e-10, 500, 10).withPartitions(2);
    Dataset<Row> train = Fixtures.trainTable(spark, c.train());
    Dataset<Row> validation = Fixtures.validationTable(spark, c.p());
    if (withoutUserZero) {
      // user 0 has validation rows but no training row: both layouts refuse its gradient block alike
      String expected = "the user with index 0 has a non-zero entry but no training interaction, so the solve has"
          + " no block for it";
      assertEquals(expected, rootMessage(assertThrows(Exception.class, () -> new InfluenceValuation(spark, s)
          .run(train, validation, a.userFactors(), a.itemFactors(), a.objective()))));
      assertEquals(expected, rootMessage(assertThrows(Exception.class, () -> new InfluenceValuation(spark,
          s.withSolveOnDriver(true)).run(train, validation, b.userFactors(), b.itemFactors(), b.objective()))));
      a.release().run();
      b.release().run();
      return;
    }
    ValuationResult va = new InfluenceValuation(spark, s).run(train, validation, a.userFactors(), a.itemFactors(),
        a.objective());
    ValuationResult vb = new InfluenceValuation(spark, s.withSolveOnDriver(true)).run(train, validation,
        b.userFactors(), b.itemFactors(), b.objective());
    assertEquals("packed", va.diagnostics().get("cg_layout"));
    assertEquals("driver", vb.diagnostics().get("cg_layout"));
    assertEquals(true, vb.diagnostics().get("cg_converged"));
    Map<Long, Double> x = Fixtures.valuesByPair(va.values(), c.p().numItems());
    Map<Long, Double> y = Fixtures.valuesByPair(vb.values(), c.p().numItems());
    assertEquals(x.keySet(), y.keySet());
    assertEquals(c.train().size(), y.size());
    double scale = x.values().stream().mapToDouble(Math::abs).max().orElseThrow();
    double diff = x.keySet().stream().mapToDouble(key -> Math.abs(x.get(key) - y.get(key))).max().orElseThrow();
    System.out.printf("%s: Spark %s CG iterations, driver %s; values differ by %.2e at scale %.2e%n",
        implicit ? "implicit" : "explicit",
        va.diagnostics().get("cg_iterations"), vb.diagnostics().get("cg_iterations"), diff, scale);
    assertTrue(scale > 0 && diff <= 1e-11 * scale, "values differ by " + diff + " at scale " + scale);
    va.release();
    vb.release();
    a.release().run();
    b.release().run();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  @Test
  void explicitPolishAndValuesOnTheDriverEqualThoseOnSpark() {
    sameStepsAndValues(false, false);
  }

  @Test
  void aValidationUserWithoutTrainingRowsIsRefusedAsOnSpark() {
    sameStepsAndValues(false, true);
  }

  @Test
  void implicitPolishAndValuesOnTheDriverEqualThoseOnSpark() {
    sameStepsAndValues(true, false);
  }

  @Test
  void whatDoesNotFitStaysOnSpark() {
    Case c = loose(false, 31, false);
    Fixtures.Blocked blocked = Fixtures.blocked(spark, c.p().loss(), c.train(), c.loose(), 2, 2);
    String backend = SolverBackends.resolve(SolverBackends.AUTO);
    // 3 numbers per row, and k² + 10k per entity (32 entities)
    long needed = 3L * c.train().size() + 32L * (K * K + 10 * K);
    assertTrue(DriverSolver.of(blocked.f(), needed, backend).isPresent());
    assertTrue(DriverSolver.of(blocked.f(), needed - 1, backend).isEmpty());
    DriverSolver d = DriverSolver.of(blocked.f(), needed, backend).orElseThrow();
    assertEquals(c.train().size(), d.rows());
    // the vectors go there and back unchanged
    DistributedBlockVector back = d.distributed(d.local(blocked.theta()), blocked.theta(), "test.back");
    BlockVector there = Fixtures.collect(back, c.p().numUsers(), c.p().numItems());
    assertEquals(0.0, Fixtures.maxAbsDiff(c.loose().toArray(), there.toArray()));
    back.unpersist();
    blocked.release();

    // the rows' collection must also fit spark.driver.maxResultSize, about 32 bytes a row
    assertTrue(DriverSolver.fits(1_000_000, 10, 8, Long.MAX_VALUE, 32_000_000));
    assertTrue(!DriverSolver.fits(1_000_000, 10, 8, Long.MAX_VALUE, 31_999_999));
    assertTrue(!DriverSolver.fits(1L << 31, 10, 8, Long.MAX_VALUE, Long.MAX_VALUE));

    // implicit data: the dense term reaches user 0's factors, which no training row holds
    Case i = loose(true, 41, true);
    Fixtures.Blocked implicit = Fixtures.blocked(spark, i.p().loss(), i.train(), i.loose(), 2, 2);
    assertTrue(DriverSolver.of(implicit.f(), Long.MAX_VALUE, backend).isEmpty());
    implicit.release();
  }
}
