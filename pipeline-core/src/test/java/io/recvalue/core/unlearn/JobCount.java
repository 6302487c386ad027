package io.recvalue.core.unlearn;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/** Counts the Spark jobs a piece of code runs, in a job group of its own. */
final class JobCount {
  private JobCount() {}

  static int of(SparkSession spark, String group, Runnable what) {
    SparkContext sc = spark.sparkContext();
    sc.setJobGroup(group, group, false);
    try {
      what.run();
    } finally {
      sc.clearJobGroup();
    }
    return sc.statusTracker().getJobIdsForGroup(group).length;
  }
}
