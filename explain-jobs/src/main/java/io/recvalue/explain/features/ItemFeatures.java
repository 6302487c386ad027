package io.recvalue.explain.features;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.stddev_pop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Features of an item, from the training log, the validation split, the model and optional metadata:
 *
 * <table>
 *   <caption>item features</caption>
 *   <tr><td>popularity</td><td>training interactions of the item</td></tr>
 *   <tr><td>rating_mean, rating_std</td><td>mean and (population) standard deviation of its ratings</td></tr>
 *   <tr><td>rater_activity</td><td>mean number of training interactions of the users who rated it</td></tr>
 *   <tr><td>rater_deviation</td><td>mean of (rating − that user's mean rating): rated above or below users' habits</td></tr>
 *   <tr><td>age_days</td><td>days from the log's first timestamp to the item's first interaction</td></tr>
 *   <tr><td>recency_days</td><td>days from the item's last interaction to the log's last timestamp</td></tr>
 *   <tr><td>factor_norm</td><td>‖y_i‖ of the trained model</td></tr>
 *   <tr><td>train_residual_rms</td><td>root mean square of r − x_u·y_i over its training interactions</td></tr>
 *   <tr><td>validation_count</td><td>its held-out validation interactions</td></tr>
 *   <tr><td>validation_residual_mean</td><td>mean r − x_u·y_i over them (0 when none)</td></tr>
 *   <tr><td>rater_validation_residual</td><td>mean validation residual of its raters (0 when none)</td></tr>
 *   <tr><td>validation_alignment</td><td>Σ over its ratings and the rater's validation ratings of
 *       e_ui · e_uv · (y_i · y_v): whether its training errors point the way its raters' held-out
 *       errors do, through similar items (see {@link ValidationAlignment})</td></tr>
 *   <tr><td>year</td><td>metadata year; missing years get the mean of the known ones</td></tr>
 *   <tr><td>genre_*</td><td>1 when the item carries one of the {@code maxGenres} most frequent genres</td></tr>
 * </table>
 *
 * Features constant over all items (time features without timestamps, ...) are dropped by
 * {@link FeatureAssembly}. The value explained is the item's {@code value_sum} (or {@code value_mean})
 * from {@code value/items}, the surrogate's target a transform of it ({@link ExplainTarget}). The
 * item's {@code title} from the metadata (null without) travels along as a label.
 */
public final class ItemFeatures {
  static final double SECONDS_PER_DAY = 86_400.0;
  public static final List<String> KEYS = List.of(ITEM_IDX, ITEM_ID);

  private ItemFeatures() {}

  /**
   * @param valued the {@code values} table (training interactions with their values and ids)
   * @param validation {@code ingest/validation}
   * @param itemValues {@code value/items}
   * @param target what the surrogate is fitted to, from {@code value_sum} (or {@code value_mean})
   */
  public static FeatureTable build(SparkSession spark, Dataset<Row> valued, Dataset<Row> validation,
      Dataset<Row> itemValues, Dataset<Row> userFactors, Dataset<Row> itemFactors,
      Optional<ItemMetadata> metadata, ExplainTarget target, long rootSeed, double holdoutFraction) {
    Dataset<Row> train = ModelScores.attach(
        valued.select(col(USER_IDX), col(ITEM_IDX), col(RATING), col(TIMESTAMP)), userFactors, itemFactors);
    Dataset<Row> users = train.groupBy(USER_IDX)
        .agg(count(lit(1)).as("_activity"), avg(col(RATING)).as("_user_mean"));
    Row span = train.agg(min(col(TIMESTAMP)), max(col(TIMESTAMP))).first();
    Dataset<Row> stats = train.join(users, USER_IDX).groupBy(ITEM_IDX).agg(
        count(lit(1)).as("popularity"),
        avg(col(RATING)).as("rating_mean"),
        stddev_pop(col(RATING)).as("rating_std"),
        avg(col("_activity")).as("rater_activity"),
        avg(col(RATING).minus(col("_user_mean"))).as("rater_deviation"),
        min(col(TIMESTAMP)).as("_first"),
        max(col(TIMESTAMP)).as("_last"),
        sqrt(avg(col(ModelScores.RESIDUAL).multiply(col(ModelScores.RESIDUAL)))).as("train_residual_rms"));
    if (!span.isNullAt(0)) {
      stats = stats
          .withColumn("age_days", col("_first").minus(lit(span.getLong(0))).divide(SECONDS_PER_DAY))
          .withColumn("recency_days", lit(span.getLong(1)).minus(col("_last")).divide(SECONDS_PER_DAY));
    } else {
      stats = stats.withColumn("age_days", lit(null).cast("double")).withColumn("recency_days", lit(null).cast("double"));
    }
    Dataset<Row> held = ModelScores.attach(validation.select(col(USER_IDX), col(ITEM_IDX), col(RATING)),
            userFactors, itemFactors)
        .groupBy(ITEM_IDX).agg(count(lit(1)).as("validation_count"),
            avg(col(ModelScores.RESIDUAL)).as("validation_residual_mean"));
    Dataset<Row> alignment = ValidationAlignment.perItem(valued, validation, userFactors, itemFactors);
    Dataset<Row> items = itemValues.select(col(ITEM_IDX), col(ITEM_ID).cast("string").as(ITEM_ID),
            col(target.itemValueColumn()).as("_value"))
        .join(stats, ITEM_IDX)
        .join(ModelScores.itemFactorNorms(itemFactors), ITEM_IDX);
    held = held.withColumnRenamed(ITEM_IDX, "_held_item");
    items = items.join(held, col(ITEM_IDX).equalTo(col("_held_item")), "left_outer").drop("_held_item")
        .join(alignment, col(ITEM_IDX).equalTo(col(ValidationAlignment.ITEM)), "left_outer").drop(ValidationAlignment.ITEM)
        .withColumn("validation_count", coalesce(col("validation_count"), lit(0L)))
        .withColumn("validation_residual_mean", coalesce(col("validation_residual_mean"), lit(0.0)));

    List<String> candidates = new ArrayList<>(List.of("popularity", "rating_mean", "rating_std",
        "rater_activity", "rater_deviation", "age_days", "recency_days", "factor_norm",
        "train_residual_rms", "validation_count", "validation_residual_mean",
        ValidationAlignment.RATER_RESIDUAL, ValidationAlignment.ALIGNMENT));
    if (metadata.isPresent()) {
      ItemMetadata m = metadata.get();
      Dataset<Row> meta = m.read(spark).withColumnRenamed(ItemMetadata.ITEM_ID, "_meta_item");
      items = items.join(meta, col(ITEM_ID).equalTo(col("_meta_item")), "left_outer").drop("_meta_item");
      Row meanYear = items.agg(avg(col(ItemMetadata.YEAR))).first();
      if (!meanYear.isNullAt(0)) {
        items = items.withColumn(ItemMetadata.YEAR, coalesce(col(ItemMetadata.YEAR), lit(meanYear.getDouble(0))));
        candidates.add(ItemMetadata.YEAR);
      }
      for (String genre : ItemMetadata.topGenres(items, m.maxGenres())) {
        String name = ItemMetadata.featureName(genre);
        items = items.withColumn(name, coalesce(array_contains(col(ItemMetadata.GENRES), genre), lit(false)).cast("double"));
        candidates.add(name);
      }
    } else {
      items = items.withColumn(ItemMetadata.TITLE, lit(null).cast("string"));
    }
    items = items.cache();
    return FeatureAssembly.assemble(items, KEYS, List.of(ItemMetadata.TITLE), col(ITEM_ID), candidates, col("_value"),
        target, rootSeed, holdoutFraction, "item");
  }
}
