package io.recvalue.explain.features;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_ID;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.when;

import io.recvalue.valuation.output.ValueSchemas;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Features of a training interaction {@code (u, i, r)}:
 *
 * <table>
 *   <caption>interaction features</caption>
 *   <tr><td>rating</td><td>r</td></tr>
 *   <tr><td>user_deviation</td><td>r − the user's mean rating</td></tr>
 *   <tr><td>item_deviation</td><td>r − the item's mean rating</td></tr>
 *   <tr><td>user_activity</td><td>the user's training interactions</td></tr>
 *   <tr><td>item_popularity</td><td>the item's training interactions</td></tr>
 *   <tr><td>history_position</td><td>where in the user's history it falls, 0 (first) to 1 (last), by
 *       timestamp (ties by item index); dropped when the log has no timestamps</td></tr>
 *   <tr><td>residual</td><td>r − x_u·y_i of the trained model</td></tr>
 *   <tr><td>user_validation_alignment</td><td>Σ over the user's validation ratings {@code (u, v)} of
 *       e_ui · e_uv · (y_i · y_v): whether this rating's error points the way the user's held-out
 *       errors do, through similar items; 0 when the user has no validation rating (see
 *       {@link ValidationAlignment})</td></tr>
 *   <tr><td>item_validation_alignment</td><td>Σ over the item's validation ratings {@code (w, i)} of
 *       e_ui · e_wi · (x_u · x_w): the same through the item's held-out ratings and similar users; 0
 *       when the item has none</td></tr>
 * </table>
 *
 * The value explained is the interaction's {@code value}, the surrogate's target the same transform
 * of it as at the item level ({@link ExplainTarget}).
 */
public final class InteractionFeatures {
  public static final List<String> KEYS = List.of(USER_IDX, ITEM_IDX, USER_ID, ITEM_ID);

  private InteractionFeatures() {}

  /**
   * @param valued the {@code values} table (training interactions with their values and ids)
   * @param validation {@code ingest/validation}
   */
  public static FeatureTable build(Dataset<Row> valued, Dataset<Row> validation, Dataset<Row> userFactors,
      Dataset<Row> itemFactors, ExplainTarget target, long rootSeed, double holdoutFraction) {
    Dataset<Row> alignment = ValidationAlignment.perInteraction(valued, validation, userFactors, itemFactors)
        .withColumnRenamed(USER_IDX, "_au");
    Dataset<Row> rows = ModelScores.attach(valued.select(col(USER_IDX), col(ITEM_IDX),
        col(USER_ID).cast("string").as(USER_ID), col(ITEM_ID).cast("string").as(ITEM_ID), col(RATING),
        col(TIMESTAMP), col(ValueSchemas.VALUE)), userFactors, itemFactors);
    Dataset<Row> users = rows.groupBy(USER_IDX).agg(count(lit(1)).as("user_activity"), avg(col(RATING)).as("_user_mean"))
        .withColumnRenamed(USER_IDX, "_u");
    Dataset<Row> items = rows.groupBy(ITEM_IDX).agg(count(lit(1)).as("item_popularity"), avg(col(RATING)).as("_item_mean"))
        .withColumnRenamed(ITEM_IDX, "_i");
    Dataset<Row> table = rows
        .join(users, col(USER_IDX).equalTo(col("_u"))).drop("_u")
        .join(items, col(ITEM_IDX).equalTo(col("_i"))).drop("_i")
        .withColumn("user_deviation", col(RATING).minus(col("_user_mean")))
        .withColumn("item_deviation", col(RATING).minus(col("_item_mean")))
        .withColumn("history_position", when(col(TIMESTAMP).isNotNull(),
            percent_rank().over(Window.partitionBy(USER_IDX).orderBy(col(TIMESTAMP), col(ITEM_IDX)))))
        .join(alignment, col(USER_IDX).equalTo(col("_au")).and(col(ITEM_IDX).equalTo(col(ValidationAlignment.ITEM))),
            "left_outer").drop("_au", ValidationAlignment.ITEM)
        .withColumn(ValidationAlignment.USER_SIDE, coalesce(col(ValidationAlignment.USER_SIDE), lit(0.0)))
        .withColumn(ValidationAlignment.ITEM_SIDE, coalesce(col(ValidationAlignment.ITEM_SIDE), lit(0.0)))
        .cache();
    List<String> candidates = List.of(RATING, "user_deviation", "item_deviation", "user_activity",
        "item_popularity", "history_position", ModelScores.RESIDUAL, ValidationAlignment.USER_SIDE, ValidationAlignment.ITEM_SIDE);
    return FeatureAssembly.assemble(table, KEYS, List.of(), concat(col(USER_ID), lit("\u0000"), col(ITEM_ID)),
        candidates, col(ValueSchemas.VALUE), target, rootSeed, holdoutFraction, "interaction");
  }
}
