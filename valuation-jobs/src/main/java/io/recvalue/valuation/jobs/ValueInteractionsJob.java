package io.recvalue.valuation.jobs;

import static org.apache.spark.sql.functions.col;

import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.data.InteractionColumns;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.valuation.spark.EpSettings;
import io.recvalue.valuation.spark.EpValuation;
import io.recvalue.valuation.spark.InfluenceSettings;
import io.recvalue.valuation.spark.InfluenceValuation;
import io.recvalue.valuation.spark.ValidationKind;
import io.recvalue.valuation.spark.ValuationProgress;
import io.recvalue.valuation.spark.ValuationResult;
import io.recvalue.valuation.spark.ValueMethod;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage {@code value}: one value per training interaction from the trained model
 * ({@code <output>/train}) and the split ({@code <output>/ingest}), then the per-item and per-user
 * sums. Writes {@code values/}, {@code item_values/}, {@code user_values/} (Parquet, original ids) and
 * {@code item_values.arrow}, {@code user_values.arrow}; solver diagnostics go to the manifest.
 * Config section {@code value.*}.
 */
public final class ValueInteractionsJob implements Stage {
  public static final String NAME = "value";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings(NAME, () -> {
      InfluenceSettings s = settings(config, 1);
      epSettings(config, 1);
      if (s.method() == ValueMethod.EP && s.validationObjective() == ValidationKind.BPR) {
        throw new IllegalArgumentException("value.method=ep needs a quadratic validation objective; "
            + "value.validation-objective=bpr is not (use squared, or value.method=influence)");
      }
    });
  }

  /** Maps {@code value.ep-*} and the {@code train.*} ALS settings to the EP settings. */
  public static EpSettings epSettings(RecvalueConfig c, int defaultBlocks) {
    return new EpSettings(c.getDouble("value.ep-beta"), c.getInt("value.ep-sweeps"),
        c.getBoolean("value.ep-centred"), TrainJob.params(c, defaultBlocks));
  }

  /** Runs the configured method: {@link EpValuation} for {@code ep}, else {@link InfluenceValuation}. */
  public static ValuationResult valuate(SparkSession spark, InfluenceSettings settings, EpSettings ep,
      Dataset<Row> train, Dataset<Row> validation, Dataset<Row> users, Dataset<Row> items) {
    return valuate(spark, settings, ep, train, validation, users, items, ValuationProgress.SILENT);
  }

  /** As above, telling {@code progress} of each CG iteration or EP phase sweep. */
  public static ValuationResult valuate(SparkSession spark, InfluenceSettings settings, EpSettings ep,
      Dataset<Row> train, Dataset<Row> validation, Dataset<Row> users, Dataset<Row> items,
      ValuationProgress progress) {
    if (settings.method() == ValueMethod.EP) {
      return new EpValuation(spark, settings, ep, progress).run(train, validation, users, items);
    }
    return new InfluenceValuation(spark, settings, progress).run(train, validation, users, items);
  }

  /** Maps {@code value.*} (with {@code train.lambda}, {@code train.alpha}, {@code ingest.feedback}) to settings. */
  public static InfluenceSettings settings(RecvalueConfig c, int partitions) {
    boolean implicit = c.getString("ingest.feedback").equals("implicit");
    InfluenceSettings base = implicit
        ? InfluenceSettings.implicit(c.getDouble("train.lambda"), c.getDouble("train.alpha"))
        : InfluenceSettings.explicit(c.getDouble("train.lambda"));
    String objective = c.getString("value.validation-objective");
    ValidationKind kind = objective.equals("auto")
        ? (implicit ? ValidationKind.SQUARED : ValidationKind.MSE)
        : ValidationKind.parse("value.validation-objective", objective);
    if (!implicit && kind != ValidationKind.MSE) {
      throw new IllegalArgumentException("value.validation-objective=" + objective
          + " needs ingest.feedback=implicit; explicit ratings are valued against mse");
    }
    return base
        .withMethod(ValueMethod.parse("value.method", c.getString("value.method")))
        .withCg(c.getDouble("value.cg-tol"), c.getInt("value.cg-max-iter"), c.getInt("value.checkpoint-interval"))
        .withHessian(c.getBoolean("value.gauss-newton"), c.getDouble("value.damping"))
        .withValidation(kind, c.getInt("value.negatives-per-positive"), c.getLong("run.seed"))
        .withPartitions(partitions);
  }

  @Override
  public void run(StageContext context) throws Exception {
    SparkSession spark = context.spark();
    SplitTables split = SplitTables.read(context);
    Dataset<Row> users = factors(spark, context.path("train", "user_factors"), InteractionColumns.USER_IDX);
    Dataset<Row> items = factors(spark, context.path("train", "item_factors"), InteractionColumns.ITEM_IDX);
    int parallelism = spark.sparkContext().defaultParallelism();
    InfluenceSettings settings = settings(context.config(), parallelism);
    EpSettings ep = epSettings(context.config(), parallelism);
    ValuationResult result = valuate(spark, settings, ep, split.train(), split.validation(), users, items,
        new ValueProgressLines(context.console(), NAME, settings.cg().maxIterations(),
            settings.cg().relativeTolerance(), ep.sweeps()));
    try {
      Map<String, Object> section = context.manifest().stage(NAME);
      section.putAll(result.diagnostics());
      if (settings.method() == ValueMethod.EP) {
        context.console().progress(NAME, "ep: beta %s, %s sweeps per phase, %.1f s",
            result.diagnostics().get("ep_beta"), result.diagnostics().get("ep_sweeps"),
            result.diagnostics().get("seconds_total"));
      } else {
        context.console().progress(NAME, "%s: %s CG iterations, %.1f s", settings.method().id(),
            result.diagnostics().get("cg_iterations"), result.diagnostics().get("seconds_total"));
      }
      ValueOutputs.write(context, split, result.values(), section);
    } finally {
      result.release();
    }
  }

  private static Dataset<Row> factors(SparkSession spark, String path, String idx) {
    return spark.read().parquet(path).select(col(idx), col("factors"));
  }
}
