package io.recvalue.explain.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.asinh;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.recvalue.valuation.output.ValueSchemas;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * What the surrogate is fitted to ({@code explain.target}): the value itself, or a monotone transform
 * of it that item and interaction features can predict.
 *
 * <p>Data values are heavy-tailed (on MovieTweetings-small 1 % of the interactions hold nearly half of
 * the sum of squared values), so a squared-error fit to the raw value is decided by a few rows and
 * its held-out R² says little about the rest. The transforms keep the order of the values and tame
 * the tail:
 *
 * <ul>
 *   <li>{@link #VALUE_RANK}: the value's percentile rank among the level's rows, {@code (r − 1) / (n − 1)}
 *       with {@code r} the 1-based rank in ascending order and tied values given the mean of the ranks
 *       they span ({@code r = b + (c + 1)/2} for {@code c} equal values above {@code b} smaller ones), so
 *       the smallest value gets 0, the largest 1, and a single row 0.5. The same ranks as
 *       {@code SurrogateFidelity.averageRanks}, here computed on Spark. The surrogate then explains
 *       where an item stands, not by how much;</li>
 *   <li>{@link #ABS_VALUE_RANK}: the same rank of {@code |value|}: how much a row matters, either way.
 *       Its sign aside, a value's size follows from how much data and how large a residual a row has,
 *       which the features describe; the sign comes from the inverse-Hessian solve, which they do not;</li>
 *   <li>{@link #VALUE_ASINH}: {@code asinh(value / s)} with {@code s} the median of {@code |value|} over
 *       the level's rows (its mean when the median is 0, 1 when both are): linear around 0 within a
 *       typical value, logarithmic beyond, sign kept, so it keeps the scale of ordinary values and
 *       compresses the tail;</li>
 *   <li>{@link #VALUE_SUM}, {@link #VALUE_MEAN}: the value untransformed.</li>
 * </ul>
 *
 * The value of an item is {@code value_sum} of {@code value/items} ({@code value_mean} for
 * {@link #VALUE_MEAN}), that of an interaction its {@code value}: one value per interaction, so the
 * sum and the mean are the value itself. Rank and scale are taken over every row of the level, the
 * held-out rows included: the target is a fixed function of the value, not a statistic the surrogate
 * learns. Both are computed from the multiset of values alone (exact aggregates over the distinct
 * values), so they do not depend on partitioning or row order.
 */
public enum ExplainTarget {
  VALUE_RANK("value-rank"),
  ABS_VALUE_RANK("abs-value-rank"),
  VALUE_ASINH("value-asinh"),
  VALUE_SUM("value-sum"),
  VALUE_MEAN("value-mean");

  private final String id;

  ExplainTarget(String id) {
    this.id = id;
  }

  /** The configuration name, e.g. {@code value-rank}. */
  public String id() {
    return id;
  }

  public static ExplainTarget parse(String key, String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst().orElseThrow(() ->
        new IllegalArgumentException(key + " must be one of " + Arrays.stream(values()).map(ExplainTarget::id)
            .collect(Collectors.joining(", ")) + ", got '" + id + "'"));
  }

  /** The column of {@code value/items} whose value an item's target is made from. */
  public String itemValueColumn() {
    return this == VALUE_MEAN ? ValueSchemas.VALUE_MEAN : ValueSchemas.VALUE_SUM;
  }

  /**
   * {@code rows} with a column {@code target} computed from the (double, non-null) column
   * {@code value} over all of its rows.
   */
  public Dataset<Row> attach(Dataset<Row> rows, String value, String target) {
    switch (this) {
      case VALUE_RANK:
        return withRank(rows, value, target);
      case ABS_VALUE_RANK:
        return withRank(rows.withColumn("_abs_value", abs(col(value))), "_abs_value", target).drop("_abs_value");
      case VALUE_ASINH:
        return rows.withColumn(target, asinh(col(value).divide(lit(scale(rows, value)))));
      default:
        return rows.withColumn(target, col(value));
    }
  }

  private static Dataset<Row> withRank(Dataset<Row> rows, String value, String target) {
    long n = rows.count();
    // one row per distinct value: c rows with that value, b rows below it
    WindowSpec ascending = Window.orderBy(col("_v")).rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> distinct = rows.groupBy(col(value).as("_v")).agg(count(lit(1)).as("_c"))
        .withColumn("_b", sum(col("_c")).over(ascending).minus(col("_c")))
        .select(col("_v"), (n > 1
            ? col("_b").plus(col("_c").minus(1).divide(2.0)).divide((double) (n - 1))
            : lit(0.5)).as(target));
    return rows.join(distinct, col(value).equalTo(col("_v"))).drop("_v");
  }

  /** The median of |value| (exact), its mean when that is 0, 1 when both are or there are no rows. */
  static double scale(Dataset<Row> rows, String value) {
    Row r = rows.agg(expr("percentile(abs(`" + value + "`), 0.5)"), avg(abs(col(value)))).first();
    if (!r.isNullAt(0) && r.getDouble(0) > 0) {
      return r.getDouble(0);
    }
    if (!r.isNullAt(1) && r.getDouble(1) > 0) {
      return r.getDouble(1);
    }
    return 1.0;
  }
}
