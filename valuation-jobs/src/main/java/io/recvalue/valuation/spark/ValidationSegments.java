package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.data.QuantileRanges;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How the validation loss is split into segments for per-segment values ({@code
 * value.validation-segments}): by the held-out user's activity or the held-out item's popularity
 * (training interactions), cut at quantiles over the held-out pairs into at most
 * {@code value.validation-segment-count} ranges. Every validation pair (and, for implicit data, its
 * negatives, which share the user, or are judged by their own item) is in exactly one segment, so
 * {@code L_V = Σ_G L_{V_G}} and, the solve being linear, {@code value_j = Σ_G value_j^(G)}.
 *
 * @param byUser segments of the held-out users (else of the items)
 * @param count most segments
 */
public record ValidationSegments(boolean byUser, int count) {

  /** The configured split, or empty for {@code none}. */
  public static Optional<ValidationSegments> from(RecvalueConfig c) {
    String by = c.getString("value.validation-segments");
    return switch (by) {
      case "none" -> Optional.empty();
      case "user-activity" -> Optional.of(new ValidationSegments(true, c.getInt("value.validation-segment-count")));
      case "item-popularity" -> Optional.of(new ValidationSegments(false, c.getInt("value.validation-segment-count")));
      default -> throw new IllegalArgumentException("value.validation-segments must be none, user-activity or"
          + " item-popularity, got '" + by + "'");
    };
  }

  /**
   * The segment of every entity and the segments' names.
   *
   * @param segmentOf by dense user (or item) index, {@code 0 .. entities−1}
   * @param names by segment
   */
  public record Assignment(int[] segmentOf, List<String> names) {}

  /** Segments from the training counts, cut over the validation pairs. */
  public Assignment assign(Dataset<Row> train, Dataset<Row> validation, int entities) {
    String key = byUser ? USER_IDX : ITEM_IDX;
    Dataset<Row> counts = train.filter(col(WEIGHT).gt(0)).groupBy(key).agg(org.apache.spark.sql.functions.count(lit(1)).cast("double").as("_count"));
    Dataset<Row> pairs = validation.select(col(key)).join(counts, scala.collection.JavaConverters
        .asScalaBuffer(List.of(key)).toSeq(), "left").withColumn("_count", coalesce(col("_count"), lit(0.0)));
    QuantileRanges r = QuantileRanges.cut(pairs, "_count", "_segment", count, false,
        byUser ? "held-out users with %s–%s training interactions" : "held-out items with %s–%s training interactions");
    int[] segmentOf = new int[entities];
    java.util.Arrays.fill(segmentOf, r.indexOf(0));
    for (Row row : counts.collectAsList()) {
      int e = row.getInt(0);
      if (e >= 0 && e < entities) {
        segmentOf[e] = r.indexOf(row.getDouble(1));
      }
    }
    return new Assignment(segmentOf, r.names());
  }
}
