package io.recvalue.valuation.method;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.valuation.spark.EpSettings;
import io.recvalue.valuation.spark.InfluenceSettings;
import io.recvalue.valuation.spark.ValidationKind;

/**
 * The settings every method shares, from the configuration: the trained model's loss
 * ({@code train.lambda}, {@code train.alpha}, {@code ingest.feedback}), the validation objective and
 * its negatives ({@code value.validation-objective}, {@code value.negatives-per-positive},
 * {@code run.seed}) and the solver settings ({@code value.cg-*}, {@code value.gauss-newton},
 * {@code value.damping}, {@code value.ep-*}).
 */
public final class ValuationSettings {
  private ValuationSettings() {}

  /** Maps {@code value.*} (with {@code train.lambda}, {@code train.alpha}, {@code ingest.feedback}) to influence settings. */
  public static InfluenceSettings influence(RecvalueConfig c, int partitions) {
    boolean implicit = c.getString("ingest.feedback").equals("implicit");
    InfluenceSettings base = implicit
        ? InfluenceSettings.implicit(c.getDouble("train.lambda"), c.getDouble("train.alpha"))
        : InfluenceSettings.explicit(c.getDouble("train.lambda"));
    return base
        .withCg(c.getDouble("value.cg-tol"), c.getInt("value.cg-max-iter"), c.getInt("value.checkpoint-interval"))
        .withHessian(c.getBoolean("value.gauss-newton"), c.getDouble("value.damping"))
        .withValidation(validationObjective(c), c.getInt("value.negatives-per-positive"), c.getLong("run.seed"))
        .withPartitions(partitions);
  }

  /** {@code value.validation-objective}: {@code auto} is {@code mse} for explicit data, {@code squared} for implicit. */
  public static ValidationKind validationObjective(RecvalueConfig c) {
    boolean implicit = c.getString("ingest.feedback").equals("implicit");
    String objective = c.getString("value.validation-objective");
    ValidationKind kind = objective.equals("auto")
        ? (implicit ? ValidationKind.SQUARED : ValidationKind.MSE)
        : ValidationKind.parse("value.validation-objective", objective);
    if (!implicit && kind != ValidationKind.MSE) {
      throw new IllegalArgumentException("value.validation-objective=" + objective
          + " needs ingest.feedback=implicit; explicit ratings are valued against mse");
    }
    return kind;
  }

  /** Maps {@code value.ep-*} and the {@code train.*} ALS settings to the EP settings. */
  public static EpSettings ep(RecvalueConfig c, int defaultBlocks) {
    return new EpSettings(c.getDouble("value.ep-beta"), c.getInt("value.ep-sweeps"),
        c.getBoolean("value.ep-centred"), TrainJob.params(c, defaultBlocks));
  }
}
