package io.recvalue.valuation.spark;

/**
 * The conjugate gradient iterations between checkpoints of its iterates ({@code value.checkpoint-interval}): as
 * configured, or, at {@code 0}, by the number of training rows.
 *
 * <p>Between two checkpoints each iterate's lineage reaches every product computed since the last cut, so every
 * product's message shuffle stays on the scratch disk until the next one: about 40–90 bytes a training row per
 * product (at 10⁸ rows 3.7 GB with ten blocks, 8.3 GB with ninety; benchmarks/scale.md). A checkpoint writes the
 * four vectors of the iteration, which on a small problem costs more than the product it saves. The automatic
 * interval keeps {@code interval × rows ≤} {@link #ROW_PRODUCTS}: {@link #MAX_AUTO} iterations up to 10⁷ rows
 * (the products' files then stay below a few GB), 2 at 10⁸ rows, 1 from {@code 2.5·10⁸}.
 */
public final class CheckpointInterval {
  /** The automatic interval on a small log. */
  static final int MAX_AUTO = 25;
  /** The training rows times products that may wait for a checkpoint on the scratch disk. */
  static final long ROW_PRODUCTS = 250_000_000L;

  private CheckpointInterval() {}

  /** {@code configured} when positive; at {@code 0}, {@code ⌊ROW_PRODUCTS / rows⌋} within {@code [1, MAX_AUTO]}. */
  public static int resolve(int configured, long trainRows) {
    if (configured < 0) {
      throw new IllegalArgumentException("value.checkpoint-interval must be >= 0 (0: by the training rows), got "
          + configured);
    }
    if (configured > 0) {
      return configured;
    }
    return (int) Math.max(1, Math.min(MAX_AUTO, ROW_PRODUCTS / Math.max(1, trainRows)));
  }
}
