package io.recvalue.explain.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.recvalue.explain.features.FeatureTable;
import io.recvalue.explain.spark.BackgroundSample;
import io.recvalue.explain.spark.DistributedShapley;
import io.recvalue.explain.surrogate.Surrogate;
import io.recvalue.explain.surrogate.SurrogateTrainer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One level (items or interactions) of the explain stage: fit the surrogate on the feature table,
 * draw the background, explain every row on Spark, and summarise fit and convergence.
 *
 * @param table what was explained
 * @param surrogate the fitted surrogate
 * @param explained the table with the Shapley columns of {@link DistributedShapley} (persisted;
 *     {@link #release()} when written)
 * @param diagnostics manifest entries: target, surrogate fidelity and its warning ({@link #WARNING}),
 *     background, stopping rule and convergence
 */
public record LevelExplanation(FeatureTable table, Surrogate surrogate, Dataset<Row> explained,
    Map<String, Object> diagnostics) {
  /** The manifest entry of the fidelity warning; null when the surrogate is faithful enough. */
  public static final String WARNING = "surrogate_fidelity_warning";

  public static LevelExplanation run(SparkSession spark, FeatureTable table, ExplainSettings settings) {
    long start = System.nanoTime();
    Surrogate surrogate = SurrogateTrainer.fit(table, settings.surrogate());
    double fitSeconds = (System.nanoTime() - start) / 1e9;
    double[][] background = BackgroundSample.draw(table, settings.backgroundSize(), settings.rootSeed());
    long shapleyStart = System.nanoTime();
    Dataset<Row> explained = DistributedShapley.explain(spark, table, surrogate.model(), background,
        settings.rule(), settings.rootSeed(), settings.exactTrees()).persist(StorageLevel.MEMORY_AND_DISK());
    Row c = explained.agg(count(lit(1)), sum(col(DistributedShapley.PERMUTATIONS).cast("long")),
        min(col(DistributedShapley.PERMUTATIONS)), max(col(DistributedShapley.PERMUTATIONS)),
        percentile_approx(col(DistributedShapley.PERMUTATIONS), lit(0.5), lit(10_000)),
        sum(when(col(DistributedShapley.CONVERGED), 1).otherwise(0)),
        max(col(DistributedShapley.MAX_SE_OVER_RANGE)),
        percentile_approx(col(DistributedShapley.MAX_SE_OVER_RANGE), lit(0.5), lit(10_000))).first();
    double shapleySeconds = (System.nanoTime() - shapleyStart) / 1e9;
    long rows = c.getLong(0);

    Map<String, Object> d = new LinkedHashMap<>();
    d.put("rows", rows);
    d.put("target", table.target().id());
    d.put("min_spearman", settings.minSpearman());
    d.putAll(surrogate.diagnostics());
    double spearman = surrogate.heldout().spearman();
    boolean poorFit = !(spearman >= settings.minSpearman());
    d.put(WARNING, poorFit
        ? String.format(java.util.Locale.ROOT, "held-out Spearman correlation %.3f between the surrogate's prediction"
            + " and its target (%s) is below explain.min-spearman = %.3f: the surrogate orders the rows poorly, so"
            + " its attributions may not reflect the values", spearman, table.target().id(), settings.minSpearman())
        : null);
    d.put("shapley", settings.exactTrees() ? "tree" : "permutation");
    d.put("background_size", background.length);
    d.put("tolerance", settings.rule().tolerance());
    d.put("max_permutations", settings.rule().maxPermutations());
    d.put("permutations_total", rows == 0 ? 0L : c.getLong(1));
    d.put("permutations_min", rows == 0 ? null : c.getInt(2));
    d.put("permutations_median", rows == 0 ? null : c.getInt(4));
    d.put("permutations_max", rows == 0 ? null : c.getInt(3));
    d.put("converged_rows", rows == 0 ? 0L : (long) c.getLong(5));
    d.put("max_se_over_range_max", rows == 0 ? null : finite(c.getDouble(6)));
    d.put("max_se_over_range_median", rows == 0 ? null : finite(c.getDouble(7)));
    d.put("seconds_surrogate", fitSeconds);
    d.put("seconds_shapley", shapleySeconds);
    d.put("seconds_shapley_per_row", rows == 0 ? null : shapleySeconds / rows);
    return new LevelExplanation(table, surrogate, explained, d);
  }

  /** JSON has no infinity: an unbounded ratio (all attributions equal, SE not 0) is written as null. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  public String level() {
    return table.level();
  }

  public void release() {
    explained.unpersist();
  }
}
