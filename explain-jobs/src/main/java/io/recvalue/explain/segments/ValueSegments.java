package io.recvalue.explain.segments;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_ID;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.zip_with;

import io.recvalue.core.data.QuantileRanges;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.valuation.spark.FactorTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Exact decompositions of item and user values. An item's value is the sum of its interactions'
 * values, so split by any property of the interaction it is the sum of the segments' sums: the
 * Shapley values of the additive game whose players are the segments, with no sampling and nothing
 * left over. Each kind of split adds up to the item's value on its own.
 * <ul>
 *   <li>items, by their raters: {@code rater_activity} (ranges of the rater's number of training
 *       interactions, cut at terciles over the interactions), {@code rating_vs_rater_mean} (explicit
 *       data: above, or at or below, the rater's mean rating), {@code residual_sign} (the model
 *       under- or over-predicts the rating: {@code r − x_u·y_i}; for implicit data the target is 1),
 *       {@code time} (terciles of the timestamp, when the log has them);</li>
 *   <li>users, by the items they rated: {@code item_popularity}, {@code rating_vs_item_mean},
 *       {@code residual_sign}, {@code time}.</li>
 * </ul>
 * Table: {@code <key>_idx, <key>_id, kind, segment, interactions, value_sum}, one row per entity, kind
 * and segment it has interactions in.
 */
public final class ValueSegments {
  public static final String ITEMS = "item_segments";
  public static final String USERS = "user_segments";
  static final String KIND = "kind";
  static final String SEGMENT = "segment";
  private static final int RANGES = 3;

  private ValueSegments() {}

  /**
   * The segments of every item's value ({@code forItems}) or every user's.
   *
   * @param valued {@code value/interactions}: ids, rating, timestamp, value
   * @param implicit implicit feedback (residuals against 1, no rating-level split)
   */
  public static Dataset<Row> of(Dataset<Row> valued, Dataset<Row> userFactors, Dataset<Row> itemFactors,
      boolean implicit, boolean forItems) {
    String key = forItems ? ITEM_IDX : USER_IDX;
    String keyId = forItems ? ITEM_ID : USER_ID;
    String other = forItems ? USER_IDX : ITEM_IDX;
    Dataset<Row> rows = withScore(valued, userFactors, itemFactors);
    List<Dataset<Row>> parts = new ArrayList<>();
    // activity of the other side
    Dataset<Row> activity = rows.join(rows.groupBy(other).agg(count(lit(1)).cast("double").as("_activity")), other);
    parts.add(named(QuantileRanges.cut(activity, "_activity", "_r", RANGES, false,
        forItems ? "raters with %s–%s ratings" : "items with %s–%s ratings"), forItems ? "rater_activity" : "item_popularity"));
    if (!implicit) {
      Dataset<Row> level = rows.join(rows.groupBy(other).agg(avg(col(RATING)).as("_mean")), other);
      parts.add(level.withColumn(KIND, lit(forItems ? "rating_vs_rater_mean" : "rating_vs_item_mean"))
          .withColumn(SEGMENT, when(col(RATING).gt(col("_mean")), forItems ? "above the rater's mean" : "above the item's mean")
              .otherwise(forItems ? "at or below the rater's mean" : "at or below the item's mean")));
    }
    Column target = implicit ? lit(1.0) : col(RATING);
    parts.add(rows.withColumn(KIND, lit("residual_sign")).withColumn(SEGMENT,
        when(target.minus(col("_score")).gt(0), "model under-predicts").otherwise("model over-predicts or fits")));
    Dataset<Row> timed = rows.filter(col(TIMESTAMP).isNotNull()).withColumn("_time", col(TIMESTAMP).cast("double"));
    if (!timed.isEmpty()) {
      parts.add(named(QuantileRanges.cut(timed, "_time", "_r", RANGES, true, "%s to %s"), "time"));
    }
    Dataset<Row> all = null;
    for (Dataset<Row> p : parts) {
      Dataset<Row> s = p.select(col(key), col(keyId).cast("string").as(keyId), col(KIND), col(SEGMENT),
          col(ValueSchemas.VALUE));
      all = all == null ? s : all.unionByName(s);
    }
    return all.groupBy(key, keyId, KIND, SEGMENT)
        .agg(count(lit(1)).as("interactions"), sum(col(ValueSchemas.VALUE)).as("value_sum"));
  }

  private static Dataset<Row> named(QuantileRanges r, String kind) {
    Column names = array(r.names().stream().map(n -> lit(n)).toArray(Column[]::new));
    return r.rows().withColumn(KIND, lit(kind)).withColumn(SEGMENT, element_at(names, col("_r").plus(1)));
  }

  /** The rows with the model's score {@code x_u·y_i} in {@code _score}. */
  private static Dataset<Row> withScore(Dataset<Row> valued, Dataset<Row> userFactors, Dataset<Row> itemFactors) {
    Dataset<Row> x = userFactors.select(col(USER_IDX), col(FactorTables.FACTORS).as("_x"));
    Dataset<Row> y = itemFactors.select(col(ITEM_IDX), col(FactorTables.FACTORS).as("_y"));
    return valued.join(x, scala.collection.JavaConverters.asScalaBuffer(List.of(USER_IDX)).toSeq(), "left").join(y, scala.collection.JavaConverters.asScalaBuffer(List.of(ITEM_IDX)).toSeq(), "left")
        .withColumn("_score", aggregate(zip_with(col("_x"), col("_y"), (a, b) -> a.multiply(b)), lit(0.0),
            (acc, v) -> acc.plus(v)))
        .drop("_x", "_y");
  }
}
