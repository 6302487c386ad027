package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reduced-rank extrapolation on linear iterations {@code x_{t+1} = M x_t + b}, whose fixed point is known:
 * exact when the error has fewer distinct eigenvalues of {@code M} than terms are combined, closer
 * than the last iterate otherwise, and the last iterate itself for a sequence that has stopped.
 */
class ReducedRankExtrapolationTest {
  private static final int DIM = 40;

  /** Iterates {@code x_0 … x_count-1} of {@code x ← diag(eig) x + b} from {@code x_0}, and the fixed point last. */
  private static List<double[]> iterate(double[] eig, double[] b, double[] x0, int count) {
    List<double[]> xs = new ArrayList<>();
    double[] x = x0.clone();
    xs.add(x.clone());
    for (int t = 1; t < count; t++) {
      for (int i = 0; i < DIM; i++) {
        x[i] = eig[i] * x[i] + b[i];
      }
      xs.add(x.clone());
    }
    double[] star = new double[DIM];
    for (int i = 0; i < DIM; i++) {
      star[i] = b[i] / (1 - eig[i]);
    }
    xs.add(star);
    return xs;
  }

  /** The extrapolated limit from iterates {@code x_0 … x_n} (weights on {@code x_1 … x_n}). */
  private static double[] extrapolate(List<double[]> xs, int n) {
    List<double[]> used = xs.subList(0, n + 1);
    double[] gamma = DenseExtrapolation.weights(used, null);
    assertEquals(1.0, java.util.Arrays.stream(gamma).sum(), 1e-12, "weights sum to one");
    return DenseExtrapolation.combine(used, gamma);
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int c = 0; c < a.length; c++) {
      s += (a[c] - b[c]) * (a[c] - b[c]);
    }
    return Math.sqrt(s);
  }

  private static double[] random(Random r, double scale) {
    double[] v = new double[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = scale * r.nextGaussian();
    }
    return v;
  }

  @Test
  void exactWhenTheErrorHasFewerModesThanTerms() {
    Random r = new Random(3);
    double[] modes = {0.95, 0.8, 0.5, -0.3};
    double[] eig = new double[DIM];
    for (int i = 0; i < DIM; i++) {
      eig[i] = modes[i % modes.length];
    }
    List<double[]> xs = iterate(eig, random(r, 1), random(r, 1), 6);
    double[] star = xs.get(xs.size() - 1);
    double[] last = xs.get(5);
    double extrapolated = distance(extrapolate(xs, 5), star);
    double plain = distance(last, star);
    System.out.printf("4 modes, 5 terms: error %.2e (last iterate %.2e)%n", extrapolated, plain);
    assertTrue(plain > 0.1, "the last iterate is still far: " + plain);
    // Exact up to rounding: the weights come from the Gramian of the differences, which squares their
    // condition number, so about half of double precision's digits survive (1e-6 measured, 1e-1 and worse
    // when a mode is missing: the test below).
    assertTrue(extrapolated < 1e-5 * plain, "extrapolated error " + extrapolated);
  }

  @Test
  void closerThanTheLastIterateWithMoreModesThanTerms() {
    Random r = new Random(5);
    double[] eig = new double[DIM];
    for (int i = 0; i < DIM; i++) {
      eig[i] = 0.97 * (i + 1) / DIM; // forty modes in (0, 0.97]
    }
    List<double[]> xs = iterate(eig, random(r, 1), random(r, 1), 12);
    double[] star = xs.get(xs.size() - 1);
    double previous = Double.POSITIVE_INFINITY;
    for (int terms = 2; terms <= 8; terms++) {
      double plain = distance(xs.get(terms), star);
      double extrapolated = distance(extrapolate(xs, terms), star);
      System.out.printf("40 modes, %d terms: error %.3e (the last of those iterates %.3e)%n", terms, extrapolated, plain);
      assertTrue(extrapolated < plain, terms + " terms: " + extrapolated + " against " + plain);
      assertTrue(extrapolated < previous, terms + " terms: " + extrapolated + " not below " + previous);
      previous = extrapolated;
    }
  }

  @Test
  void aSequenceThatStoppedGivesItsLastIterate() {
    assertArrayEquals(new double[] {0, 0, 1}, ReducedRankExtrapolation.coefficients(new double[3][3]));
    assertArrayEquals(new double[] {1}, ReducedRankExtrapolation.coefficients(new double[][] {{2.5}}));
    assertEquals(0.0, ReducedRankExtrapolation.residualRatio(new double[3][3], new double[] {0, 0, 1}));
  }
}
