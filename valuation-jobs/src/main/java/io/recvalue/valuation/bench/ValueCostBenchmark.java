package io.recvalue.valuation.bench;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.valuation.loo.Correlation;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.valuation.method.Progress;
import io.recvalue.valuation.method.ValuationContext;
import io.recvalue.valuation.method.ValuationMethod;
import io.recvalue.valuation.method.ValuationMethods;
import io.recvalue.valuation.spark.ValuationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cost of valuing every interaction against the cost of training, side by side in one process:
 * one training from scratch (after a two-sweep JIT warm-up), then each method on the trained model,
 * then a few leave-one-out retrains warm-started at the trained model (to the training tolerance,
 * on Spark, as a user would retrain), whose mean time times the number of training interactions
 * estimates the cost of retraining for every interaction. Optionally an EP {@code β} sweep: centred
 * and one-sided EP at several {@code β} against the influence values of the same model.
 */
public final class ValueCostBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ValueCostBenchmark.class);
  private static final String INFLUENCE = "influence";
  private static final String EP = "ep";

  private ValueCostBenchmark() {}

  /** One method's wall time and its ratio to one training from scratch. */
  public record MethodCost(String method, double seconds, double ratioToTraining, String detail) {}

  /** One EP setting's error against the influence values. */
  public record BetaPoint(double beta, boolean centred, double relativeError, double spearman, double seconds) {}

  /** What was measured. */
  public record Result(long trainRows, int rank, int cores, int trainSweeps, double trainSeconds,
      List<MethodCost> methods, int looRetrains, double looSecondsPerRetrain, double looAllSecondsEstimate,
      List<BetaPoint> betaSweep) {

    public String costTable() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
          "| method | seconds | / training | speed-up over LOO retraining | detail |%n|---|---:|---:|---:|---|%n"));
      sb.append(String.format(Locale.ROOT, "| training (%d sweeps) | %.1f | 1.00 | | %d train rows, rank %d, %d cores |%n",
          trainSweeps, trainSeconds, trainRows, rank, cores));
      for (MethodCost m : methods) {
        sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.0f | %s |%n", m.method(), m.seconds(),
            m.ratioToTraining(), looAllSecondsEstimate / m.seconds(), m.detail()));
      }
      sb.append(String.format(Locale.ROOT, "| LOO retrain, warm-started (mean of %d) | %.1f | %.2f | | x %d rows = %.3g s |%n",
          looRetrains, looSecondsPerRetrain, looSecondsPerRetrain / trainSeconds, trainRows, looAllSecondsEstimate));
      return sb.toString();
    }

    public String betaTable() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
          "| beta | estimate | relative L2 error vs influence | Spearman vs influence | seconds |%n|---:|---|---:|---:|---:|%n"));
      for (BetaPoint p : betaSweep) {
        sb.append(String.format(Locale.ROOT, "| %.0e | %s | %.3e | %.6f | %.1f |%n", p.beta(),
            p.centred() ? "centred" : "one-sided", p.relativeError(), p.spearman(), p.seconds()));
      }
      return sb.toString();
    }
  }

  /**
   * @param config every method's settings ({@code value.*}); the methods are those of
   *     {@link ValuationMethods}, in registration order
   * @param betas EP {@code β} values of the sweep (empty: none)
   */
  public static Result run(SparkSession spark, Dataset<Row> train, Dataset<Row> validation, AlsParams als,
      RecvalueConfig config, int looRetrains, List<Double> betas) {
    train.cache().count();
    validation.cache().count();
    WeightedAls.fit(spark, train, als.withMaxIter(2).withTol(0), null, null).unpersist();
    long t0 = System.nanoTime();
    AlsModel model = WeightedAls.fit(spark, train, als, null, null);
    model.userFactors().count();
    double trainSecs = secondsSince(t0);
    int sweeps = model.history().iterations().size();
    long rows = train.count();
    ValuationContext context = new ValuationContext(spark, config, train, validation, model,
        spark.sparkContext().defaultParallelism(), Progress.NONE);
    List<MethodCost> costs = new ArrayList<>();
    double[] influenceValues = null;
    for (ValuationMethod m : ValuationMethods.all()) {
      long t = System.nanoTime();
      ValuationResult r = m.value(context);
      double secs = secondsSince(t);
      costs.add(new MethodCost(m.id(), secs, secs / trainSecs, detail(r.diagnostics())));
      if (m.id().equals(INFLUENCE) && !betas.isEmpty()) {
        influenceValues = ordered(r.values());
      }
      r.release();
      LOG.info("value cost {}: {} s ({} x training)", m.id(), secs, secs / trainSecs);
    }
    double loo = looSeconds(spark, train, als, model, looRetrains);
    List<BetaPoint> sweep = new ArrayList<>();
    for (double beta : betas) {
      for (boolean centred : new boolean[] {true, false}) {
        long t = System.nanoTime();
        RecvalueConfig at = config.with("value.ep-beta", Double.toString(beta), "beta sweep")
            .with("value.ep-centred", Boolean.toString(centred), "beta sweep");
        ValuationResult r = ValuationMethods.get("value.method", EP).value(
            new ValuationContext(spark, at, train, validation, model, context.parallelism(), Progress.NONE));
        double[] v = ordered(r.values());
        r.release();
        sweep.add(new BetaPoint(beta, centred, relativeError(v, influenceValues), Correlation.spearman(v, influenceValues),
            secondsSince(t)));
        LOG.info("beta sweep: {}", sweep.get(sweep.size() - 1));
      }
    }
    model.unpersist();
    return new Result(rows, als.rank(), spark.sparkContext().defaultParallelism(), sweeps, trainSecs, costs,
        looRetrains, loo, loo * rows, sweep);
  }

  /** Mean wall time of retrains without one interaction each, warm-started at the model, same settings. */
  private static double looSeconds(SparkSession spark, Dataset<Row> train, AlsParams als, AlsModel model, int n) {
    List<Row> picks = train.select(USER_IDX, ITEM_IDX).orderBy(USER_IDX, ITEM_IDX).limit(n).collectAsList();
    double total = 0;
    for (Row p : picks) {
      Dataset<Row> without = train.filter(col(USER_IDX).notEqual(p.getInt(0)).or(col(ITEM_IDX).notEqual(p.getInt(1))));
      long t = System.nanoTime();
      AlsModel m = WeightedAls.fit(spark, without, als, model, null);
      m.userFactors().count();
      total += secondsSince(t);
      m.unpersist();
    }
    return total / picks.size();
  }

  /**
   * What a method reports of itself: CG iterations, EP phases (and whether their extrapolation was used), PG
   * iterations, then its steps' times.
   */
  static String detail(java.util.Map<String, Object> d) {
    List<String> parts = new ArrayList<>();
    if (d.containsKey("cg_iterations")) {
      Object it = d.get("cg_iterations");
      parts.add(Integer.valueOf(0).equals(it) ? "no CG" : it + " CG iterations");
    }
    if (d.containsKey("ep_beta")) {
      parts.add("beta " + d.get("ep_beta") + ", " + d.get("ep_sweeps") + " sweeps per phase");
      if (d.get("ep_rre_residual_ratio") instanceof Number ratio) {
        parts.add(String.format(Locale.ROOT, "extrapolation %s (residual ratio %.2f), %s sweeps run",
            Boolean.TRUE.equals(d.get("ep_rre_used")) ? "used" : "refused", ratio.doubleValue(), d.get("ep_sweeps_run")));
      }
    }
    if (d.containsKey("pg_iterations")) {
      parts.add(d.get("pg_iterations") + " policy iterations, " + d.get("pg_episodes") + " episodes");
    }
    String steps = steps(d);
    if (!steps.isEmpty()) {
      parts.add(steps);
    }
    return String.join("; ", parts);
  }

  /** The wall time of each step of a valuation ({@code seconds_*} diagnostics, total left out). */
  static String steps(java.util.Map<String, Object> diagnostics) {
    List<String> out = new ArrayList<>();
    diagnostics.forEach((key, v) -> {
      if (key.startsWith("seconds_") && !key.equals("seconds_total") && v instanceof Number n) {
        out.add(String.format(Locale.ROOT, "%s %.1f s", key.substring("seconds_".length()), n.doubleValue()));
      }
    });
    return String.join(", ", out);
  }

  private static double[] ordered(Dataset<Row> values) {
    return values.orderBy(USER_IDX, ITEM_IDX).select(ValueSchemas.VALUE).collectAsList().stream()
        .mapToDouble(r -> r.getDouble(0)).toArray();
  }

  private static double relativeError(double[] a, double[] b) {
    double num = 0;
    double den = 0;
    for (int j = 0; j < a.length; j++) {
      num += (a[j] - b[j]) * (a[j] - b[j]);
      den += b[j] * b[j];
    }
    return Math.sqrt(num / den);
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
