package io.recvalue.core.jobs;

import io.recvalue.core.ingest.IngestLayout;
import io.recvalue.core.run.StageContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The tables {@code ingest} leaves under {@code <output>/ingest/}, as later stages read them.
 *
 * @param train training interactions ({@link io.recvalue.core.data.InteractionColumns} layout)
 * @param validation validation interactions
 * @param test test interactions
 * @param userIndex {@code user_idx, user_id}
 * @param itemIndex {@code item_idx, item_id}
 */
public record SplitTables(
    Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test, Dataset<Row> userIndex, Dataset<Row> itemIndex) {

  /** Reads the ingest outputs of a run, with a clear error when {@code ingest} has not run there. */
  public static SplitTables read(StageContext context) {
    return read(context.spark(), context.outputDir());
  }

  /** The ingest outputs under the run folder {@code runDir}. */
  public static SplitTables read(SparkSession spark, String runDir) {
    String base = IngestLayout.dir(runDir);
    if (!IngestLayout.isComplete(spark, runDir)) {
      throw new IllegalStateException("no complete ingest output at " + base + ": run 'recvalue ingest --input LOG"
          + " --output " + runDir + "' first");
    }
    return new SplitTables(
        spark.read().parquet(base + "/train"),
        spark.read().parquet(base + "/validation"),
        spark.read().parquet(base + "/test"),
        spark.read().parquet(base + "/user_index"),
        spark.read().parquet(base + "/item_index"));
  }
}
