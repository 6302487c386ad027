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
 * {@code value.damping}, {@code value.polish-*}, {@code value.ep-*}).
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
        .withHessian(gaussNewton(c), c.getDouble("value.damping"))
        .withValidation(validationObjective(c), c.getInt("value.negatives-per-positive"), c.getLong("run.seed"))
        .withPartitions(partitions)
        .withSolveOnDriver(c.getBoolean("value.solve-on-driver"));
  }

  /**
   * {@code value.gauss-newton}: {@code true} or {@code false} as given; {@code auto} is the exact Hessian
   * when {@code value.polish-steps > 0} (the method then falls back to Gauss–Newton if the polish does
   * not converge, see {@link #polish}) and Gauss–Newton when the model is valued as trained.
   */
  public static boolean gaussNewton(RecvalueConfig c) {
    String v = c.getString("value.gauss-newton");
    return v.equals("auto") ? c.getInt("value.polish-steps") == 0 : Boolean.parseBoolean(v);
  }

  /** Whether {@code value.gauss-newton} is {@code auto}: the curvature then follows the polish's outcome. */
  public static boolean curvatureFollowsPolish(RecvalueConfig c) {
    return c.getString("value.gauss-newton").equals("auto");
  }

  /**
   * {@code value.polish-steps}, {@code value.polish-tol}, the CG cap {@code value.cg-max-iter} and
   * {@code value.checkpoint-interval}, {@code value.solve-on-driver}.
   */
  public static io.recvalue.valuation.spark.ThetaPolish.Settings polish(RecvalueConfig c) {
    return new io.recvalue.valuation.spark.ThetaPolish.Settings(c.getInt("value.polish-steps"),
        c.getDouble("value.polish-tol"), c.getInt("value.cg-max-iter"), c.getInt("value.checkpoint-interval"),
        c.getBoolean("value.solve-on-driver"));
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
        c.getBoolean("value.ep-centred"), c.getInt("value.ep-rre-terms"),
        c.getDouble("value.ep-rre-max-residual"), c.getInt("value.ep-fallback-sweeps"), TrainJob.params(c, defaultBlocks));
  }
}
