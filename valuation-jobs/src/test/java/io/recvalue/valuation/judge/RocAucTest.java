package io.recvalue.valuation.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ROC-AUC by mid-ranks against the definition, enumerated over every (corrupted, clean) pair. */
class RocAucTest {
  @Test
  void matchesPairEnumerationWithTies() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + rnd.nextInt(60);
      double[] v = new double[n];
      boolean[] pos = new boolean[n];
      for (int i = 0; i < n; i++) {
        v[i] = rnd.nextInt(7) - 3; // many ties
        pos[i] = rnd.nextDouble() < 0.3;
      }
      double pairs = 0;
      double favourable = 0;
      for (int c = 0; c < n; c++) {
        for (int k = 0; k < n; k++) {
          if (pos[c] && !pos[k]) {
            pairs++;
            favourable += v[c] < v[k] ? 1 : v[c] == v[k] ? 0.5 : 0;
          }
        }
      }
      double expected = pairs == 0 ? Double.NaN : favourable / pairs;
      assertEquals(expected, RocAuc.lowValueAuc(v, pos), 1e-12, "trial " + trial);
    }
  }

  @Test
  void perfectChanceAndShareInLowest() {
    double[] v = {-3, -2, -1, 0, 1, 2, 3, 4, 5, 6};
    boolean[] lowIsBad = {true, true, false, false, false, false, false, false, false, false};
    assertEquals(1.0, RocAuc.lowValueAuc(v, lowIsBad), 0);
    boolean[] highIsBad = {false, false, false, false, false, false, false, false, true, true};
    assertEquals(0.0, RocAuc.lowValueAuc(v, highIsBad), 0);
    assertTrue(Double.isNaN(RocAuc.lowValueAuc(v, new boolean[10])));
    // lowest 20 % of 10 = the two lowest values
    assertEquals(1.0, RocAuc.shareInLowest(v, lowIsBad, 0.2), 0);
    boolean[] half = {true, false, false, false, false, false, false, false, false, true};
    assertEquals(0.5, RocAuc.shareInLowest(v, half, 0.2), 0);
    assertEquals(3, Ranks.floorShare(0.1, 30));
    assertEquals(2, Ranks.floorShare(0.29, 10));
  }
}
