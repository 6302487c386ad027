package io.recvalue.core.train;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.MllibAlsReference;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark MLlib's {@code ALS} as a black box ({@link MllibAlsReference}): it has no per-row weight and
 * no initial factors, so it takes 0/1 masks only (rows of weight 0 are left out) and every fit starts
 * from MLlib's own seeded initialisation and runs {@code maxIter} sweeps.
 */
public final class MllibAlsTrainer implements Trainer {
  public static final String ID = "mllib";
  private final AlsParams params;

  public MllibAlsTrainer(AlsParams params) {
    this.params = params;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean warmStarts() {
    return false;
  }

  @Override
  public boolean weighted() {
    return false;
  }

  @Override
  public AlsModel fit(SparkSession spark, Dataset<Row> rows, AlsModel warmStart) {
    List<Row> bad = rows.filter(col(WEIGHT).notEqual(0.0).and(col(WEIGHT).notEqual(1.0)))
        .select(USER_IDX, ITEM_IDX, WEIGHT).limit(1).collectAsList();
    if (!bad.isEmpty()) {
      Row r = bad.get(0);
      throw new IllegalArgumentException("the mllib trainer takes 0/1 weights (masks) only; the row (user_idx "
          + r.getInt(0) + ", item_idx " + r.getInt(1) + ") has weight " + r.getDouble(2)
          + " (use the als trainer for real-valued weights)");
    }
    return MllibAlsReference.fit(spark, rows.filter(col(WEIGHT).equalTo(1.0)), params).model();
  }

  /** MLlib cannot start from given factors, so an episode is a whole training. */
  @Override
  public Trainer forEpisodes(int sweeps) {
    return this;
  }
}
