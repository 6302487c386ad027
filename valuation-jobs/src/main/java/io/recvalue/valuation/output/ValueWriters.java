package io.recvalue.valuation.output;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the value tables into a value stage folder ({@link ValueLayout}): {@code interactions/},
 * {@code items/}, {@code users/} as Parquet, and each aggregate also as one Arrow IPC file
 * ({@code items.arrow}, {@code users.arrow}) through {@link ArrowTableWriter}. Original ids are joined
 * onto the aggregates by the caller before writing (extra columns of type string, long, int or double
 * are carried through).
 */
public final class ValueWriters {
  /** Rows per Arrow record batch. */
  public static final int ARROW_BATCH_ROWS = 65_536;

  private ValueWriters() {}

  /** Writes all three tables as Parquet and the two aggregates as Arrow files into the folder {@code dir}. */
  public static void writeAll(Dataset<Row> values, Dataset<Row> itemValues, Dataset<Row> userValues, String dir,
      Configuration hadoop) throws IOException {
    values.write().parquet(new Path(dir, ValueLayout.INTERACTIONS).toString());
    itemValues.write().parquet(new Path(dir, ValueLayout.ITEMS).toString());
    userValues.write().parquet(new Path(dir, ValueLayout.USERS).toString());
    ArrowTableWriter.write(itemValues, new Path(dir, ValueLayout.ITEMS_ARROW), ARROW_BATCH_ROWS, hadoop);
    ArrowTableWriter.write(userValues, new Path(dir, ValueLayout.USERS_ARROW), ARROW_BATCH_ROWS, hadoop);
  }
}
