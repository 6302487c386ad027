package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The line a sweep is reported with on the console. */
class TrainingHistoryTest {
  @Test
  void aSweepIsDescribedWithWhatItKnows() {
    assertEquals("objective 1.234500e+04, relative change 2.100e-03, validation loss 0.812300, 1.2 s",
        new TrainingHistory.Iteration(3, 12345.0, 0.0021, 0.8123, 1.23).describe());
    assertEquals("objective 1.234500e+04, 0.5 s",
        new TrainingHistory.Iteration(1, 12345.0, Double.NaN, Double.NaN, 0.46).describe());
  }
}
