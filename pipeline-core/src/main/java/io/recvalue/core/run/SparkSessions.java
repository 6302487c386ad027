package io.recvalue.core.run;

import io.recvalue.core.config.RecvalueConfig;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark session of a run. Under {@code spark-submit} the master and deploy settings come
 * from the submit command; run any other way (a test, {@code java -cp}) with no master set, it uses
 * {@code local[*]}. The configuration's {@code spark.*} keys are applied, and the checkpoint
 * directory is set (iterative lineages must be checkpointed).
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(String appName, RecvalueConfig config, String outputDir) {
    SparkConf submitted = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder().appName("recvalue " + appName);
    if (!submitted.contains("spark.master") && !config.sparkSettings().containsKey("spark.master")) {
      builder.master("local[*]");
    }
    config.sparkSettings().forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    tuneLocalShufflePartitions(spark, submitted, config);
    applyCheckpointDir(spark, config, outputDir);
    return spark;
  }

  /**
   * In local mode, unless the user chose, shuffles use twice as many partitions as there are cores
   * instead of Spark's 200: a laptop-sized log split 200 ways spends its time scheduling tiny tasks.
   */
  static void tuneLocalShufflePartitions(SparkSession spark, SparkConf submitted, RecvalueConfig config) {
    String key = "spark.sql.shuffle.partitions";
    boolean chosen = submitted.contains(key) || config.sparkSettings().containsKey(key);
    if (spark.sparkContext().isLocal() && !chosen) {
      int partitions = Math.max(2, 2 * spark.sparkContext().defaultParallelism());
      spark.conf().set(key, Integer.toString(partitions));
    }
  }

  /** Sets the checkpoint directory: {@code run.checkpoint-dir}, or {@code <output>/_checkpoints}. */
  public static void applyCheckpointDir(SparkSession spark, RecvalueConfig config, String outputDir) {
    String dir = config.getOptionalString("run.checkpoint-dir")
        .orElse(new Path(outputDir, "_checkpoints").toString());
    spark.sparkContext().setCheckpointDir(dir);
  }
}
