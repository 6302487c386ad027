package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The summary statistic of {@link AlsBenchmark}'s rounds. */
class AlsBenchmarkTest {
  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
    assertEquals(0.9, AlsBenchmark.median(new double[] {1.3, 0.8, 0.9}), 0.0);
    assertEquals(0.85, AlsBenchmark.median(new double[] {1.3, 0.8, 0.9, 0.7}), 1e-15);
    assertEquals(2.0, AlsBenchmark.median(new double[] {2.0}), 0.0);
  }

  @Test
  void theMedianLeavesItsInputInTheOrderTheRoundsRan() {
    double[] rounds = {1.3, 0.8, 0.9};
    AlsBenchmark.median(rounds);
    assertEquals(1.3, rounds[0], 0.0);
    assertEquals(0.8, rounds[1], 0.0);
  }
}
