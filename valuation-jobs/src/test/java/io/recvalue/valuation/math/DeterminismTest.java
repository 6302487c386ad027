package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.recvalue.core.linalg.JavaCholeskySolver;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The same seed gives bit-identical values; another seed gives other values. */
class DeterminismTest {
  private static final int K = 3;

  private static double[][] run(long seed) {
    Planted.Problem p = Planted.implicit(25, 18, K, 0.35, 0.2, seed);
    PointLoss loss = PointLoss.implicit(0.1, 2.0);
    ValidationObjective v = SquaredImplicitObjective.withSampledNegatives(p.valUsers(),
        p.valItems(), p.train(), 2, seed);
    BlockVector theta = Planted.converge(p.train(), loss, K, 1e-12, seed).theta();
    TrainingObjective f = new TrainingObjective(p.train(), loss);
    double[] cg = Influence.conjugateGradient(f, theta, v, HessianOptions.EXACT,
        CgOptions.DEFAULT, new JavaCholeskySolver()).values();
    double[] bd = Influence.blockDiagonal(f, theta, v, HessianOptions.EXACT, new JavaCholeskySolver())
        .values();
    double[] ep = EquilibriumPropagation.centred(f, theta, v, new EpOptions(1e-3, 1e-12, 50_000),
        new JavaCholeskySolver()).values();
    return new double[][] {cg, bd, ep};
  }

  @Test
  void sameSeedSameValues() {
    double[][] a = run(3);
    double[][] b = run(3);
    for (int m = 0; m < a.length; m++) {
      assertArrayEquals(a[m], b[m], 0.0);
    }
    assertFalse(Arrays.equals(a[0], run(4)[0]));
  }
}
