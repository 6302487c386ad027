package io.recvalue.valuation.output;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Writes the value tables into a value stage folder ({@link ValueLayout}): {@code interactions/},
 * {@code items/}, {@code users/} as Parquet, and each aggregate also as one Arrow IPC file
 * ({@code items.arrow}, {@code users.arrow}) through {@link ArrowTableWriter}. Original ids are joined
 * onto the aggregates by the caller before writing (extra columns of type string, long, int or double
 * are carried through). The Arrow files are written from the Parquet tables just written (in key order),
 * not by aggregating the interactions again: at 10⁸ interactions each aggregation is a pass over all
 * of them, the read-back a pass over one row per entity.
 */
public final class ValueWriters {
  /** Rows per Arrow record batch. */
  public static final int ARROW_BATCH_ROWS = 65_536;

  private ValueWriters() {}

  /**
   * Writes all three tables as Parquet and the two aggregates as Arrow files into the folder {@code dir},
   * telling {@code progress} the name of each table before writing it.
   */
  public static void writeAll(Dataset<Row> values, Dataset<Row> itemValues, Dataset<Row> userValues, String dir,
      Configuration hadoop, Consumer<String> progress) throws IOException {
    progress.accept(ValueLayout.INTERACTIONS);
    values.write().parquet(new Path(dir, ValueLayout.INTERACTIONS).toString());
    progress.accept(ValueLayout.ITEMS);
    itemValues.write().parquet(new Path(dir, ValueLayout.ITEMS).toString());
    progress.accept(ValueLayout.USERS);
    userValues.write().parquet(new Path(dir, ValueLayout.USERS).toString());
    progress.accept(ValueLayout.ITEMS_ARROW);
    ArrowTableWriter.write(readBack(itemValues, dir, ValueLayout.ITEMS, ITEM_IDX),
        new Path(dir, ValueLayout.ITEMS_ARROW), ARROW_BATCH_ROWS, hadoop);
    progress.accept(ValueLayout.USERS_ARROW);
    ArrowTableWriter.write(readBack(userValues, dir, ValueLayout.USERS, USER_IDX),
        new Path(dir, ValueLayout.USERS_ARROW), ARROW_BATCH_ROWS, hadoop);
  }

  /**
   * The Parquet table {@code dir/name} as written, sorted by {@code key}, with {@code written}'s schema
   * (column order and nullability: Parquet reads every column back as nullable).
   */
  private static Dataset<Row> readBack(Dataset<Row> written, String dir, String name, String key) {
    Column[] columns = Arrays.stream(written.columns()).map(functions::col).toArray(Column[]::new);
    Dataset<Row> sorted = written.sparkSession().read().parquet(new Path(dir, name).toString())
        .select(columns).orderBy(key);
    return written.sparkSession().createDataFrame(sorted.rdd(), written.schema());
  }
}
