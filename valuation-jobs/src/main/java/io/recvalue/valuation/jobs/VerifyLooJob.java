package io.recvalue.valuation.jobs;

import static org.apache.spark.sql.functions.col;

import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.data.InteractionColumns;
import io.recvalue.core.ingest.IdIndex;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import io.recvalue.valuation.loo.LeaveOneOut;
import io.recvalue.valuation.loo.LooReport;
import io.recvalue.valuation.loo.LooSchemas;
import io.recvalue.valuation.loo.LooSettings;
import io.recvalue.valuation.loo.LooSolver;
import io.recvalue.valuation.spark.EpSettings;
import io.recvalue.valuation.spark.InfluenceSettings;
import io.recvalue.valuation.spark.ValueMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage {@code verify-loo}: the leave-one-out check of the value methods ({@link LeaveOneOut}) on the
 * trained model ({@code <output>/train}) and the split ({@code <output>/ingest}). Writes
 * {@code loo/interactions} (with original ids), {@code loo/groups} and {@code loo/summary} (Parquet),
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
      ValueInteractionsJob.settings(config, 1);
      ValueInteractionsJob.epSettings(config, 1);
      settings(config);
    });
  }

  /** Maps {@code verify-loo.*} (and {@code run.seed}) to settings. */
  public static LooSettings settings(RecvalueConfig c) {
    List<ValueMethod> methods = new ArrayList<>();
    for (String m : c.getString("verify-loo.methods").split(",")) {
      if (!m.isBlank()) {
        methods.add(ValueMethod.parse("verify-loo.methods", m));
      }
    }
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
    Dataset<Row> users = spark.read().parquet(context.path("train", "user_factors"))
        .select(col(InteractionColumns.USER_IDX), col("factors"));
    Dataset<Row> items = spark.read().parquet(context.path("train", "item_factors"))
        .select(col(InteractionColumns.ITEM_IDX), col("factors"));
    int parallelism = spark.sparkContext().defaultParallelism();
    InfluenceSettings influence = ValueInteractionsJob.settings(context.config(), parallelism);
    EpSettings ep = ValueInteractionsJob.epSettings(context.config(), parallelism);
    LooSettings settings = settings(context.config());
    context.console().progress(NAME, "converging the model to %.0e, then %d retrains and %d group retrains",
        settings.tolerance(), settings.sample(), 3 * settings.groupFractions().size());
    LooReport report = new LeaveOneOut(spark, settings).run(split.train(), split.validation(), users, items,
        influence, (m, u, i) -> ValueInteractionsJob.valuate(spark, influence.withMethod(m), ep, split.train(),
            split.validation(), u, i));
    write(context, split, report);
    Map<String, Object> section = context.manifest().stage(NAME);
    section.putAll(report.diagnostics());
    List<Map<String, Object>> summary = new ArrayList<>();
    for (Row r : report.summary()) {
      summary.add(Map.of("method", r.getString(0), "pearson", r.getDouble(2), "spearman", r.getDouble(3),
          "pearson_random_half", r.getDouble(4), "spearman_random_half", r.getDouble(5)));
    }
    section.put("summary", summary);
    context.console().summary("%s", table(report));
  }

  private static void write(StageContext context, SplitTables split, LooReport report) throws IOException {
    SparkSession spark = context.spark();
    StageOutput out = new StageOutput(context.outputDir(), "loo", spark.sparkContext().hadoopConfiguration());
    try {
      IdIndex.attachIds(spark.createDataFrame(report.interactions(), LooSchemas.INTERACTIONS),
          split.userIndex(), split.itemIndex()).coalesce(1).write().parquet(out.workPath() + "/interactions");
      spark.createDataFrame(report.groups(), LooSchemas.GROUPS).coalesce(1).write().parquet(out.workPath() + "/groups");
      spark.createDataFrame(report.summary(), LooSchemas.SUMMARY).coalesce(1).write().parquet(out.workPath() + "/summary");
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
    sb.append(String.format("  %-10s %7s %9s %9s %16s %16s%n", "method", "sample", "pearson", "spearman",
        "pearson(random)", "spearman(random)"));
    for (Row r : report.summary()) {
      sb.append(String.format("  %-10s %7d %9.4f %9.4f %16.4f %16.4f%n", r.getString(0), r.getInt(1), r.getDouble(2),
          r.getDouble(3), r.getDouble(4), r.getDouble(5)));
    }
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
