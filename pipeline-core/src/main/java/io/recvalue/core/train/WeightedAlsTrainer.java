package io.recvalue.core.train;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.WeightedAls;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Our weighted ALS ({@link WeightedAls}): real-valued weights, warm starts, exact {@code double} solves. */
public final class WeightedAlsTrainer implements Trainer {
  public static final String ID = "als";
  private final AlsParams params;

  public WeightedAlsTrainer(AlsParams params) {
    this.params = params;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean warmStarts() {
    return true;
  }

  @Override
  public boolean weighted() {
    return true;
  }

  public AlsParams params() {
    return params;
  }

  @Override
  public AlsModel fit(SparkSession spark, Dataset<Row> rows, AlsModel warmStart) {
    return WeightedAls.fit(spark, rows, params, warmStart, null);
  }

  /** Exactly {@code sweeps} sweeps (tolerance 0) from the given factors. */
  @Override
  public Trainer forEpisodes(int sweeps) {
    if (sweeps < 1) {
      throw new IllegalArgumentException("an episode needs at least one sweep, got " + sweeps);
    }
    return new WeightedAlsTrainer(params.withMaxIter(sweeps).withTol(0));
  }
}
