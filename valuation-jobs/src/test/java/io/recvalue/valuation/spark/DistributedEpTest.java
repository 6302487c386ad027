package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.PackedFactors;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.als.TwinCopies;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.DenseExtrapolation;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Influence;
import io.recvalue.valuation.math.MseObjective;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.QuadraticPairs;
import io.recvalue.valuation.math.SquaredImplicitObjective;
import io.recvalue.valuation.math.Stats;
import io.recvalue.valuation.math.TrainingObjective;
import io.recvalue.valuation.math.ValidationObjective;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Equilibrium propagation on Spark: each nudged phase is the same computation as the local nudged
 * ALS ({@link AlsResult#localAls} with the validation pairs scaled by ±β, the same number of sweeps), so the
 * values agree to rounding; with enough sweeps at a converged {@code θ*} they agree with the
 * influence values; they do not depend on the number of blocks; a non-quadratic objective is refused.
 */
@SparkTest
class DistributedEpTest {
  private static final int K = 3;
  private static final double LAMBDA = 0.1;
  private static final Fixtures.Problem EXPLICIT =
      Fixtures.planted(20, 12, K, 0.6, false, PointLoss.explicit(LAMBDA), 31);
  private static final Fixtures.Problem IMPLICIT =
      Fixtures.planted(16, 11, K, 0.5, true, PointLoss.implicit(0.1, 2.0), 31);

  private final SparkSession spark = SparkTestSession.get();

  private ValuationResult run(Fixtures.Problem p, InfluenceSettings s, EpSettings ep) {
    return new EpValuation(spark, s, ep).run(Fixtures.trainTable(spark, p.train()),
        Fixtures.validationTable(spark, p), Fixtures.userFactors(spark, p.theta()),
        Fixtures.itemFactors(spark, p.theta()));
  }

  private static EpSettings ep(double beta, int sweeps, boolean centred, int blocks, boolean implicit) {
    return ep(beta, sweeps, centred, blocks, implicit, 0);
  }

  private static EpSettings ep(double beta, int sweeps, boolean centred, int blocks, boolean implicit, int rreTerms) {
    return ep(beta, sweeps, centred, blocks, implicit, rreTerms, 1.0);
  }

  private static EpSettings ep(double beta, int sweeps, boolean centred, int blocks, boolean implicit, int rreTerms,
      double rreMaxResidual) {
    return ep(beta, sweeps, centred, blocks, implicit, rreTerms, rreMaxResidual, 0);
  }

  private static EpSettings ep(double beta, int sweeps, boolean centred, int blocks, boolean implicit, int rreTerms,
      double rreMaxResidual, int fallbackSweeps) {
    AlsParams als = (implicit ? AlsParams.implicit(K, 0.1, 2.0) : AlsParams.explicit(K, LAMBDA))
        .withNumBlocks(blocks).withCheckpointInterval(5);
    return new EpSettings(beta, sweeps, centred, rreTerms, rreMaxResidual, fallbackSweeps, als);
  }

  /**
   * The local EP values at the phases' limits extrapolated from their iterates {@code sweeps − terms … sweeps}
   * ({@link DenseExtrapolation} on the difference of the phases, or on the plus phase alone).
   */
  private static double[] localExtrapolatedEp(Fixtures.Problem p, QuadraticPairs q, double beta, int sweeps, int terms,
      boolean centred) {
    TrainingObjective f = new TrainingObjective(p.train(), p.loss());
    List<double[]> plus = new ArrayList<>();
    List<double[]> minus = new ArrayList<>();
    for (int s = sweeps - terms; s <= sweeps; s++) {
      plus.add(AlsResult.localAls(p.train(), p.loss(), q.scaled(beta), new JavaCholeskySolver(), p.theta(), 0, s)
          .theta().toArray());
      minus.add(centred
          ? AlsResult.localAls(p.train(), p.loss(), q.scaled(-beta), new JavaCholeskySolver(), p.theta(), 0, s)
              .theta().toArray()
          : new double[plus.get(0).length]);
    }
    double[] gamma = DenseExtrapolation.weights(plus, minus);
    double[] a = DenseExtrapolation.combine(plus, gamma);
    double[] b = DenseExtrapolation.combine(minus, gamma);
    int nu = p.theta().numUsers();
    int ni = p.theta().numItems();
    double[] lp = f.interactionLosses(BlockVector.fromArray(a, nu, ni, K));
    double[] lo = f.interactionLosses(centred ? BlockVector.fromArray(b, nu, ni, K) : p.theta());
    double span = centred ? 2 * beta : beta;
    double[] v = new double[lp.length];
    for (int j = 0; j < v.length; j++) {
      v[j] = -(lp[j] - lo[j]) / span;
    }
    return v;
  }

  /** The local centred (or one-sided) EP values with exactly {@code sweeps} sweeps per phase. */
  private static double[] localEp(Fixtures.Problem p, QuadraticPairs q, double beta, int sweeps, boolean centred) {
    TrainingObjective f = new TrainingObjective(p.train(), p.loss());
    BlockVector plus = AlsResult.localAls(p.train(), p.loss(), q.scaled(beta), new JavaCholeskySolver(), p.theta(), 0, sweeps).theta();
    BlockVector other = centred
        ? AlsResult.localAls(p.train(), p.loss(), q.scaled(-beta), new JavaCholeskySolver(), p.theta(), 0, sweeps).theta()
        : p.theta();
    double[] lp = f.interactionLosses(plus);
    double[] lo = f.interactionLosses(other);
    double span = centred ? 2 * beta : beta;
    double[] v = new double[lp.length];
    for (int j = 0; j < v.length; j++) {
      v[j] = -(lp[j] - lo[j]) / span;
    }
    return v;
  }

  private static QuadraticPairs mse(Fixtures.Problem p) {
    return new MseObjective(p.valUsers(), p.valItems(), p.valRatings()).quadratic().orElseThrow();
  }

  @Test
  void explicitPhasesEqualTheLocalNudgedAls() {
    for (boolean centred : new boolean[] {true, false}) {
      ValuationResult r = run(EXPLICIT, InfluenceSettings.explicit(LAMBDA)
          .withPartitions(2), ep(0.5, 7, centred, 2, false));
      try {
        double[] d = Fixtures.inTableOrder(r.values(), EXPLICIT.train());
        double[] l = localEp(EXPLICIT, mse(EXPLICIT), 0.5, 7, centred);
        double rel = Fixtures.maxAbsDiff(d, l) / Fixtures.maxAbs(l);
        System.out.printf("explicit ep (centred=%s) vs local: max rel diff %.2e%n", centred, rel);
        assertTrue(rel < 1e-9, "max relative difference " + rel);
        assertEquals(EXPLICIT.train().size(), r.values().count());
        assertEquals("ep", r.values().select("method").distinct().head().getString(0));
        assertEquals(centred ? "centred" : "one_sided", r.diagnostics().get("ep_mode"));
        // centred explicit phases run as one fit of two copies of the problem; one-sided, the plus phase alone
        assertEquals(centred ? "one fit of both" : "separate fits", r.diagnostics().get("ep_phases"));
        assertEquals(7, ((List<?>) r.diagnostics().get(centred ? "ep_phases_relative_change_log"
            : "ep_plus_relative_change_log")).size());
        assertEquals(!centred, r.diagnostics().containsKey("seconds_phase_plus"));
        assertEquals((long) EXPLICIT.valUsers().length, r.diagnostics().get("nudge_pairs"));
      } finally {
        r.release();
      }
    }
  }

  @Test
  void validationPairsWithoutFactorsCountInTheMeanButDoNotNudge() {
    Fixtures.Problem p = EXPLICIT;
    int n = p.valUsers().length;
    int nu = p.theta().numUsers();
    int ni = p.theta().numItems();
    // a user and an item the model has no factors for (no training interactions)
    Dataset<Row> validation = Fixtures.validationTable(spark, p).union(spark.createDataFrame(List.of(
        RowFactory.create(nu + 5, 0, 3.0), RowFactory.create(0, ni + 2, 2.0)),
        Fixtures.validationTable(spark, p).schema()));
    ValuationResult r = new EpValuation(spark, InfluenceSettings.explicit(LAMBDA).withPartitions(2),
        ep(0.5, 7, true, 3, false)).run(Fixtures.trainTable(spark, p.train()), validation,
        Fixtures.userFactors(spark, p.theta()), Fixtures.itemFactors(spark, p.theta()));
    try {
      assertEquals((long) n + 2, r.diagnostics().get("validation_pairs"));
      assertEquals((long) n, r.diagnostics().get("nudge_pairs"));
      // the nudge is β/(n + 2) per pair: the local phases with β·n/(n + 2) over n pairs, the span still 2β
      double scale = (double) n / (n + 2);
      double[] l = localEp(p, mse(p), 0.5 * scale, 7, true);
      for (int j = 0; j < l.length; j++) {
        l[j] *= scale;
      }
      double[] d = Fixtures.inTableOrder(r.values(), p.train());
      double rel = Fixtures.maxAbsDiff(d, l) / Fixtures.maxAbs(l);
      System.out.printf("validation pairs without factors filtered: max rel diff %.2e%n", rel);
      assertTrue(rel < 1e-9, "max relative difference " + rel);
    } finally {
      r.release();
    }
  }

  @Test
  void implicitPhasesAndTheirExtrapolationEqualTheLocalNudgedAlsWithTheSameNegatives() {
    InfluenceSettings s = InfluenceSettings.implicit(0.1, 2.0)
        .withValidation(ValidationKind.SQUARED, 2, 9).withPartitions(2);
    ValuationResult r = run(IMPLICIT, s, ep(0.5, 6, true, 2, true));
    try {
      ValidationObjective v = SquaredImplicitObjective.withSampledNegatives(IMPLICIT.valUsers(),
          IMPLICIT.valItems(), IMPLICIT.train(), 2, 9);
      double[] d = Fixtures.inTableOrder(r.values(), IMPLICIT.train());
      double[] l = localEp(IMPLICIT, v.quadratic().orElseThrow(), 0.5, 6, true);
      double rel = Fixtures.maxAbsDiff(d, l) / Fixtures.maxAbs(l);
      System.out.printf("implicit ep vs local: max rel diff %.2e%n", rel);
      assertTrue(rel < 1e-9, "max relative difference " + rel);
      // the implicit objective's all-pairs term couples everything, so the phases cannot share one fit
      assertEquals("separate fits", r.diagnostics().get("ep_phases"));
    } finally {
      r.release();
    }
    ValuationResult x = run(IMPLICIT, s, ep(0.5, 6, true, 2, true, 3));
    try {
      ValidationObjective v = SquaredImplicitObjective.withSampledNegatives(IMPLICIT.valUsers(),
          IMPLICIT.valItems(), IMPLICIT.train(), 2, 9);
      double[] d = Fixtures.inTableOrder(x.values(), IMPLICIT.train());
      double[] l = localExtrapolatedEp(IMPLICIT, v.quadratic().orElseThrow(), 0.5, 6, 3, true);
      double rel = Fixtures.maxAbsDiff(d, l) / Fixtures.maxAbs(l);
      System.out.printf("implicit extrapolated ep vs local: max rel diff %.2e%n", rel);
      assertTrue(rel < 1e-9, "max relative difference " + rel);
    } finally {
      x.release();
    }
  }

  @Test
  void extrapolatedPhasesEqualTheLocalExtrapolation() {
    for (boolean centred : new boolean[] {true, false}) {
      ValuationResult r = run(EXPLICIT, InfluenceSettings.explicit(LAMBDA).withPartitions(2),
          ep(0.5, 6, centred, 2, false, 3));
      try {
        double[] d = Fixtures.inTableOrder(r.values(), EXPLICIT.train());
        double[] l = localExtrapolatedEp(EXPLICIT, mse(EXPLICIT), 0.5, 6, 3, centred);
        double[] plain = localEp(EXPLICIT, mse(EXPLICIT), 0.5, 6, centred);
        double rel = Fixtures.maxAbsDiff(d, l) / Fixtures.maxAbs(l);
        double moved = Fixtures.maxAbsDiff(plain, l) / Fixtures.maxAbs(l);
        System.out.printf("extrapolated ep (centred=%s) vs local: max rel diff %.2e (the extrapolation moved the values"
            + " by %.2e)%n", centred, rel, moved);
        assertTrue(rel < 1e-9, "max relative difference " + rel);
        assertTrue(moved > 1e-4, "the extrapolation changed nothing: " + moved);
        assertEquals(3, ((List<?>) r.diagnostics().get("ep_rre_coefficients")).size());
        assertEquals(true, r.diagnostics().get("ep_rre_used"));
        assertEquals(6, ((List<?>) r.diagnostics().get(centred ? "ep_phases_relative_change_log"
            : "ep_plus_relative_change_log")).size());
      } finally {
        r.release();
      }
    }
  }

  @Test
  void extrapolationBringsFewSweepsCloserToInfluence() {
    double[] influence = Influence.conjugateGradient(new TrainingObjective(EXPLICIT.train(), EXPLICIT.loss()),
        EXPLICIT.theta(), new MseObjective(EXPLICIT.valUsers(), EXPLICIT.valItems(), EXPLICIT.valRatings()),
        HessianOptions.EXACT, new CgOptions(1e-12, 500), new JavaCholeskySolver()).values();
    InfluenceSettings s = InfluenceSettings.explicit(LAMBDA).withPartitions(2);
    ValuationResult plain = run(EXPLICIT, s, ep(1e-3, 8, true, 2, false, 0));
    ValuationResult extrapolated = run(EXPLICIT, s, ep(1e-3, 8, true, 2, false, 4));
    try {
      double ep = Stats.relativeError(Fixtures.inTableOrder(plain.values(), EXPLICIT.train()), influence);
      double rre = Stats.relativeError(Fixtures.inTableOrder(extrapolated.values(), EXPLICIT.train()), influence);
      System.out.printf("8 sweeps per phase against influence: relative error %.2e plain, %.2e extrapolated (4 terms)%n",
          ep, rre);
      assertTrue(rre < ep / 3, "extrapolated " + rre + " against plain " + ep);
    } finally {
      plain.release();
      extrapolated.release();
    }
  }

  @Test
  void anExtrapolationThatLeavesTooMuchOfTheLastStepIsNotUsedAndThePhasesContinue() {
    ValuationResult r = run(EXPLICIT, InfluenceSettings.explicit(LAMBDA).withPartitions(2),
        ep(0.5, 6, true, 2, false, 3, 0.0));
    try {
      double[] d = Fixtures.inTableOrder(r.values(), EXPLICIT.train());
      double[] plain = localEp(EXPLICIT, mse(EXPLICIT), 0.5, 6, true);
      double rel = Fixtures.maxAbsDiff(d, plain) / Fixtures.maxAbs(plain);
      double residual = (Double) r.diagnostics().get("ep_rre_residual_ratio");
      System.out.printf("residual ratio %.3e above 0: the last iterates, max rel diff %.2e%n", residual, rel);
      assertTrue(residual > 0, "residual " + residual);
      assertEquals(false, r.diagnostics().get("ep_rre_used"));
      assertTrue(rel < 1e-9, "max relative difference to the plain 6-sweep values " + rel);
    } finally {
      r.release();
    }
    ValuationResult c = run(EXPLICIT, InfluenceSettings.explicit(LAMBDA).withPartitions(2),
        ep(0.5, 6, true, 2, false, 3, 0.0, 11));
    try {
      double[] d = Fixtures.inTableOrder(c.values(), EXPLICIT.train());
      double[] plain = localEp(EXPLICIT, mse(EXPLICIT), 0.5, 11, true);
      double rel = Fixtures.maxAbsDiff(d, plain) / Fixtures.maxAbs(plain);
      System.out.printf("not extrapolated, continued to 11 sweeps: max rel diff %.2e to the plain 11-sweep values%n", rel);
      assertEquals(false, c.diagnostics().get("ep_rre_used"));
      assertEquals(11, c.diagnostics().get("ep_sweeps_run"));
      assertEquals(11, ((List<?>) c.diagnostics().get("ep_phases_relative_change_log")).size());
      assertTrue(c.diagnostics().containsKey("seconds_phases_continued"));
      assertTrue(rel < 1e-9, "max relative difference to the plain 11-sweep values " + rel);
    } finally {
      c.release();
    }
  }

  @Test
  void aValuesPassRefusesAPointHoldingBothCopiesOfATwinnedFit() {
    PackedFactors theta = PackedFactors.of(new AlsModel(K, Fixtures.userFactors(spark, EXPLICIT.theta()),
        Fixtures.itemFactors(spark, EXPLICIT.theta()), TrainingHistory.empty(), "given"), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PointLookup.of(theta, TwinCopies.pair(theta, theta)));
    assertEquals("a point of a pass holds both copies of a twinned fit; take one copy first", e.getMessage());
    assertEquals(2, PointLookup.of(theta, TwinCopies.copy(TwinCopies.pair(theta, theta), 1)).count(), "one copy is read");
  }

  @Test
  void moreTermsThanSweepsIsRefusedWithTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ep(0.1, 3, true, 2, false, 4));
    assertEquals("invalid value.ep-rre-terms: 4 (must be in [0, value.ep-sweeps = 3]: the extrapolation combines"
        + " the phases' last iterates)", e.getMessage());
  }

  @Test
  void convergedEpAgreesWithInfluence() {
    double[] influence = Influence.conjugateGradient(new TrainingObjective(EXPLICIT.train(), EXPLICIT.loss()),
        EXPLICIT.theta(), new MseObjective(EXPLICIT.valUsers(), EXPLICIT.valItems(), EXPLICIT.valRatings()),
        HessianOptions.EXACT, new CgOptions(1e-12, 500), new JavaCholeskySolver()).values();
    ValuationResult r = run(EXPLICIT, InfluenceSettings.explicit(LAMBDA)
        .withPartitions(2), ep(1e-3, 60, true, 2, false));
    try {
      double[] d = Fixtures.inTableOrder(r.values(), EXPLICIT.train());
      double spearman = Stats.spearman(d, influence);
      double rel = Stats.relativeError(d, influence);
      System.out.printf("ep (60 sweeps, beta 1e-3) vs influence: spearman %.6f, relative error %.2e%n",
          spearman, rel);
      assertTrue(spearman >= 0.99, "spearman " + spearman);
      assertTrue(rel < 1e-2, "relative error " + rel);
    } finally {
      r.release();
    }
  }

  @Test
  void valuesDoNotDependOnTheNumberOfBlocks() {
    InfluenceSettings s = InfluenceSettings.explicit(LAMBDA);
    ValuationResult one = run(EXPLICIT, s.withPartitions(1), ep(0.5, 5, true, 1, false));
    ValuationResult three = run(EXPLICIT, s.withPartitions(3), ep(0.5, 5, true, 3, false));
    try {
      double[] a = Fixtures.inTableOrder(one.values(), EXPLICIT.train());
      double[] b = Fixtures.inTableOrder(three.values(), EXPLICIT.train());
      double rel = Fixtures.maxAbsDiff(a, b) / Fixtures.maxAbs(a);
      assertTrue(rel < 1e-12, "1 vs 3 blocks: max relative difference " + rel);
    } finally {
      one.release();
      three.release();
    }
  }

  @Test
  void bprIsRefusedWithTheReason() {
    InfluenceSettings s = InfluenceSettings.implicit(0.1, 2.0)
        .withValidation(ValidationKind.BPR, 1, 9).withPartitions(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(IMPLICIT, s, ep(0.5, 3, true, 2, true)));
    assertEquals("validation objective bpr is not a quadratic function of the scores (use mse or squared)",
        e.getMessage());
  }
}
