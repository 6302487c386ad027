package io.recvalue.valuation.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/** Counts the shuffle records written by the tasks of a piece of work (a listener added for the count). */
final class ShuffleRecords extends SparkListener {
  private final SparkSession spark;
  private final AtomicLong written = new AtomicLong();

  ShuffleRecords(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskMetrics() != null) {
      written.addAndGet(end.taskMetrics().shuffleWriteMetrics().recordsWritten());
    }
  }

  /** The records {@code work} wrote. */
  long during(Runnable work) {
    spark.sparkContext().addSparkListener(this);
    try {
      drain();
      long before = written.get();
      work.run();
      drain();
      return written.get() - before;
    } finally {
      spark.sparkContext().removeSparkListener(this);
    }
  }

  private void drain() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark listener events not delivered", e);
    }
  }
}
