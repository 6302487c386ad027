package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.TrainingObjective;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The polish on Spark converges a loosely trained model to the minimiser of the training objective:
 * its gradient, measured by the local objective, falls below the tolerance, and its predictions equal
 * those of ALS run locally to a relative change of 1e-13 from the same start (the factors themselves
 * are defined only up to a rotation); a model already at the minimiser takes no step.
 */
@SparkTest
class ThetaPolishTest {
  private static final int K = 3;
  private final SparkSession spark = SparkTestSession.get();

  private record Case(Fixtures.Problem p, BlockVector loose) {}

  private static Case loose(boolean implicit, long seed) {
    PointLoss loss = implicit ? PointLoss.implicit(0.1, 2.0) : PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(20, 12, K, 0.6, implicit, loss, seed);
    BlockVector start = Fixtures.gaussian(p.numUsers(), p.numItems(), K, 0.3, seed + 1);
    AlsResult r = AlsResult.localAls(p.train(), loss, null, new JavaCholeskySolver(), start, 1e-4, 20);
    return new Case(p, r.theta());
  }

  private ThetaPolish.Result polish(Case c, ThetaPolish.Settings s, List<String> lines) {
    return new ThetaPolish(spark, c.p().loss(), s, 2, lines::add).polish(Fixtures.trainTable(spark, c.p().train()),
        Fixtures.userFactors(spark, c.loose()), Fixtures.itemFactors(spark, c.loose()));
  }

  private static BlockVector collect(ThetaPolish.Result r, Fixtures.Problem p) {
    return Fixtures.collect(FactorTables.toVector(r.userFactors(), r.itemFactors(), K, new HashPartitioner(2),
        new HashPartitioner(2)), p.numUsers(), p.numItems());
  }

  /** Largest |x_u·y_i − x'_u·y'_i| over every user–item pair, over the largest |x_u·y_i|. */
  private static double predictionGap(BlockVector a, BlockVector b) {
    double gap = 0;
    double size = 0;
    for (int u = 0; u < a.numUsers(); u++) {
      for (int i = 0; i < a.numItems(); i++) {
        double sa = 0;
        double sb = 0;
        for (int f = 0; f < K; f++) {
          sa += a.users()[u * K + f] * a.items()[i * K + f];
          sb += b.users()[u * K + f] * b.items()[i * K + f];
        }
        gap = Math.max(gap, Math.abs(sa - sb));
        size = Math.max(size, Math.abs(sb));
      }
    }
    return gap / size;
  }

  private void reachesTheMinimiser(boolean implicit) {
    Case c = loose(implicit, implicit ? 41 : 31);
    TrainingObjective f = new TrainingObjective(c.p().train(), c.p().loss());
    double g0 = f.gradient(c.loose()).norm();
    List<String> lines = new ArrayList<>();
    ThetaPolish.Result r = polish(c, new ThetaPolish.Settings(50, 1e-9, 500, 10), lines);
    BlockVector polished = collect(r, c.p());
    double g = f.gradient(polished).norm();
    double gap = predictionGap(polished, c.p().theta());
    double looseGap = predictionGap(c.loose(), c.p().theta());
    lines.forEach(System.out::println);
    System.out.printf("%s polish: %s; |grad| %.2e -> %.2e, prediction gap to the minimiser %.2e (trained: %.2e)%n",
        implicit ? "implicit" : "explicit", r.diagnostics(), g0, g, gap, looseGap);
    assertEquals(true, r.diagnostics().get("polish_converged"), String.join("\n", lines));
    assertTrue(g <= 1e-8 * g0, "local gradient " + g + " against " + g0 + " at the trained model");
    assertTrue(looseGap > 1e-3, "the trained model is loose: " + looseGap);
    assertTrue(gap < 1e-7, "prediction gap to the minimiser " + gap);
    assertTrue(f.value(polished) < f.value(c.loose()));
    assertEquals(lines.size(), r.diagnostics().get("polish_steps"));
    assertTrue((Double) r.diagnostics().get("polish_relative_move") > 1e-3);
    double points = (Double) r.diagnostics().get("seconds_polish_points");
    double solves = (Double) r.diagnostics().get("seconds_polish_solves");
    assertTrue(points > 0 && solves > 0 && points + solves <= (Double) r.diagnostics().get("seconds_polish"),
        "the polish's parts: " + r.diagnostics());
    r.release().run();
  }

  @Test
  void explicitModelReachesTheMinimiser() {
    reachesTheMinimiser(false);
  }

  @Test
  void implicitModelReachesTheMinimiser() {
    reachesTheMinimiser(true);
  }

