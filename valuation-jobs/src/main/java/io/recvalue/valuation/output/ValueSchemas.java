package io.recvalue.valuation.output;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Column names and exact schemas of the value tables (folders of {@link ValueLayout}).
 *
 * <pre>
 *   value/interactions  user_idx int, item_idx int, rating double, weight double, timestamp long,
 *                       value double, method string
 *   value/items         item_idx int, interaction_count long, value_count long, value_sum double,
 *                       value_mean double, negative_share double
 *   value/users         user_idx int, (the same aggregate columns)
 * </pre>
 *
 * {@code value} is {@code sᵀ∇ℓ_j}: positive when the interaction helps validation, negative when it
 * hurts. {@code negative_share} is the fraction of the entity's values that are {@code < 0}.
 */
public final class ValueSchemas {
  public static final String VALUE = "value";
  public static final String METHOD = "method";
  public static final String INTERACTION_COUNT = "interaction_count";
  public static final String VALUE_COUNT = "value_count";
  public static final String VALUE_SUM = "value_sum";
  public static final String VALUE_MEAN = "value_mean";
  public static final String NEGATIVE_SHARE = "negative_share";

  /** Schema of {@code value/interactions} (before the ids are attached). */
  public static final StructType VALUES = new StructType()
      .add(USER_IDX, DataTypes.IntegerType, false)
      .add(ITEM_IDX, DataTypes.IntegerType, false)
      .add(RATING, DataTypes.DoubleType, false)
      .add(WEIGHT, DataTypes.DoubleType, false)
      .add(TIMESTAMP, DataTypes.LongType, true)
      .add(VALUE, DataTypes.DoubleType, false)
      .add(METHOD, DataTypes.StringType, false);

  /** The name of the decomposition table beside the values ({@code value/decomposition}). */
  public static final String DECOMPOSITION_TABLE = "decomposition";
  /**
   * Table {@code value/validation_segments} (influence and blockdiag with {@code
   * value.validation-segments}): {@code user_idx, item_idx, segment, value}, one row per valued
   * interaction and validation segment; a row's values add up to its value.
   */
  public static final String VALIDATION_SEGMENTS_TABLE = "validation_segments";
  public static final String SEGMENT = "segment";

  /** The name of the leverage table beside the values ({@code value/leverage}, influence and blockdiag). */
  public static final String LEVERAGE_TABLE = "leverage";

  /**
   * Schema of {@code value/leverage}: per valued interaction, its leverage on its user's and its item's
   * factor at {@code θ*}, their maximum, and {@code reliable = leverage ≤ 0.5}: above that, removing the
   * interaction changes more than a first-order value foresees (derivation in
   * {@link io.recvalue.valuation.math.BlockDiagonal#leverage}).
   */
  public static final StructType LEVERAGE = new StructType()
      .add(USER_IDX, DataTypes.IntegerType, false)
      .add(ITEM_IDX, DataTypes.IntegerType, false)
      .add("leverage_user", DataTypes.DoubleType, false)
      .add("leverage_item", DataTypes.DoubleType, false)
      .add("leverage", DataTypes.DoubleType, false)
      .add("reliable", DataTypes.BooleanType, false);

  /**
   * Schema of {@code value/decomposition} (influence and blockdiag): each value split exactly into
   * its fit and regularisation terms, {@code value = fit_term + regularisation_term}, with
   * {@code fit_term = loss_slope · alignment} and {@code regularisation_term = 2λ · shrinkage}
   * (derivation in {@link io.recvalue.valuation.spark.InfluenceValues}).
   */
  public static final StructType DECOMPOSITION = new StructType()
      .add(USER_IDX, DataTypes.IntegerType, false)
      .add(ITEM_IDX, DataTypes.IntegerType, false)
      .add("score", DataTypes.DoubleType, false)
      .add("loss_slope", DataTypes.DoubleType, false)
      .add("alignment", DataTypes.DoubleType, false)
      .add("shrinkage", DataTypes.DoubleType, false)
      .add("fit_term", DataTypes.DoubleType, false)
      .add("regularisation_term", DataTypes.DoubleType, false)
      .add(VALUE, DataTypes.DoubleType, false);

  private ValueSchemas() {}

  /** Schema of {@code value/items} ({@code key = item_idx}) or {@code value/users}. */
  public static StructType aggregate(String key) {
    return new StructType()
        .add(key, DataTypes.IntegerType, false)
        .add(INTERACTION_COUNT, DataTypes.LongType, false)
        .add(VALUE_COUNT, DataTypes.LongType, false)
        .add(VALUE_SUM, DataTypes.DoubleType, true)
        .add(VALUE_MEAN, DataTypes.DoubleType, true)
        .add(NEGATIVE_SHARE, DataTypes.DoubleType, true);
  }
}
