package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Merges the valid rows of each (user, item) pair into one interaction by the configured policy:
 *
 * <ul>
 *   <li>{@code latest}: the row with the largest timestamp; ties go to the larger rating, then the
 *       larger weight (so the result never depends on row order);
 *   <li>{@code mean}: the mean rating, the mean weight and the largest timestamp — the pair counts as
 *       one interaction, as if rated once, with the average of what was said;
 *   <li>{@code sum}: the sum of ratings (repeated clicks or plays add up to a count), the mean weight
 *       and the largest timestamp.
 * </ul>
 *
 * Means and sums add the values in sorted order, so that they are bit-for-bit the same whatever the
 * partitioning. The column {@link #ROWS} holds how many input rows each pair merged.
 */
final class DuplicateResolver {
  /** Internal column: the number of valid rows merged into the pair. */
  static final String ROWS = "__rows";

  private DuplicateResolver() {}

  /** One row per (user, item) with the internal columns of {@link RowValidator} and {@link #ROWS}. */
  static Dataset<Row> resolve(Dataset<Row> valid, DuplicatePolicy policy) {
    Dataset<Row> merged =
        switch (policy) {
          case LATEST -> valid.groupBy(RowValidator.USER, RowValidator.ITEM).agg(
              count(lit(1)).as(ROWS),
              max(struct(col(RowValidator.TS), col(RowValidator.RATING), col(RowValidator.WEIGHT)))
                  .as("__latest"));
          case MEAN -> valid.groupBy(RowValidator.USER, RowValidator.ITEM).agg(
              count(lit(1)).as(ROWS), sortedSum(RowValidator.RATING).as(RowValidator.RATING),
              sortedSum(RowValidator.WEIGHT).as(RowValidator.WEIGHT), max(RowValidator.TS).as(RowValidator.TS));
          case SUM -> valid.groupBy(RowValidator.USER, RowValidator.ITEM).agg(
              count(lit(1)).as(ROWS), sortedSum(RowValidator.RATING).as(RowValidator.RATING),
              sortedSum(RowValidator.WEIGHT).as(RowValidator.WEIGHT), max(RowValidator.TS).as(RowValidator.TS));
        };
    Column n = col(ROWS);
    return switch (policy) {
      case LATEST -> merged.select(col(RowValidator.USER), col(RowValidator.ITEM),
          col("__latest." + RowValidator.RATING).as(RowValidator.RATING),
          col("__latest." + RowValidator.WEIGHT).as(RowValidator.WEIGHT),
          col("__latest." + RowValidator.TS).as(RowValidator.TS), n);
      case MEAN -> merged.select(col(RowValidator.USER), col(RowValidator.ITEM),
          col(RowValidator.RATING).divide(n).as(RowValidator.RATING),
          col(RowValidator.WEIGHT).divide(n).as(RowValidator.WEIGHT), col(RowValidator.TS), n);
      case SUM -> merged.select(col(RowValidator.USER), col(RowValidator.ITEM), col(RowValidator.RATING),
          col(RowValidator.WEIGHT).divide(n).as(RowValidator.WEIGHT), col(RowValidator.TS), n);
    };
  }

  /** The sum of a double column over the group, added in ascending order of the values. */
  private static Column sortedSum(String column) {
    return expr("aggregate(array_sort(collect_list(" + column + ")), CAST(0 AS DOUBLE), (a, x) -> a + x)");
  }
}