  /**
   * The solve after the polish uses the polish's blocks at {@code θ*} (moved there step by step) instead of
   * building them again from the rows, and its values equal those of a valuation that builds them.
   */
  @Test
  void theSolveReusesThePolishedBlocksWithTheSameValues() {
    Case c = loose(false, 31);
    ThetaPolish.Result r = polish(c, new ThetaPolish.Settings(50, 1e-9, 500, 10), new ArrayList<>());
    InfluenceSettings s = InfluenceSettings.explicit(0.1).withCg(1e-10, 500, 10).withPartitions(2);
    var train = Fixtures.trainTable(spark, c.p().train());
    var validation = Fixtures.validationTable(spark, c.p());
    ValuationResult reused = new InfluenceValuation(spark, s).run(train, validation, r.userFactors(), r.itemFactors(),
        r.objective());
    ValuationResult built = new InfluenceValuation(spark, s).run(train, validation, r.userFactors(), r.itemFactors());
    assertEquals(true, reused.diagnostics().get("blocks_reused"));
    assertEquals(false, built.diagnostics().get("blocks_reused"));
    var a = Fixtures.valuesByPair(reused.values(), c.p().numItems());
    var b = Fixtures.valuesByPair(built.values(), c.p().numItems());
    assertEquals(b.keySet(), a.keySet());
    double scale = b.values().stream().mapToDouble(Math::abs).max().orElseThrow();
    double diff = b.keySet().stream().mapToDouble(key -> Math.abs(a.get(key) - b.get(key))).max().orElseThrow();
    assertTrue(scale > 0 && diff <= 1e-8 * scale, "values differ by " + diff + " at scale " + scale);
    reused.release();
    built.release();
    r.release().run();
  }

  @Test
  void aModelAtTheMinimiserTakesNoStep() {
    Fixtures.Problem p = Fixtures.planted(20, 12, K, 0.6, false, PointLoss.explicit(0.1), 31);
    Case c = new Case(p, p.theta());
    ThetaPolish.Result r = polish(c, new ThetaPolish.Settings(50, 1e-9, 500, 10), new ArrayList<>());
    assertEquals(0, r.diagnostics().get("polish_steps"));
    assertEquals(true, r.diagnostics().get("polish_converged"));
    assertEquals(0.0, (Double) r.diagnostics().get("polish_relative_move"), 1e-15);
    r.release().run();
  }

  @Test
  void aModelOneSweepFromARandomStartStillReachesTheMinimiser() {
    // far from θ* the exact Hessian is indefinite: the damping must grow and then stay where steps work
    PointLoss loss = PointLoss.explicit(0.05);
    Fixtures.Problem p = Fixtures.planted(20, 12, K, 0.6, false, loss, 57);
    BlockVector start = Fixtures.gaussian(p.numUsers(), p.numItems(), K, 1.0, 58);
    AlsResult one = AlsResult.localAls(p.train(), loss, null, new JavaCholeskySolver(), start, 1e-12, 1);
    Case c = new Case(p, one.theta());
    List<String> lines = new ArrayList<>();
    ThetaPolish.Result r = polish(c, new ThetaPolish.Settings(60, 1e-9, 500, 10), lines);
    lines.forEach(System.out::println);
    TrainingObjective f = new TrainingObjective(p.train(), loss);
    BlockVector polished = collect(r, p);
    assertEquals(true, r.diagnostics().get("polish_converged"), String.join("\n", lines));
    assertTrue(f.gradient(polished).norm() <= 1e-8 * f.gradient(c.loose()).norm());
    assertTrue(f.value(polished) < f.value(c.loose()));
    r.release().run();
  }

  @Test
  void theDampingFollowsTheGainRatio() {
    assertEquals(1.0 / 3, ThetaPolish.dampingAfterAcceptance(1, 1.0), 1e-15); // the model was right: cut by 3
    assertEquals(1.0 / 3, ThetaPolish.dampingAfterAcceptance(1, 0.95), 1e-15);
    assertEquals(1.0, ThetaPolish.dampingAfterAcceptance(1, 0.5), 1e-15);
    assertEquals(1.125, ThetaPolish.dampingAfterAcceptance(1, 0.25), 1e-15); // 1 − (−0.5)³
    assertEquals(2.0, ThetaPolish.dampingAfterAcceptance(1, 1e-9), 1e-6); // barely any gain: up to twice
    assertEquals(4.0, ThetaPolish.dampingAfterAcceptance(4, -2), 0); // the model predicted no decrease
    assertEquals(4.0, ThetaPolish.dampingAfterAcceptance(4, Double.NaN), 0);
    assertEquals(ThetaPolish.MIN_DAMPING, ThetaPolish.dampingAfterAcceptance(ThetaPolish.MIN_DAMPING, 1), 0);
  }

  @Test
  void theForcingTermLoosensOnlyNearTheTarget() {
    // far from the target: Eisenstat and Walker's min(1e-2, sqrt(|grad| / |grad_0|))
    assertEquals(1e-2, ThetaPolish.forcing(0.5, 1, 1e-3), 0);
    assertEquals(1e-3, ThetaPolish.forcing(1e-6, 1, 1e-9), 1e-18);
    assertEquals(1e-2, ThetaPolish.forcing(0.05, 1, 1e-3), 1e-15); // 50 times the target: still 1e-2
    // nearer: half of the reduction the step must make, 1e-3 / 3.2e-3
    assertEquals(0.5 * 1e-3 / 3.2e-3, ThetaPolish.forcing(3.2e-3, 1, 1e-3), 1e-15);
    assertEquals(0.5 * 1e-9 / 2e-9, ThetaPolish.forcing(2e-9, 1, 1e-9), 1e-15);
  }

  @Test
  void settingsAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ThetaPolish.Settings(5, 0, 10, 10));
    assertEquals("value.polish-tol must be in (0, 1), got 0.0", e.getMessage());
  }
}
