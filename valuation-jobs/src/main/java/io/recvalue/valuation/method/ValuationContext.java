package io.recvalue.valuation.method;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.config.RecvalueConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a {@link ValuationMethod} works on.
 *
 * @param spark the session
 * @param config the resolved configuration (each method reads its own keys)
 * @param train training interactions ({@code user_idx, item_idx, rating, weight, timestamp})
 * @param validation validation interactions ({@code user_idx, item_idx, rating})
 * @param model the trained factors ({@code user_idx, factors} and {@code item_idx, factors})
 * @param parallelism partitions of the distributed solves (Spark's default parallelism in a stage)
 * @param progress where progress lines go
 */
public record ValuationContext(SparkSession spark, RecvalueConfig config, Dataset<Row> train,
    Dataset<Row> validation, AlsModel model, int parallelism, Progress progress) {

  public ValuationContext {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
    if (progress == null) {
      progress = Progress.NONE;
    }
  }

  /** A context with Spark's default parallelism and no progress lines. */
  public static ValuationContext of(SparkSession spark, RecvalueConfig config, Dataset<Row> train,
      Dataset<Row> validation, AlsModel model) {
    return new ValuationContext(spark, config, train, validation, model,
        spark.sparkContext().defaultParallelism(), Progress.NONE);
  }

  /** The same context at other factors (the leave-one-out check values at its converged {@code θ*}). */
  public ValuationContext withModel(AlsModel other) {
    return new ValuationContext(spark, config, train, validation, other, parallelism, progress);
  }

  /** The same context on other training and validation tables (noise detection's corrupted log). */
  public ValuationContext withData(Dataset<Row> otherTrain, Dataset<Row> otherValidation) {
    return new ValuationContext(spark, config, otherTrain, otherValidation, model, parallelism, progress);
  }

  /** The same context with another configuration (a method at other settings). */
  public ValuationContext withConfig(RecvalueConfig other) {
    return new ValuationContext(spark, other, train, validation, model, parallelism, progress);
  }

  /** The same context with other progress lines. */
  public ValuationContext withProgress(Progress other) {
    return new ValuationContext(spark, config, train, validation, model, parallelism, other);
  }
}
