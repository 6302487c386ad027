package io.recvalue.valuation.output;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Item and user values from interaction values (docs/methods.md §6): first-order
 * influence is additive, so an entity's value is the sum of its interactions' values; the mean,
 * the count of values, the share of negative (hurting) values and the entity's interaction count
 * come with it. Plain Spark aggregations; the output schemas are
 * {@link ValueSchemas#aggregate}.
 */
public final class ValueAggregation {
  private ValueAggregation() {}

  /** {@code value/items}, one row per item. */
  public static Dataset<Row> itemValues(Dataset<Row> values) {
    return aggregate(values, ITEM_IDX);
  }

  /** {@code value/users}, one row per user. */
  public static Dataset<Row> userValues(Dataset<Row> values) {
    return aggregate(values, USER_IDX);
  }

  private static Dataset<Row> aggregate(Dataset<Row> values, String key) {
    Column v = col(ValueSchemas.VALUE);
    return values.groupBy(col(key))
        .agg(count(lit(1)).as(ValueSchemas.INTERACTION_COUNT),
            count(v).as(ValueSchemas.VALUE_COUNT),
            sum(v).as(ValueSchemas.VALUE_SUM),
            avg(v).as(ValueSchemas.VALUE_MEAN),
            avg(when(v.isNull(), null).when(v.lt(0), 1.0).otherwise(0.0))
                .as(ValueSchemas.NEGATIVE_SHARE))
        .select(col(key).cast("int").as(key), col(ValueSchemas.INTERACTION_COUNT),
            col(ValueSchemas.VALUE_COUNT), col(ValueSchemas.VALUE_SUM),
            col(ValueSchemas.VALUE_MEAN), col(ValueSchemas.NEGATIVE_SHARE));
  }
}
