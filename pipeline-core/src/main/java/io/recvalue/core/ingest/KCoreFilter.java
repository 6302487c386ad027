package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * The iterative k-core: removes every interaction of a user or an item with fewer than {@code k}
 * interactions, and repeats on what is left until a pass removes nothing. The result is the largest
 * subset in which every user and every item has at least {@code k} interactions (it is unique, so the
 * order of removal does not matter).
 *
 * <p>Each pass counts per user and per item with windows, filters, and is cached and counted; the
 * previous pass is then released. {@code iterations} is the number of passes that removed rows.
 */
final class KCoreFilter {
  /** What the filter kept and removed. */
  record Result(Dataset<Row> rows, long rowsIn, long rowsOut, int iterations) {
    long removed() {
      return rowsIn - rowsOut;
    }
  }

  private KCoreFilter() {}

  /**
   * @param rows deduplicated interactions (one per pair), with {@link RowValidator#USER} and
   *     {@link RowValidator#ITEM}; already cached by the caller
   * @param rowsIn the number of rows of {@code rows}
   * @param k the minimum count, at least 1 (0 means no filter and returns the input)
   */
  static Result apply(Dataset<Row> rows, long rowsIn, int k) {
    if (k <= 0) {
      return new Result(rows, rowsIn, rowsIn, 0);
    }
    Dataset<Row> current = rows;
    long n = rowsIn;
    int iterations = 0;
    while (true) {
      Dataset<Row> next = onePass(current, k).persist(StorageLevel.MEMORY_AND_DISK());
      long m = next.count();
      if (m == n) {
        next.unpersist();
        return new Result(current, rowsIn, n, iterations);
      }
      if (current != rows) {
        current.unpersist();
      }
      current = next;
      n = m;
      iterations++;
    }
  }

  private static Dataset<Row> onePass(Dataset<Row> rows, int k) {
    return rows
        .withColumn("__user_n", count(lit(1)).over(Window.partitionBy(RowValidator.USER)))
        .withColumn("__item_n", count(lit(1)).over(Window.partitionBy(RowValidator.ITEM)))
        .filter(col("__user_n").geq(k).and(col("__item_n").geq(k)))
        .drop("__user_n", "__item_n");
  }
}
