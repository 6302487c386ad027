package io.recvalue.valuation.output;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes the value tables: {@code values/}, {@code item_values/}, {@code user_values/} as Parquet
 * under an output folder, and each aggregate also as one Arrow IPC file
 * ({@code item_values.arrow}, {@code user_values.arrow}) through {@link ArrowTableWriter}. Original
 * ids are joined onto the aggregates by the caller before writing (extra columns of type string,
 * long, int or double are carried through).
 */
public final class ValueWriters {
  /** Rows per Arrow record batch. */
  public static final int ARROW_BATCH_ROWS = 65_536;

  private ValueWriters() {}

  /** Writes one table as Parquet into {@code dir} (replacing it). */
  public static void parquet(Dataset<Row> table, Path dir) {
    table.write().mode(SaveMode.Overwrite).parquet(dir.toString());
  }

  /** Writes all three tables as Parquet and the two aggregates as Arrow files into {@code out}. */
  public static void writeAll(Dataset<Row> values, Dataset<Row> itemValues,
      Dataset<Row> userValues, Path out) throws IOException {
    parquet(values, out.resolve("values"));
    parquet(itemValues, out.resolve("item_values"));
    parquet(userValues, out.resolve("user_values"));
    ArrowTableWriter.write(itemValues, out.resolve("item_values.arrow"), ARROW_BATCH_ROWS);
    ArrowTableWriter.write(userValues, out.resolve("user_values.arrow"), ARROW_BATCH_ROWS);
  }
}
