package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;

import io.recvalue.core.seed.Seeds;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The validation loss {@code L_V} of docs/methods.md §2. Explicit: mean squared error of the predictions on the
 * validation pairs. Implicit: mean squared error against target 1 on the held-out positives and target
 * 0 on one negative item per positive, drawn uniformly from {@code [0, numItems)} with the seed
 * {@code Seeds.derive(seed, "als.validation.negative", (u << 32) | i)} — a fixed sample, independent of
 * partitioning. Pairs whose user or item has no factors are left out (as in {@link AlsModel#predict}).
 */
public final class ValidationLoss {
  static final String TARGET = "__target";
  private final Dataset<Row> pairs;

  private ValidationLoss(Dataset<Row> pairs) {
    this.pairs = pairs;
  }

  /** The scored pairs {@code (user_idx, item_idx, __target)} (cached until {@link #unpersist}). */
  public static ValidationLoss of(Dataset<Row> validation, boolean implicit, int numItems, long seed) {
    Dataset<Row> pos = validation.select(col(USER_IDX), col(ITEM_IDX),
        implicit ? lit(1.0).as(TARGET) : col(RATING).cast("double").as(TARGET));
    if (!implicit) {
      return new ValidationLoss(pos.cache());
    }
    JavaRDD<Row> neg = pos.javaRDD().map(r -> RowFactory.create(r.getInt(0), negative(seed, r.getInt(0), r.getInt(1), numItems), 0.0));
    StructType schema = new StructType().add(USER_IDX, DataTypes.IntegerType).add(ITEM_IDX, DataTypes.IntegerType)
        .add(TARGET, DataTypes.DoubleType);
    return new ValidationLoss(pos.union(validation.sparkSession().createDataFrame(neg, schema)).cache());
  }

  /** The seeded negative item for validation positive {@code (u, i)}. */
  public static int negative(long seed, int u, int i, int numItems) {
    long key = ((long) u << 32) | (i & 0xffffffffL);
    return (int) Math.floor(Seeds.uniform(seed, "als.validation.negative", key) * numItems);
  }

  /** {@code L_V} of a model. */
  public double of(AlsModel model) {
    Row r = model.predict(pairs).agg(avg(pow(col(TARGET).minus(col(AlsModel.PREDICTION)), 2))).first();
    return r.isNullAt(0) ? Double.NaN : r.getDouble(0);
  }

  public void unpersist() {
    pairs.unpersist(false);
  }
}
