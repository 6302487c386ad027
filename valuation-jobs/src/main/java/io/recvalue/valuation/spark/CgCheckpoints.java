package io.recvalue.valuation.spark;

/**
 * How often a conjugate-gradient solve of the value stage cuts its lineage ({@code value.checkpoint-interval};
 * 0, the default, chooses from the data).
 *
 * <p>Every iteration's Hessian-vector product exchanges factor messages between the user and the item blocks:
 * a shuffle whose files stay on the executors' local disks for as long as the lineage of a live vector reaches
 * it, that is, until a checkpoint cuts that lineage and Spark's cleaner, once the driver's garbage collector has
 * dropped the shuffle, deletes them ({@code spark.cleaner.periodicGC.interval}, which the run's session sets
 * short). One iteration writes about {@code 8(k + 1)} bytes per training row: a message of {@code k} doubles and
 * its key for nearly every row. A checkpoint costs a Spark job per vector table and writes four vectors: most of
 * an iteration on a small log, little at scale. So the interval chosen is the longest, at most
 * {@link #MAX_INTERVAL}, that keeps the files written between two checkpoints within
 * {@link #SHUFFLE_BUDGET_BYTES}: {@link #MAX_INTERVAL} up to a few million rows, one iteration at 10⁸.
 */
public final class CgCheckpoints {
  /** Message-shuffle bytes one solve may leave on local disk between two checkpoints, summed over executors. */
  public static final long SHUFFLE_BUDGET_BYTES = 8_000_000_000L;
  /** The longest interval chosen, for the logs whose iterations write little. */
  public static final int MAX_INTERVAL = 25;

  private CgCheckpoints() {}

  /**
   * {@code configured} when positive, else the interval from the data.
   *
   * @param trainRows training rows of the Hessian
   * @param k rank
   */
  public static int interval(int configured, long trainRows, int k) {
    if (configured < 0) {
      throw new IllegalArgumentException("value.checkpoint-interval must be >= 0 (0: from the data), got " + configured);
    }
    if (configured > 0) {
      return configured;
    }
    long perIteration = Math.max(1L, 8L * (k + 1) * Math.max(0L, trainRows));
    return (int) Math.max(1L, Math.min(MAX_INTERVAL, SHUFFLE_BUDGET_BYTES / perIteration));
  }
}
