package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import org.junit.jupiter.api.Test;

/** Equilibrium-propagation values against influence values on converged small problems. */
class EquilibriumPropagationTest {
  private static final int K = 3;

  @Test
  void explicitCentredMatchesInfluence() {
    Planted.Problem p = Planted.explicit(30, 20, K, 0.5, 0.3, 0.2, 41);
    PointLoss loss = PointLoss.explicit(0.1);
    compare(p.train(), loss, new MseObjective(p.valUsers(), p.valItems(), p.valRatings()));
  }

  @Test
  void implicitCentredMatchesInfluence() {
    Planted.Problem p = Planted.implicit(30, 20, K, 0.3, 0.2, 41);
    PointLoss loss = PointLoss.implicit(0.1, 2.0);
    compare(p.train(), loss, SquaredImplicitObjective.withSampledNegatives(p.valUsers(),
        p.valItems(), p.train(), 2, 3));
  }

  private static void compare(Interactions t, PointLoss loss, ValidationObjective v) {
    TrainingObjective f = new TrainingObjective(t, loss);
    BlockVector theta = Planted.converge(t, loss, K, 1e-14, 2).theta();
    double[] influence = Influence.conjugateGradient(f, theta, v, HessianOptions.EXACT,
        new CgOptions(1e-12, 2000), new JavaCholeskySolver()).values();
    EpOptions o = new EpOptions(1e-3, 1e-14, 100_000);
    EpResult centred = EquilibriumPropagation.centred(f, theta, v, o, new JavaCholeskySolver());
    EpResult oneSided = EquilibriumPropagation.oneSided(f, theta, v, o, new JavaCholeskySolver());
    double rhoC = Stats.spearman(centred.values(), influence);
    double rhoO = Stats.spearman(oneSided.values(), influence);
    double errC = Stats.relativeError(centred.values(), influence);
    double errO = Stats.relativeError(oneSided.values(), influence);
    System.out.printf("EP %s beta=%.0e: centred Spearman %.6f rel.err %.2e (sweeps %d/%d); "
        + "one-sided Spearman %.6f rel.err %.2e%n", loss.getClass().getSimpleName(), o.beta(),
        rhoC, errC, centred.plus().sweeps(), centred.minus().sweeps(), rhoO, errO);
    assertTrue(rhoC >= 0.99, "centred Spearman " + rhoC);
    assertTrue(errC < 1e-6, "centred relative error " + errC);
    assertTrue(rhoO >= 0.99, "one-sided Spearman " + rhoO);
    assertTrue(errC < errO, "centred should be closer than one-sided");
  }
}
