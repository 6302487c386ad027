package io.recvalue.valuation.jobs;


import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.ingest.IdIndex;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import io.recvalue.valuation.loo.LeaveOneOut;
import io.recvalue.valuation.loo.LooLayout;
import io.recvalue.valuation.math.BlockDiagonal;
import io.recvalue.valuation.loo.LooReport;
import io.recvalue.valuation.loo.LooSchemas;
import io.recvalue.valuation.loo.LooSettings;
import io.recvalue.valuation.loo.LooSolver;
import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.valuation.method.Progress;
import io.recvalue.valuation.method.ValuationContext;
import io.recvalue.valuation.method.ValuationMethod;
import io.recvalue.valuation.method.ValuationMethods;
import io.recvalue.valuation.method.ValuationSettings;
import io.recvalue.valuation.spark.InfluenceSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage {@code verify-loo}: the leave-one-out check of the value methods ({@link LeaveOneOut}) on the
 * trained model ({@code <output>/train}) and the split ({@code <output>/ingest}). Writes
 * {@code verify-loo/interactions} (with original ids), {@code verify-loo/groups} and
 * {@code verify-loo/summary} (Parquet, {@link LooLayout}),
 * prints the summary table and puts it and the solver diagnostics in the manifest. Config section
 * {@code verify-loo.*} (with {@code value.*} for the methods).
 */
public final class VerifyLooJob implements Stage {
  public static final String NAME = "verify-loo";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings(NAME, () -> {
      for (ValuationMethod m : settings(config).methods()) {
        m.validate(config);
      }
    });
  }

  /** Maps {@code verify-loo.*} (and {@code run.seed}) to settings. */
  public static LooSettings settings(RecvalueConfig c) {
    List<ValuationMethod> methods = ValuationMethods.list("verify-loo.methods", c.getString("verify-loo.methods"));
    List<Double> fractions = new ArrayList<>();
    for (String f : c.getString("verify-loo.group-fractions").split(",")) {
      if (!f.isBlank()) {
        try {
          fractions.add(Double.parseDouble(f.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid verify-loo.group-fractions: '" + f.trim() + "' is not a number");
        }
      }
    }
    return new LooSettings(c.getInt("verify-loo.sample"), c.getDouble("verify-loo.tol"),
        c.getInt("verify-loo.max-sweeps"), methods, fractions, c.getLong("verify-loo.max-interactions"),
        c.getLong("run.seed"), LooSolver.of(c.getString("verify-loo.solver")));
  }

  @Override
  public void run(StageContext context) throws Exception {
    SparkSession spark = context.spark();
    SplitTables split = SplitTables.read(context);
    AlsModel trained = ValueInteractionsJob.trainedModel(context);
    int parallelism = TrainJob.blocks(context.config(), spark, split.train());
    InfluenceSettings influence = ValuationSettings.influence(context.config(), parallelism);
    ValuationContext vc = new ValuationContext(spark, context.config(), split.train(), split.validation(), trained,
        parallelism, null);
    LooSettings settings = settings(context.config());
    context.console().progress(NAME, "converging the model to %.0e, then %d retrains and %d group retrains",
        settings.tolerance(), settings.sample(), 3 * settings.groupFractions().size());
    LooReport report = new LeaveOneOut(spark, settings, Progress.of(context.console(), NAME)).run(split.train(), split.validation(),
        trained.userFactors(), trained.itemFactors(), influence,
        (m, u, i) -> m.value(vc.withModel(new AlsModel(trained.rank(), u, i, TrainingHistory.empty(), "theta*"))));
    write(context, split, report);
    Map<String, Object> section = context.manifest().stage(NAME);
    section.putAll(report.diagnostics());
    List<Map<String, Object>> summary = new ArrayList<>();
    for (Row r : report.summary()) {
      summary.add(Map.of("method", r.getString(0), "pearson", r.getDouble(2), "spearman", r.getDouble(3),
          "pearson_random_half", r.getDouble(4), "spearman_random_half", r.getDouble(5), "flagged", r.getInt(8),
          "pearson_unflagged", r.getDouble(9), "spearman_unflagged", r.getDouble(10)));
    }
    section.put("summary", summary);
    context.console().summary("%s", table(report));
  }

  private static void write(StageContext context, SplitTables split, LooReport report) throws IOException {
    SparkSession spark = context.spark();
    StageOutput out = new StageOutput(context.outputDir(), LooLayout.DIR,
        spark.sparkContext().hadoopConfiguration());
    try {
      IdIndex.attachIds(spark.createDataFrame(report.interactions(), LooSchemas.INTERACTIONS),
          split.userIndex(), split.itemIndex()).coalesce(1).write()
          .parquet(out.workPath() + "/" + LooLayout.INTERACTIONS);
      spark.createDataFrame(report.groups(), LooSchemas.GROUPS).coalesce(1).write()
          .parquet(out.workPath() + "/" + LooLayout.GROUPS);
      spark.createDataFrame(report.summary(), LooSchemas.SUMMARY).coalesce(1).write()
          .parquet(out.workPath() + "/" + LooLayout.SUMMARY);
      out.commit();
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  /** The console table: correlations per method, then the groups. */
  static String table(LooReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("leave-one-out check: predicted vs actual change of validation loss\n");
    sb.append(String.format("  %-10s %7s %9s %9s %16s %16s %8s %19s %20s%n", "method", "sample", "pearson", "spearman",
        "pearson(random)", "spearman(random)", "flagged", "pearson(unflagged)", "spearman(unflagged)"));
    for (Row r : report.summary()) {
      sb.append(String.format("  %-10s %7d %9.4f %9.4f %16.4f %16.4f %8d %19.4f %20.4f%n", r.getString(0), r.getInt(1),
          r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getInt(8), r.getDouble(9), r.getDouble(10)));
    }
    sb.append(String.format("  flagged: leverage max(h_u, h_i) > %.1f at θ*, where a first-order value understates"
        + " the removal (column leverage of verify-loo/interactions)%n", BlockDiagonal.UNRELIABLE_LEVERAGE));
    sb.append("  group removal (predicted = sum of values):\n");
    sb.append(String.format("  %-14s %8s %7s %-10s %12s %12s%n", "selection", "fraction", "size", "method",
        "predicted", "actual"));
    for (Row r : report.groups()) {
      sb.append(String.format("  %-14s %8.3f %7d %-10s %12.4e %12.4e%n", r.getString(0), r.getDouble(1), r.getInt(2),
          r.getString(3), r.getDouble(4), r.getDouble(5)));
    }
    return sb.toString();
  }
}
