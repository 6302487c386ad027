package io.recvalue.explain.features;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How training ratings relate to held-out ratings, the quantity influence values are made of. For
 * squared loss the value of a training rating {@code (u, i)} is, to first order through the user's
 * factors, proportional to {@code e_ui · e_uv · y_iᵀ A_u⁻¹ y_v} summed over the user's validation
 * ratings {@code (u, v)} ({@code e} the residuals {@code r − x·y}, {@code A_u} the user's
 * normal-equation matrix): a rating helps when its error and the rater's held-out error point the
 * same way along similar items. Through the item's factors the mirror image holds, over the item's
 * validation ratings {@code (w, i)} and similar users. Without the solve ({@code A_u⁻¹ → I}) these
 * are interpretable features:
 *
 * <pre>
 *   validation_alignment(i)         = Σ_{u rated i} Σ_{(u,v) ∈ V} e_ui · e_uv · (y_i · y_v)
 *   rater_validation_residual(i)    = mean over those pairs of e_uv
 *   user_validation_alignment(u, i) = Σ_{(u,v) ∈ V} e_ui · e_uv · (y_i · y_v)
 *   item_validation_alignment(u, i) = Σ_{(w,i) ∈ V} e_ui · e_wi · (x_u · x_w)
 * </pre>
 *
 * The first two are item features ({@link #perItem}; items whose raters have no validation rating
 * get nulls, 0 after assembly), the last two interaction features ({@link #perInteraction}; the
 * item feature is the user-side one summed over the item's raters).
 */
public final class ValidationAlignment {
  public static final String ITEM = "_alignment_item";
  public static final String ALIGNMENT = "validation_alignment";
  public static final String RATER_RESIDUAL = "rater_validation_residual";
  public static final String USER_SIDE = "user_validation_alignment";
  public static final String ITEM_SIDE = "item_validation_alignment";
  /** One term of the sums, on the rows of {@link #pairs}: {@code e · e_v · (f · f_v)}. */
  private static final Column TERM = col("_e").multiply(col("_ev")).multiply(col("_dot"));

  private ValidationAlignment() {}

  /** {@code _alignment_item, rater_validation_residual, validation_alignment}. */
  public static Dataset<Row> perItem(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> userFactors,
      Dataset<Row> itemFactors) {
    return pairs(train, validation, userFactors, itemFactors, true).groupBy(ITEM)
        .agg(avg(col("_ev")).as(RATER_RESIDUAL), sum(TERM).as(ALIGNMENT));
  }

  /**
   * {@code user_idx, _alignment_item, user_validation_alignment, item_validation_alignment} per
   * training interaction; a side with no validation rating (of the user, of the item) is null.
   * Interactions with neither are absent.
   */
  public static Dataset<Row> perInteraction(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> userFactors,
      Dataset<Row> itemFactors) {
    Dataset<Row> throughUser = pairs(train, validation, userFactors, itemFactors, true)
        .groupBy(col(USER_IDX), col(ITEM)).agg(sum(TERM).as(USER_SIDE));
    Dataset<Row> throughItem = pairs(train, validation, userFactors, itemFactors, false)
        .groupBy(col(USER_IDX), col(ITEM)).agg(sum(TERM).as(ITEM_SIDE));
    Dataset<Row> other = throughItem.select(col(USER_IDX).as("_u2"), col(ITEM).as("_i2"), col(ITEM_SIDE));
    return throughUser.join(other, col(USER_IDX).equalTo(col("_u2")).and(col(ITEM).equalTo(col("_i2"))), "full_outer")
        .select(coalesce(col(USER_IDX), col("_u2")).as(USER_IDX), coalesce(col(ITEM), col("_i2")).as(ITEM),
            col(USER_SIDE), col(ITEM_SIDE));
  }

  /**
   * Every training interaction {@code (u, i)} paired with each validation rating of its user
   * ({@code throughUser}; {@code _dot = y_i · y_v}) or of its item ({@code _dot = x_u · x_w}),
   * with both residuals {@code _e}, {@code _ev}; keyed {@code user_idx, _alignment_item}.
   */
  private static Dataset<Row> pairs(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> userFactors,
      Dataset<Row> itemFactors, boolean throughUser) {
    String shared = throughUser ? USER_IDX : ITEM_IDX;
    String other = throughUser ? ITEM_IDX : USER_IDX;
    Dataset<Row> otherFactors = (throughUser ? itemFactors : userFactors).select(col(other), col("factors").as("_f"));
    Dataset<Row> t = ModelScores.attach(train.select(col(USER_IDX), col(ITEM_IDX), col(RATING)), userFactors, itemFactors)
        .join(otherFactors, other)
        .select(col(USER_IDX), col(ITEM_IDX).as(ITEM), col(ModelScores.RESIDUAL).as("_e"), col("_f"));
    Dataset<Row> v = ModelScores.attach(validation.select(col(USER_IDX), col(ITEM_IDX), col(RATING)), userFactors,
            itemFactors)
        .join(otherFactors, other)
        .select(col(shared).as("_shared"), col(ModelScores.RESIDUAL).as("_ev"), col("_f").as("_fv"));
    return t.join(v, col(throughUser ? USER_IDX : ITEM).equalTo(col("_shared")))
        .withColumn("_dot", expr("aggregate(zip_with(_f, _fv, (a, b) -> a * b), 0D, (s, x) -> s + x)"));
  }
}
