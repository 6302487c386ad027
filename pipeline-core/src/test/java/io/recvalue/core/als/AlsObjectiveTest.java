package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The objective's gradient against finite differences; the local half-step against a dense direct solve. */
class AlsObjectiveTest {
  private static final int K = 4;

  private static AlsObjective.Problem problem(boolean implicit) {
    return Planted.problem(K, 12, 9, 5, 0.07, implicit, 0.8, 7L);
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void gradientMatchesCentralDifferences(boolean implicit) {
    AlsObjective.Problem p = problem(implicit);
    SplittableRandom rnd = new SplittableRandom(3);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    double[] gx = new double[x.length];
    double[] gy = new double[y.length];
    AlsObjective.gradient(p, x, y, gx, gy);
    double h = 1e-5;
    double worst = 0;
    double scale = 0;
    for (int side = 0; side < 2; side++) {
      double[] v = side == 0 ? x : y;
      double[] g = side == 0 ? gx : gy;
      for (int m = 0; m < v.length; m++) {
        double keep = v[m];
        v[m] = keep + h;
        double fp = AlsObjective.value(p, x, y);
        v[m] = keep - h;
        double fm = AlsObjective.value(p, x, y);
        v[m] = keep;
        worst = Math.max(worst, Math.abs((fp - fm) / (2 * h) - g[m]));
        scale = Math.max(scale, Math.abs(g[m]));
      }
    }
    assertTrue(scale > 1.0, "gradient must not be trivially small: " + scale);
    assertTrue(worst < 1e-7 * scale, "max |FD - analytic| = " + worst + " vs scale " + scale);
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void halfStepIsTheDenseDirectSolutionAndZeroesTheGradient(boolean implicit) {
    AlsObjective.Problem p = problem(implicit);
    SplittableRandom rnd = new SplittableRandom(5);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    double[] expected = DenseOracle.minimiseOverUsers(p, y);
    double before = AlsObjective.value(p, x, y);
    LocalAls.solveUsers(p, x, y, new JavaCholeskySolver());
    assertTrue(Planted.maxAbsDiff(x, expected) < 1e-10, "half-step vs dense solve: " + Planted.maxAbsDiff(x, expected));
    double[] gx = new double[x.length];
    AlsObjective.gradient(p, x, y, gx, new double[y.length]);
    double g = Planted.maxAbsDiff(gx, new double[gx.length]);
    assertTrue(g < 1e-10, "gradient w.r.t. X after the half-step: " + g);
    assertTrue(AlsObjective.value(p, x, y) < before, "a half-step from a random start lowers F");
  }
}
