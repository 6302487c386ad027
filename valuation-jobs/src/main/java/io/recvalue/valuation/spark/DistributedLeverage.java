package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.BlockDiagonal;
import io.recvalue.valuation.output.ValueSchemas;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Table {@code value/leverage}: every valued interaction's leverage on its user's and its item's factor
 * at {@code θ*} ({@link BlockDiagonal#leverage}, the same diagonal Hessian blocks as the block-diagonal
 * preconditioner), and whether its first-order value is reliable ({@code leverage ≤}
 * {@link BlockDiagonal#UNRELIABLE_LEVERAGE}). Each side is one pass over the cached blocks (a {@code k×k}
 * factorisation per entity and a pair of triangular solves per interaction); the two sides meet in one
 * join by pair. Lazy: computed when written.
 */
public final class DistributedLeverage {
  private DistributedLeverage() {}

  /** Rows of {@link ValueSchemas#LEVERAGE} for the objective {@code f} at its {@code θ*}. */
  public static Dataset<Row> table(SparkSession spark, DistributedObjective f) {
    double[] gramY = f.dense() == null ? null : f.dense().gramY();
    double[] gramX = f.dense() == null ? null : f.dense().gramX();
    double limit = BlockDiagonal.UNRELIABLE_LEVERAGE;
    JavaRDD<Row> rows = f.blocks().leverage(true, gramY).join(f.blocks().leverage(false, gramX)).map(t -> {
      double hu = t._2._1;
      double hi = t._2._2;
      double h = Math.max(hu, hi);
      return RowFactory.create((int) (t._1 >>> 32), (int) (t._1 & 0xffffffffL), hu, hi, h, h <= limit);
    });
    return spark.createDataFrame(rows, ValueSchemas.LEVERAGE);
  }
}
