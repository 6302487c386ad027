package io.recvalue.core.train;

import io.recvalue.core.als.AlsModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the valuation framework needs of a recommender: train on these rows with these weights,
 * warm-started from these factors when the trainer can, and score a table of pairs. Policy-gradient
 * episodes and removal curves talk to a model only through this interface, so they run with any
 * trainer: our weighted ALS ({@link WeightedAlsTrainer}: real-valued weights, warm starts) or Spark
 * MLlib's {@code ALS} as a black box ({@link MllibAlsTrainer}: 0/1 masks, cold starts).
 *
 * <p>The trained model is a factor model ({@link AlsModel}: {@code user_idx, factors} and
 * {@code item_idx, factors}); users and items without a row of positive weight have no factors.
 */
public interface Trainer {
  /** The id of {@code evaluate.trainer} and {@code value.pg-trainer}. */
  String id();

  /** Whether {@link #fit} starts from given factors (otherwise they are ignored: a cold start). */
  boolean warmStarts();

  /** Whether {@link #fit} honours real-valued weights (otherwise only 0/1 masks are accepted). */
  boolean weighted();

  /**
   * Trains on {@code rows} ({@code user_idx, item_idx, rating, weight}; rows of weight 0 do not
   * take part) and returns the model; the caller unpersists it.
   *
   * @param warmStart factors to start from, or {@code null}; ignored by a trainer that does not
   *     {@link #warmStarts() warm-start}
   * @throws IllegalArgumentException for weights the trainer cannot take, naming the first such row
   */
  AlsModel fit(SparkSession spark, Dataset<Row> rows, AlsModel warmStart);

  /**
   * The trainer an episode of a search uses: a warm-starting trainer runs only {@code sweeps}
   * sweeps from the factors it is given; a cold-starting one cannot shorten its training and is
   * returned unchanged.
   */
  Trainer forEpisodes(int sweeps);

  /** {@code pairs} ({@code user_idx, item_idx, ...}) with {@code prediction} added; pairs the model cannot score are dropped. */
  default Dataset<Row> score(AlsModel model, Dataset<Row> pairs) {
    return model.predict(pairs);
  }
}
