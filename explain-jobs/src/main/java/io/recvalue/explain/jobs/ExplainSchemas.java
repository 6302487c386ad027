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
 *   explain/items                item_idx int, item_id string, target double, prediction double,
 *                                base_value double, heldout boolean, permutations int,
 *                                max_se_over_range double, converged boolean,
 *                                surrogate_r2_heldout double        (one row per item)
 *   explain/feature_importance   rank int, feature string, mean_abs_phi double, mean_phi double
 * </pre>
 *
 * The interaction level ({@code explain.interactions=true}) writes {@code explain/interaction_attributions},
 * {@code explain/interactions} and {@code explain/interaction_feature_importance} with the keys
 * {@code user_idx int, item_idx int, user_id string, item_id string} in place of the item keys.
 * {@code target} is the value explained, {@code prediction} the surrogate's {@code g(x)},
 * {@code base_value} {@code E g(z)} over the background; per row {@code Σ phi = prediction −
 * base_value}. {@code surrogate_r2_heldout} (the same on every row) travels with each explanation so
 * that none is read without the fit of the model it explains.
 */
public final class ExplainSchemas {
  public static final String FEATURE = "feature";
  public static final String PHI = "phi";
  public static final String SE = "se";
  public static final String FEATURE_VALUE = "feature_value";
  public static final String TARGET = "target";
  public static final String PREDICTION = "prediction";
  public static final String BASE_VALUE = "base_value";
  public static final String HELDOUT = "heldout";
  public static final String PERMUTATIONS = "permutations";
  public static final String MAX_SE_OVER_RANGE = "max_se_over_range";
  public static final String CONVERGED = "converged";
  public static final String SURROGATE_R2 = "surrogate_r2_heldout";
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

  /** The explained rows ({@code explain/items}): the keys, then the per-row summary. */
  public static StructType rows(StructType keys) {
    return keys.add(TARGET, DataTypes.DoubleType, true).add(PREDICTION, DataTypes.DoubleType, true)
        .add(BASE_VALUE, DataTypes.DoubleType, true).add(HELDOUT, DataTypes.BooleanType, true)
        .add(PERMUTATIONS, DataTypes.IntegerType, true).add(MAX_SE_OVER_RANGE, DataTypes.DoubleType, true)
        .add(CONVERGED, DataTypes.BooleanType, true).add(SURROGATE_R2, DataTypes.DoubleType, true);
  }

  /** {@code explain/feature_importance}. */
  public static StructType importance() {
    return new StructType().add(RANK, DataTypes.IntegerType, false).add(FEATURE, DataTypes.StringType, false)
        .add(MEAN_ABS_PHI, DataTypes.DoubleType, false).add(MEAN_PHI, DataTypes.DoubleType, false);
  }
}
