package io.recvalue.explain.features;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How an item's training ratings relate to its raters' held-out ratings, the quantity influence values
 * are made of. For squared loss the value of a training rating {@code (u, i)} is, to first order
 * through the user's factors, proportional to {@code e_ui · e_uv · y_iᵀ A_u⁻¹ y_v} summed over the
 * user's validation ratings {@code (u, v)} ({@code e} the residuals {@code r − x·y}, {@code A_u} the
 * user's normal-equation matrix): a rating helps when its error and the rater's held-out error point
 * the same way along similar items. Without the solve ({@code A_u⁻¹ → I}) this is an interpretable
 * feature:
 *
 * <pre>
 *   validation_alignment(i)      = Σ_{u rated i} Σ_{(u,v) ∈ V} e_ui · e_uv · (y_i · y_v)
 *   rater_validation_residual(i) = mean over those pairs of e_uv
 * </pre>
 *
 * Items whose raters have no validation rating get nulls (0 after assembly).
 */
public final class ValidationAlignment {
  public static final String ITEM = "_alignment_item";
  public static final String ALIGNMENT = "validation_alignment";
  public static final String RATER_RESIDUAL = "rater_validation_residual";

  private ValidationAlignment() {}

  /** {@code _alignment_item, rater_validation_residual, validation_alignment}. */
  public static Dataset<Row> perItem(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> userFactors,
      Dataset<Row> itemFactors) {
    Dataset<Row> items = itemFactors.select(col(ITEM_IDX), col("factors").as("_y"));
    Dataset<Row> t = ModelScores.attach(train.select(col(USER_IDX), col(ITEM_IDX), col(RATING)), userFactors, itemFactors)
        .join(items, ITEM_IDX)
        .select(col(USER_IDX), col(ITEM_IDX).as(ITEM), col(ModelScores.RESIDUAL).as("_e"), col("_y"));
    Dataset<Row> v = ModelScores.attach(validation.select(col(USER_IDX), col(ITEM_IDX), col(RATING)), userFactors,
            itemFactors)
        .join(items, ITEM_IDX)
        .select(col(USER_IDX).as("_vu"), col(ModelScores.RESIDUAL).as("_ev"), col("_y").as("_yv"));
    return t.join(v, col(USER_IDX).equalTo(col("_vu")))
        .withColumn("_dot", expr("aggregate(zip_with(_y, _yv, (a, b) -> a * b), 0D, (s, x) -> s + x)"))
        .groupBy(ITEM)
        .agg(avg(col("_ev")).as(RATER_RESIDUAL), sum(col("_e").multiply(col("_ev")).multiply(col("_dot"))).as(ALIGNMENT));
  }
}
