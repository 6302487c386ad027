package io.recvalue.valuation.loo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The correlations (commons-math3) against their definitions: Pearson against the centred sums,
 * Spearman with ties against the Pearson correlation of hand-computed average ranks, and NaN where
 * the correlation is not defined.
 */
class CorrelationTest {
  @Test
  void pearsonIsTheCentredSumFormula() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int trial = 0; trial < 20; trial++) {
      int n = 2 + rnd.nextInt(50);
      double[] a = new double[n];
      double[] b = new double[n];
      for (int t = 0; t < n; t++) {
        a[t] = rnd.nextGaussian();
        b[t] = 0.5 * a[t] + rnd.nextGaussian();
      }
      assertEquals(definition(a, b), Correlation.pearson(a, b), 1e-12, "trial " + trial);
    }
  }

  @Test
  void spearmanGivesTiesTheirAverageRank() {
    // ranks of x: 1, 2.5, 2.5, 4; of y: 1, 3, 2, 4; Pearson of the ranks: 4.5 / sqrt(4.5 · 5)
    double[] x = {1, 2, 2, 3};
    double[] y = {10, 30, 20, 40};
    assertEquals(4.5 / Math.sqrt(4.5 * 5), Correlation.spearman(x, y), 1e-15);
    assertEquals(definition(new double[] {1, 2.5, 2.5, 4}, new double[] {1, 3, 2, 4}), Correlation.spearman(x, y), 1e-15);
    assertEquals(1.0, Correlation.spearman(new double[] {1, 5, 9, 100}, new double[] {-3, 0, 2, 2.5}), 1e-15);
    assertEquals(-1.0, Correlation.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-15);
    assertEquals(1.0, Correlation.spearman(new double[] {1, 2, Double.NaN}, new double[] {1, 2, 3}), 1e-15,
        "NaN ranks above every number");
  }

  @Test
  void undefinedCorrelationsAreNaN() {
    assertTrue(Double.isNaN(Correlation.pearson(new double[] {1}, new double[] {2})));
    assertTrue(Double.isNaN(Correlation.spearman(new double[] {1}, new double[] {2})));
    assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 2}, new double[] {1, 2, 3})));
    assertTrue(Double.isNaN(Correlation.spearman(new double[] {1, 2}, new double[] {1, 2, 3})));
    assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    assertTrue(Double.isNaN(Correlation.pearson(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
    assertTrue(Double.isNaN(Correlation.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
  }

  private static double definition(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int t = 0; t < a.length; t++) {
      ma += a[t] / a.length;
      mb += b[t] / b.length;
    }
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int t = 0; t < a.length; t++) {
      sab += (a[t] - ma) * (b[t] - mb);
      saa += (a[t] - ma) * (a[t] - ma);
      sbb += (b[t] - mb) * (b[t] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
