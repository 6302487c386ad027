package io.recvalue.explain.jobs;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_ID;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Column names and exact schemas of the explain stage's tables (ids are the log's ids as text; the
 * folders are those of {@link ExplainLayout}).
 *
 * <pre>
 *   explain/item_attributions    item_idx int, item_id string, feature string, phi double, se double,
 *                                feature_value double               (one row per item and feature)
 *   explain/items                item_idx int, item_id string, title string, value double,
 *                                target_name string, target double, prediction double,
 *                                base_value double, heldout boolean, permutations int,
 *                                max_se_over_range double, converged boolean,
 *                                surrogate_r2_heldout double, surrogate_spearman_heldout double,
 *                                surrogate_top_decile_precision_heldout double   (one row per item)
 *   explain/feature_importance   rank int, feature string, mean_abs_phi double, mean_phi double
 * </pre>
 *
 * The interaction level ({@code explain.interactions=true}) writes {@code explain/interaction_attributions},
 * {@code explain/interactions} and {@code explain/interaction_feature_importance} with the keys
 * {@code user_idx int, item_idx int, user_id string, item_id string} in place of the item keys and no
 * {@code title}. {@code title} is the item's title from the metadata (null without one). {@code value} is
 * the value (the item's {@code value_sum}, or {@code value_mean} with {@code explain.target =
 * value-mean}; the interaction's {@code value}), {@code target} what the surrogate was fitted to and
 * explains, made from it as {@code target_name} ({@code explain.target}) says; {@code prediction} the
 * surrogate's {@code g(x)}, {@code base_value} {@code E g(z)} over the background; per row {@code Σ phi =
 * prediction − base_value}, in the target's units. The surrogate's held-out fidelity (the same on every
 * row) travels with each explanation so that none is read without the fit of the model it explains.
 */
public final class ExplainSchemas {
  public static final String FEATURE = "feature";
  public static final String PHI = "phi";
  public static final String SE = "se";
  public static final String FEATURE_VALUE = "feature_value";
  public static final String TITLE = "title";
  public static final String VALUE = "value";
  public static final String TARGET_NAME = "target_name";
  public static final String TARGET = "target";
  public static final String PREDICTION = "prediction";
  public static final String BASE_VALUE = "base_value";
  public static final String HELDOUT = "heldout";
  public static final String PERMUTATIONS = "permutations";
  public static final String MAX_SE_OVER_RANGE = "max_se_over_range";
  public static final String CONVERGED = "converged";
  public static final String SURROGATE_R2 = "surrogate_r2_heldout";
  public static final String SURROGATE_SPEARMAN = "surrogate_spearman_heldout";
  public static final String SURROGATE_TOP_DECILE = "surrogate_top_decile_precision_heldout";
  public static final String RANK = "rank";
  public static final String MEAN_ABS_PHI = "mean_abs_phi";
  public static final String MEAN_PHI = "mean_phi";

  private ExplainSchemas() {}

  static StructType itemKeys() {
    return new StructType().add(ITEM_IDX, DataTypes.IntegerType, true).add(ITEM_ID, DataTypes.StringType, true);
  }

  static StructType interactionKeys() {
    return new StructType().add(USER_IDX, DataTypes.IntegerType, true).add(ITEM_IDX, DataTypes.IntegerType, true)
        .add(USER_ID, DataTypes.StringType, true).add(ITEM_ID, DataTypes.StringType, true);
  }

  /** The attributions ({@code explain/item_attributions}): the keys, then feature, phi, se, feature_value. */
  public static StructType explanations(StructType keys) {
    return keys.add(FEATURE, DataTypes.StringType, true).add(PHI, DataTypes.DoubleType, true)
        .add(SE, DataTypes.DoubleType, true).add(FEATURE_VALUE, DataTypes.DoubleType, true);
  }

  /** The explained items ({@code explain/items}). */
  public static StructType itemRows() {
    return rows(itemKeys().add(TITLE, DataTypes.StringType, true));
  }

  /** The explained interactions ({@code explain/interactions}). */
  public static StructType interactionRows() {
    return rows(interactionKeys());
  }

  /** The explained rows: the keys and labels, then the per-row summary. */
  private static StructType rows(StructType keysAndLabels) {
    return keysAndLabels.add(VALUE, DataTypes.DoubleType, true).add(TARGET_NAME, DataTypes.StringType, false)
        .add(TARGET, DataTypes.DoubleType, true).add(PREDICTION, DataTypes.DoubleType, true)
        .add(BASE_VALUE, DataTypes.DoubleType, true).add(HELDOUT, DataTypes.BooleanType, true)
        .add(PERMUTATIONS, DataTypes.IntegerType, true).add(MAX_SE_OVER_RANGE, DataTypes.DoubleType, true)
        .add(CONVERGED, DataTypes.BooleanType, true).add(SURROGATE_R2, DataTypes.DoubleType, true)
        .add(SURROGATE_SPEARMAN, DataTypes.DoubleType, true).add(SURROGATE_TOP_DECILE, DataTypes.DoubleType, true);
  }

  /** {@code explain/feature_importance}. */
  public static StructType importance() {
    return new StructType().add(RANK, DataTypes.IntegerType, false).add(FEATURE, DataTypes.StringType, false)
        .add(MEAN_ABS_PHI, DataTypes.DoubleType, false).add(MEAN_PHI, DataTypes.DoubleType, false);
  }
}
