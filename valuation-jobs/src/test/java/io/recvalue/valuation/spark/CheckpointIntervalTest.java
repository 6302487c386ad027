package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The CG checkpoint interval: as configured, or by the training rows at 0. */
class CheckpointIntervalTest {
  @Test
  void aConfiguredIntervalIsKeptWhateverTheSize() {
    assertEquals(7, CheckpointInterval.resolve(7, 10));
    assertEquals(25, CheckpointInterval.resolve(25, 1_000_000_000L));
  }

  @Test
  void zeroKeepsTheRowsTimesProductsWaitingForACheckpointWithinTheBudget() {
    assertEquals(25, CheckpointInterval.resolve(0, 0), "an empty table");
    assertEquals(25, CheckpointInterval.resolve(0, 581_789), "Jester-medium");
    assertEquals(25, CheckpointInterval.resolve(0, 8_800_000), "the 10^7 rung of the scale ladder");
    assertEquals(2, CheckpointInterval.resolve(0, 89_198_648), "the 10^8 rung");
    assertEquals(1, CheckpointInterval.resolve(0, 250_000_000), "from 2.5e8 rows");
    assertEquals(1, CheckpointInterval.resolve(0, 900_000_000), "10^9: never below one");
    for (long rows = 1; rows < 2_000_000_000L; rows = rows * 3 + 1) {
      int interval = CheckpointInterval.resolve(0, rows);
      assertTrue(interval >= 1 && interval <= CheckpointInterval.MAX_AUTO);
      assertTrue(interval == 1 || (long) interval * rows <= CheckpointInterval.ROW_PRODUCTS, rows + " rows");
    }
  }

  @Test
  void aNegativeIntervalIsRefusedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointInterval.resolve(-1, 10));
    assertEquals("value.checkpoint-interval must be >= 0 (0: by the training rows), got -1", e.getMessage());
  }
}
