package io.recvalue.explain.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** R², Spearman and top-decile precision against values worked out by hand. */
class SurrogateFidelityTest {
  private static final double EPS = 1e-12;

  private static double[] oneToTen(double scale) {
    double[] v = new double[10];
    for (int i = 0; i < 10; i++) {
      v[i] = scale * (i + 1);
    }
    return v;
  }

  /**
   * ŷ = 2y orders the rows perfectly: Spearman 1 and top-decile precision 1, while R² is far below 0
   * (Σ(y − 2y)² = Σy² = 385 against Σ(y − ȳ)² = 82.5, R² = 1 − 385/82.5): order and scale are told apart.
   */
  @Test
  void aPerfectOrderOnAnotherScale() {
    SurrogateFidelity f = SurrogateFidelity.of(oneToTen(1), oneToTen(2));
    assertEquals(10, f.rows());
    assertEquals(1 - 385 / 82.5, f.r2(), EPS);
    assertEquals(1.0, f.spearman(), EPS);
    assertEquals(1.0, f.topDecilePrecision(), EPS);
  }

  @Test
  void theReversedOrder() {
    SurrogateFidelity f = SurrogateFidelity.of(oneToTen(1), oneToTen(-1));
    assertEquals(-1.0, f.spearman(), EPS);
    assertEquals(0.0, f.topDecilePrecision(), EPS);
    // Σ(y + y)² = 4 · 385
    assertEquals(1 - 4 * 385 / 82.5, f.r2(), EPS);
  }

  @Test
  void anExactFitHasR2One() {
    assertEquals(1.0, SurrogateFidelity.of(oneToTen(1), oneToTen(1)).r2(), EPS);
  }

  /**
   * y = (1, 2, 2, 3), ŷ = (1, 1, 2, 2). Average ranks (1, 2.5, 2.5, 4) and (1.5, 1.5, 3.5, 3.5); centred
   * (−1.5, 0, 0, 1.5) and (−1, −1, 1, 1): Spearman = 3 / √(4.5 · 4) = 1/√2. Top decile: k = ⌈4/10⌉ = 1;
   * by y it is row 4, by ŷ rows 3 and 4 tie for the one place (½ each): precision ½. R²: Σ(y − ŷ)² = 2 =
   * Σ(y − ȳ)², so 0.
   */
  @Test
  void tiesShareTheirRanksAndTheirPlaces() {
    SurrogateFidelity f = SurrogateFidelity.of(new double[] {1, 2, 2, 3}, new double[] {1, 1, 2, 2});
    assertEquals(1 / Math.sqrt(2), f.spearman(), EPS);
    assertEquals(0.5, f.topDecilePrecision(), EPS);
    assertEquals(0.0, f.r2(), EPS);
  }

  @Test
  void averageRanksOfTies() {
    assertArrayEquals(new double[] {4, 1, 4, 2, 4}, SurrogateFidelity.averageRanks(new double[] {3, 1, 3, 2, 3}), 0);
    assertArrayEquals(new double[] {1.5, 1.5}, SurrogateFidelity.averageRanks(new double[] {7, 7}), 0);
  }

  /** Three rows tie for the top two places: each holds them with probability 2/3; the shares sum to k. */
  @Test
  void topSharesSplitTheLastPlacesAmongTies() {
    assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3, 0, 2.0 / 3},
        SurrogateFidelity.topShares(new double[] {5, 5, 1, 5}, 2), EPS);
    assertArrayEquals(new double[] {1, 0, 0.5, 0.5}, SurrogateFidelity.topShares(new double[] {9, 1, 4, 4}, 2), EPS);
  }

  /**
   * A constant prediction says nothing about the order: Spearman is undefined (NaN) and the top decile
   * (k = 2 of 20) overlaps by chance only, 2 · (2/20) / 2 = 0.1.
   */
  @Test
  void aConstantPredictionScoresChance() {
    double[] y = new double[20];
    for (int i = 0; i < 20; i++) {
      y[i] = i;
    }
    SurrogateFidelity f = SurrogateFidelity.of(y, new double[20]);
    assertTrue(Double.isNaN(f.spearman()));
    assertEquals(0.1, f.topDecilePrecision(), EPS);
  }

  /** k = ⌈n/10⌉: with 11 rows the top two count, and a surrogate that finds one of them scores ½. */
  @Test
  void theTopDecileRoundsUp() {
    double[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    double[] yHat = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 10.5};
    assertEquals(1.0, SurrogateFidelity.of(y, yHat).topDecilePrecision(), EPS);
    double[] oneFound = {1, 2, 3, 4, 5, 6, 7, 8, 20, 9, 12};
    assertEquals(0.5, SurrogateFidelity.of(y, oneFound).topDecilePrecision(), EPS);
  }

  @Test
  void theOrderOfTheRowsDoesNotMatter() {
    Random random = new Random(3);
    double[] y = new double[50];
    double[] yHat = new double[50];
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.floor(random.nextGaussian() * 3);
      yHat[i] = Math.floor(y[i] / 2 + random.nextGaussian());
    }
    SurrogateFidelity f = SurrogateFidelity.of(y, yHat);
    double[] ry = new double[50];
    double[] rHat = new double[50];
    for (int i = 0; i < y.length; i++) {
      ry[i] = y[y.length - 1 - i];
      rHat[i] = yHat[y.length - 1 - i];
    }
    SurrogateFidelity g = SurrogateFidelity.of(ry, rHat);
    assertEquals(f.r2(), g.r2(), EPS);
    assertEquals(f.spearman(), g.spearman(), EPS);
    assertEquals(f.topDecilePrecision(), g.topDecilePrecision(), EPS);
  }

  @Test
  void undefinedWithoutEnoughRowsAndRefusesMismatchedLengths() {
    SurrogateFidelity one = SurrogateFidelity.of(new double[] {1}, new double[] {1});
    assertTrue(Double.isNaN(one.r2()));
    assertTrue(Double.isNaN(one.spearman()));
    assertEquals(1.0, one.topDecilePrecision(), EPS);
    assertTrue(Double.isNaN(SurrogateFidelity.of(new double[0], new double[0]).topDecilePrecision()));
    assertThrows(IllegalArgumentException.class, () -> SurrogateFidelity.of(new double[2], new double[3]));
  }
}
