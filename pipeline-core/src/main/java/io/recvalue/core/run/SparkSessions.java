package io.recvalue.core.run;

import io.recvalue.core.config.RecvalueConfig;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the Spark session of a run. Under {@code spark-submit} the master and deploy settings come
 * from the submit command; run any other way (a test, {@code java -cp}) with no master set, it uses
 * {@code local[*]}. The configuration's {@code spark.*} keys are applied, {@link KryoRecords} is added to
 * the Kryo registrators where the serializer is Kryo, and the checkpoint directory is set (iterative lineages must be checkpointed).
 */
public final class SparkSessions {
  static final String REGISTRATOR = "spark.kryo.registrator";

  private SparkSessions() {}

  /**
   * {@code chosen} (the user's comma-separated Kryo registrators, possibly empty) with {@link KryoRecords}
   * added, so that records travel under the Kryo serializer.
   */
  static String withRecordRegistrator(String chosen) {
    String ours = KryoRecords.class.getName();
    if (chosen.isBlank()) {
      return ours;
    }
    for (String r : chosen.split(",")) {
      if (r.trim().equals(ours)) {
        return chosen;
      }
    }
    return chosen + "," + ours;
  }

  public static SparkSession create(String appName, RecvalueConfig config, String outputDir) {
    SparkConf submitted = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder().appName("recvalue " + appName);
    if (!submitted.contains("spark.master") && !config.sparkSettings().containsKey("spark.master")) {
      builder.master("local[*]");
    }
    config.sparkSettings().forEach(builder::config);
    String serializer = config.sparkSettings().getOrDefault("spark.serializer", submitted.get("spark.serializer", ""));
    if (serializer.contains("Kryo")) {
      builder.config(REGISTRATOR, withRecordRegistrator(config.sparkSettings().getOrDefault(REGISTRATOR,
          submitted.get(REGISTRATOR, ""))));
    }
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
