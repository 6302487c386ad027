package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;

import io.recvalue.valuation.math.BlockDiagonal;
import io.recvalue.valuation.output.ValueSchemas;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Table {@code value/leverage}: every valued interaction's leverage on its user's and its item's factor
 * at {@code θ*} ({@link BlockDiagonal#leverage}, the same diagonal Hessian blocks as the block-diagonal
 * preconditioner), and whether its first-order value is reliable ({@code leverage ≤}
 * {@link BlockDiagonal#UNRELIABLE_LEVERAGE}). Each side is one pass over the cached blocks (a {@code k×k}
 * factorisation per entity and a pair of triangular solves per interaction); the two sides meet in one
 * SQL join on {@code (user_idx, item_idx)}: a sort-merge join of compact binary rows that spills to disk
 * in sorted runs, where an RDD join would hold a block's pairs as boxed objects. Lazy: computed when
 * written.
 */
public final class DistributedLeverage {
  private DistributedLeverage() {}

  private static final String USER_SIDE = "leverage_user";
  private static final String ITEM_SIDE = "leverage_item";

  /** Rows of {@link ValueSchemas#LEVERAGE} for the objective {@code f} at its {@code θ*}. */
  public static Dataset<Row> table(SparkSession spark, DistributedObjective f) {
    double[] gramY = f.dense() == null ? null : f.dense().gramY();
    double[] gramX = f.dense() == null ? null : f.dense().gramX();
    Dataset<Row> userSide = spark.createDataFrame(f.blocks().leverage(true, gramY), side(USER_SIDE));
    Dataset<Row> itemSide = spark.createDataFrame(f.blocks().leverage(false, gramX), side(ITEM_SIDE));
    Column h = greatest(col(USER_SIDE), col(ITEM_SIDE));
    Dataset<Row> joined = userSide.join(itemSide,
        scala.collection.JavaConverters.asScalaBuffer(Arrays.asList(USER_IDX, ITEM_IDX)).toSeq());
    return joined.select(col(USER_IDX), col(ITEM_IDX), col(USER_SIDE), col(ITEM_SIDE),
        h.as("leverage"), h.leq(BlockDiagonal.UNRELIABLE_LEVERAGE).as("reliable"));
  }

  private static StructType side(String column) {
    return new StructType()
        .add(USER_IDX, DataTypes.IntegerType, false)
        .add(ITEM_IDX, DataTypes.IntegerType, false)
        .add(column, DataTypes.DoubleType, false);
  }
}
