package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import org.junit.jupiter.api.Test;

/** CG influence against the dense pseudo-inverse oracle, and the sum invariant of the values. */
class InfluenceConjugateGradientTest {
  private static final int K = 3;
  private static final int NU = 14;
  private static final int NI = 10;

  /** A converged problem: objective, θ*, validation objective. */
  record Setup(TrainingObjective f, BlockVector theta, ValidationObjective v) {}

  static Setup setup(boolean implicit) {
    if (implicit) {
      Planted.Problem p = Planted.implicit(NU, NI, K, 0.5, 0.25, 31);
      PointLoss loss = PointLoss.implicit(0.1, 2.0);
      BlockVector theta = Planted.converge(p.train(), loss, K, 1e-13, 5).theta();
      return new Setup(new TrainingObjective(p.train(), loss), theta,
          SquaredImplicitObjective.withSampledNegatives(p.valUsers(), p.valItems(), p.train(), 2,
              9));
    }
    Planted.Problem p = Planted.explicit(NU, NI, K, 0.7, 0.3, 0.25, 31);
    PointLoss loss = PointLoss.explicit(0.1);
    BlockVector theta = Planted.converge(p.train(), loss, K, 1e-13, 5).theta();
    return new Setup(new TrainingObjective(p.train(), loss), theta,
        new MseObjective(p.valUsers(), p.valItems(), p.valRatings()));
  }

  @Test
  void explicitCgMatchesPseudoInverse() {
    checkAgainstDense(setup(false), HessianOptions.EXACT, 1e-12);
    checkAgainstDense(setup(false), new HessianOptions(true, 0), 1e-12);
    checkAgainstDense(setup(false), new HessianOptions(false, 0.05), 0);
  }

  @Test
  void implicitCgMatchesPseudoInverse() {
    checkAgainstDense(setup(true), HessianOptions.EXACT, 1e-12);
    checkAgainstDense(setup(true), new HessianOptions(true, 0.05), 0);
  }

  private static void checkAgainstDense(Setup s, HessianOptions o, double rcond) {
    InfluenceResult cg = Influence.conjugateGradient(s.f(), s.theta(), s.v(), o,
        new CgOptions(1e-10, 1000), new JavaCholeskySolver());
    CgResult d = cg.cg();
    assertTrue(d.converged() && !d.negativeCurvature(), o + " did not converge");
    assertEquals(d.iterations() + 1, d.residualLog().length);
    assertTrue(d.residualLog()[d.iterations()] <= 1e-10);
    assertTrue(d.trueRelativeResidual() < 1e-8, "true residual " + d.trueRelativeResidual());

    int n = s.theta().dimension();
    double[] h = DenseHessian.analytic(s.f().data(), s.f().loss(), s.theta(), o);
    SymmetricEigen eig = SymmetricEigen.decompose(h, n);
    double[] dense = eig.pseudoInverseSolve(s.v().gradient(s.theta()).toArray(), rcond);
    double[] cgRange = eig.projectOntoRange(cg.direction().toArray(), rcond);
    double cosine = Stats.cosine(cgRange, dense);
    double[] denseValues = Influence.values(s.f().data(), s.f().loss(), s.theta(),
        BlockVector.fromArray(dense, NU, NI, K));
    double valueCosine = Stats.cosine(cg.values(), denseValues);
    System.out.printf("CG vs dense %s loss=%s: iterations=%d 1-cosine: range part %.2e, "
        + "raw %.2e, values %.2e%n", o, s.f().loss().getClass().getSimpleName(),
        d.iterations(), 1 - cosine, 1 - Stats.cosine(cg.direction().toArray(), dense),
        1 - valueCosine);
    assertTrue(cosine >= 0.999999, "cosine " + cosine);
    assertTrue(valueCosine >= 0.999999, "value cosine " + valueCosine);
  }

  /** Explicit: {@code Σ_j value_j = sᵀ∇F(θ*)}, as small as the gradient at {@code θ*}. */
  @Test
  void explicitValuesSumToZeroAtOptimum() {
    Setup s = setup(false);
    InfluenceResult r = Influence.conjugateGradient(s.f(), s.theta(), s.v(),
        HessianOptions.EXACT, CgOptions.DEFAULT, new JavaCholeskySolver());
    double sum = Stats.sum(r.values());
    double bound = r.direction().norm() * s.f().gradient(s.theta()).norm();
    double mass = Stats.sum(java.util.Arrays.stream(r.values()).map(Math::abs).toArray());
    System.out.printf("explicit sum of values %.3e, |s||grad F| %.3e, sum |values| %.3e%n", sum,
        bound, mass);
    assertTrue(Math.abs(sum) <= 1.0001 * bound + 1e-15, "sum " + sum + " bound " + bound);
    assertTrue(Math.abs(sum) < 1e-9 * mass, "sum " + sum + " vs mass " + mass);
  }

  /** Implicit: the dense term is unweighted, so {@code Σ_j value_j = −sᵀ∇D(θ*)}, not zero. */
  @Test
  void implicitValuesSumToMinusDenseTermGradient() {
    Setup s = setup(true);
    InfluenceResult r = Influence.conjugateGradient(s.f(), s.theta(), s.v(),
        HessianOptions.EXACT, CgOptions.DEFAULT, new JavaCholeskySolver());
    BlockVector gradD = s.theta().zerosLike();
    DenseTerm.addGradient(s.theta(), DenseTerm.gram(s.theta().users(), K),
        DenseTerm.gram(s.theta().items(), K), gradD);
    double sum = Stats.sum(r.values());
    double expected = -r.direction().dot(gradD);
    assertEquals(expected, sum, 1e-9 * Math.abs(expected));
    assertTrue(Math.abs(sum) > 1e-3 * Stats.sum(
        java.util.Arrays.stream(r.values()).map(Math::abs).toArray()), "not a zero-sum");
  }

  @Test
  void residualLogStartsAtOneAndStopsAtTheTolerance() {
    Setup s = setup(false);
    InfluenceResult r = Influence.conjugateGradient(s.f(), s.theta(), s.v(),
        HessianOptions.EXACT, CgOptions.DEFAULT, new JavaCholeskySolver());
    double[] log = r.cg().residualLog();
    assertEquals(1.0, log[0]);
    assertTrue(log[log.length - 1] <= 1e-6 && log[log.length - 2] > 1e-6);
    InfluenceResult capped = Influence.conjugateGradient(s.f(), s.theta(), s.v(),
        HessianOptions.EXACT, new CgOptions(1e-6, 3), new JavaCholeskySolver());
    assertEquals(3, capped.cg().iterations());
    assertTrue(!capped.cg().converged());
  }
}
