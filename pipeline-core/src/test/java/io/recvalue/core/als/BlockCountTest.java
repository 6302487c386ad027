package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BlockCount}: the configured count wins, else the data size sets it, never below the cores. */
class BlockCountTest {
  @Test
  void aConfiguredCountIsKeptWhateverTheSize() {
    assertEquals(7, BlockCount.of(7, 10_000_000_000L, 2, 1_000_000));
    assertEquals(7, BlockCount.of(7, 0, 16, 1_000_000));
  }

  @Test
  void smallLogsGetOneBlockPerCore() {
    assertEquals(2, BlockCount.of(0, 0, 2, 1_000_000));
    assertEquals(2, BlockCount.of(0, 1_700_000, 2, 1_000_000));
    assertEquals(16, BlockCount.of(0, 9_000_000, 16, 1_000_000));
  }

  @Test
  void largeLogsAreCutSoThatNoBlockHoldsMoreThanTheRowsPerBlockOnAverage() {
    assertEquals(9, BlockCount.of(0, 8_811_015, 2, 1_000_000)); // the 10⁷ ladder's training rows
    assertEquals(9, BlockCount.of(0, 9_000_000, 2, 1_000_000));
    assertEquals(10, BlockCount.of(0, 9_000_001, 2, 1_000_000));
    assertEquals(BlockCount.MAX_BLOCKS, BlockCount.of(0, Long.MAX_VALUE / 2, 2, 1));
  }

  @Test
  void theConfigurationsKeysAreRead() {
    RecvalueConfig defaults = ConfigLoader.defaults();
    assertEquals(9, BlockCount.of(defaults, 8_811_015, 2));
    RecvalueConfig smaller = ConfigLoader.load(List.of(), List.of("train.rows-per-block=250000"));
    assertEquals(36, BlockCount.of(smaller, 8_811_015, 2));
    RecvalueConfig fixed = ConfigLoader.load(List.of(), List.of("train.blocks=3", "train.rows-per-block=1"));
    assertEquals(3, BlockCount.of(fixed, 8_811_015, 2));
  }

  @Test
  void impossibleArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BlockCount.of(0, -1, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> BlockCount.of(0, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> BlockCount.of(0, 1, 2, 0));
  }
}
