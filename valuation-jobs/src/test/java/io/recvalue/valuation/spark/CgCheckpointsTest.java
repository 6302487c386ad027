package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The CG checkpoint interval chosen from the data, against the shuffle bytes it is meant to bound. */
class CgCheckpointsTest {
  @Test
  void aChosenIntervalIsKept() {
    assertEquals(7, CgCheckpoints.interval(7, 89_198_648L, 10));
    assertThrows(IllegalArgumentException.class, () -> CgCheckpoints.interval(-1, 1000, 10));
  }

  @Test
  void fromTheDataTheLongestIntervalWithinTheBudget() {
    assertEquals(CgCheckpoints.MAX_INTERVAL, CgCheckpoints.interval(0, 581_789L, 8)); // Jester-medium
    assertEquals(1, CgCheckpoints.interval(0, 89_198_648L, 10)); // the 10⁸ ladder: 7.9 GB per iteration
    assertEquals(10, CgCheckpoints.interval(0, 8_811_015L, 10)); // the 10⁷ ladder: 0.78 GB per iteration
    assertEquals(1, CgCheckpoints.interval(0, 10_000_000_000L, 10), "never below one iteration");
    int previous = Integer.MAX_VALUE;
    for (long rows = 1; rows < 1L << 40; rows *= 3) {
      int t = CgCheckpoints.interval(0, rows, 10);
      assertTrue(t <= previous && t >= 1 && t <= CgCheckpoints.MAX_INTERVAL, rows + " rows: " + t);
      long bytesBetweenCheckpoints = 8L * 11 * rows * t;
      assertTrue(t == 1 || bytesBetweenCheckpoints <= CgCheckpoints.SHUFFLE_BUDGET_BYTES, rows + " rows: " + t);
      previous = t;
    }
  }
}
