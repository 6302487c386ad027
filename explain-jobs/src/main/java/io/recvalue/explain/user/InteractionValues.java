package io.recvalue.explain.user;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;

import io.recvalue.valuation.output.ValueLayout;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The value stage's per-interaction values, read from the one place that names their folder. */
final class InteractionValues {
  /** The value stage's per-interaction table, relative to the run folder. */
  static final String FOLDER = ValueLayout.relative(ValueLayout.INTERACTIONS);

  private InteractionValues() {}

  /**
   * {@code user_idx, item_idx, value, method} of every valued training interaction, or empty when the
   * value stage has not written them.
   */
  static Optional<Dataset<Row>> read(SparkSession spark, String outputDir) throws IOException {
    Path p = new Path(outputDir, FOLDER);
    if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
      return Optional.empty();
    }
    return Optional.of(spark.read().parquet(p.toString()).select(col(USER_IDX), col(ITEM_IDX), col("value"),
        col("method")));
  }

  /** What to run for the values, when they are absent. */
  static String missing(String outputDir) {
    return "no interaction values at " + new Path(outputDir, FOLDER) + ": run 'recvalue value --output " + outputDir
        + "' to see each event's own data value beside its attribution";
  }
}
