package io.recvalue.core.als;

import io.recvalue.core.config.RecvalueConfig;

/**
 * How many user blocks and item blocks (and so partitions) the distributed passes over the training
 * rows use: training sweeps, the valuation's Hessian products, the polish and unlearning.
 *
 * <p>A block is built and held by one task, so its size, not the number of cores, is what a task's
 * memory must hold: {@code train.blocks} when it is set, else enough blocks that none holds more
 * than {@code train.rows-per-block} rows on average, and never fewer than Spark's default
 * parallelism (every core gets a block). With the defaults a laptop's log keeps one block per core,
 * and a log of 10⁷ rows is cut into about ten blocks, whatever the core count.
 */
public final class BlockCount {
  /** The largest block count {@code train.blocks} accepts. */
  public static final int MAX_BLOCKS = 100_000;

  private BlockCount() {}

  /**
   * {@code configured} when it is positive, else {@code max(parallelism, ⌈rows / rowsPerBlock⌉)},
   * at most {@link #MAX_BLOCKS}.
   */
  public static int of(int configured, long rows, int parallelism, long rowsPerBlock) {
    if (rows < 0 || parallelism < 1 || rowsPerBlock < 1) {
      throw new IllegalArgumentException("rows " + rows + ", parallelism " + parallelism
          + " and rows per block " + rowsPerBlock + " must be >= 0, >= 1 and >= 1");
    }
    if (configured > 0) {
      return configured;
    }
    long bySize = (rows + rowsPerBlock - 1) / rowsPerBlock;
    return (int) Math.min(MAX_BLOCKS, Math.max(parallelism, bySize));
  }

  /** {@link #of} with {@code train.blocks} and {@code train.rows-per-block} of {@code config}. */
  public static int of(RecvalueConfig config, long rows, int parallelism) {
    return of(config.getInt("train.blocks"), rows, parallelism, config.getLong("train.rows-per-block"));
  }
}
