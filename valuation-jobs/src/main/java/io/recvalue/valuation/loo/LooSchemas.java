package io.recvalue.valuation.loo;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Tables of a leave-one-out check ({@link LooLayout}; long format: one row per interaction or group and method).
 * {@code predicted} is the method's value (the predicted change of {@code L_V} when removed; for a
 * group, the sum of its values) and {@code actual} the change measured by retraining.
 */
public final class LooSchemas {
  private LooSchemas() {}

  /** {@code verify-loo/interactions}: selection is {@code random} or {@code largest_abs_value}. */
  public static final StructType INTERACTIONS = new StructType()
      .add(USER_IDX, DataTypes.IntegerType, false)
      .add(ITEM_IDX, DataTypes.IntegerType, false)
      .add("selection", DataTypes.StringType, false)
      .add("method", DataTypes.StringType, false)
      .add("predicted", DataTypes.DoubleType, false)
      .add("actual", DataTypes.DoubleType, false)
      .add("retrain_sweeps", DataTypes.IntegerType, false)
      .add("retrain_converged", DataTypes.BooleanType, false)
      .add("leverage", DataTypes.DoubleType, false);

  /** {@code verify-loo/groups}: selection is {@code random}, {@code lowest_value} or {@code highest_value}. */
  public static final StructType GROUPS = new StructType()
      .add("selection", DataTypes.StringType, false)
      .add("fraction", DataTypes.DoubleType, false)
      .add("size", DataTypes.IntegerType, false)
      .add("method", DataTypes.StringType, false)
      .add("predicted", DataTypes.DoubleType, false)
      .add("actual", DataTypes.DoubleType, false)
      .add("retrain_sweeps", DataTypes.IntegerType, false)
      .add("retrain_converged", DataTypes.BooleanType, false);

  /**
   * {@code verify-loo/summary}: correlations of predicted with actual, over all and per half, and over the
   * sample without the interactions whose {@code leverage} exceeds
   * {@link io.recvalue.valuation.math.BlockDiagonal#UNRELIABLE_LEVERAGE} ({@code flagged} of them).
   */
  public static final StructType SUMMARY = new StructType()
      .add("method", DataTypes.StringType, false)
      .add("sample", DataTypes.IntegerType, false)
      .add("pearson", DataTypes.DoubleType, false)
      .add("spearman", DataTypes.DoubleType, false)
      .add("pearson_random_half", DataTypes.DoubleType, false)
      .add("spearman_random_half", DataTypes.DoubleType, false)
      .add("pearson_largest_half", DataTypes.DoubleType, false)
      .add("spearman_largest_half", DataTypes.DoubleType, false)
      .add("flagged", DataTypes.IntegerType, false)
      .add("pearson_unflagged", DataTypes.DoubleType, false)
      .add("spearman_unflagged", DataTypes.DoubleType, false);
}
