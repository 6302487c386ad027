package io.recvalue.explain.report;

import static org.apache.spark.sql.functions.col;

import io.recvalue.core.chart.Charts;
import io.recvalue.explain.jobs.ExplainLayout;
import io.recvalue.explain.jobs.ExplainSchemas;
import io.recvalue.explain.jobs.LevelExplanation;
import io.recvalue.valuation.judge.CurvePoint;
import io.recvalue.valuation.judge.EvaluationTables;
import io.recvalue.valuation.output.ValueLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The sections of the report, each with a fixed element id ({@link #SECTIONS}) so that a reader (or a
 * test) can find it: what the run did, the value distribution, removal curves and noise detection
 * from {@code evaluate/}, global feature importance, the most and least valuable items (by title when
 * the metadata has one) with their attributions, the surrogate's fidelity beside every chart of
 * attributions, the Shapley estimates' convergence, and the explained users'
 * recommendations ({@link UserExplanationSection}).
 */
final class ReportSections {
  static final List<String> SECTIONS = List.of("summary", "value-distribution", PolicySection.ID, "removal-curves",
      "noise-detection", "feature-importance", "most-valuable", "least-valuable", "surrogate-fit", "convergence",
      DecompositionSection.ID, GroupSection.ID, UserExplanationSection.ID);
  private static final int BINS = 40;
  private static final int IMPORTANCE_BARS = 25;
  private static final int ITEM_BARS = 12;

  private final RunFolder run;
  private final int topItems;
  private final Map<String, Object> manifest;
  private final Html html = new Html();

  ReportSections(RunFolder run, int topItems) throws IOException {
    this.run = run;
    this.topItems = topItems;
    this.manifest = run.manifest();
  }

  String render() throws IOException {
    summary();
    valueDistribution();
    new PolicySection(run, stage("value")).render(html);
    evaluate();
    Optional<Dataset<Row>> items = run.table(ExplainLayout.relative(ExplainLayout.ITEM.rows()));
    Optional<Dataset<Row>> explanations = run.table(ExplainLayout.relative(ExplainLayout.ITEM.attributions()));
    importance();
    valuableItems(items, explanations, true);
    valuableItems(items, explanations, false);
    surrogateFit(items);
    convergence(items);
    new DecompositionSection(run, html).render();
    new GroupSection(run, html, groupDiagnostics()).render();
    new UserExplanationSection(run, html).render();
    return html.page("recvalue report");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> stage(String name) {
    Object stages = manifest.get("stages");
    if (stages instanceof Map && ((Map<String, Object>) stages).get(name) instanceof Map) {
      return (Map<String, Object>) ((Map<String, Object>) stages).get(name);
    }
    return Map.of();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> explainItems() {
    Object m = stage("explain").get("item");
    return m instanceof Map ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> groupDiagnostics() {
    Object m = stage("explain").get("groups");
    return m instanceof Map ? (Map<String, Object>) m : Map.of();
  }

  /**
   * What the surrogate was fitted to and how faithfully, on the held-out rows: the line shown beside
   * every chart of attributions ({@code stages.explain.item} of the manifest).
   */
  private String fidelityLine() {
    return fidelityLine(explainItems(), "items");
  }

  private static String fidelityLine(Map<String, Object> e, String rows) {
    Object target = e.getOrDefault("target", "value");
    return String.format(Locale.ROOT, "Surrogate (%s) of %s, fidelity on %s held-out %s: held-out R² %s,"
        + " Spearman %s, top-decile precision %s (train R² %s). The attributions explain the surrogate's prediction"
        + " of %s, which is only as faithful to the values as this fit.", e.getOrDefault("surrogate", "?"), target,
        Html.number(e.get("surrogate_heldout_rows")), rows, Html.number(e.get("surrogate_r2_heldout")),
        Html.number(e.get("surrogate_spearman_heldout")), Html.number(e.get("surrogate_top_decile_precision_heldout")),
        Html.number(e.get("surrogate_r2_train")), target);
  }

  private void fidelityWarning() {
    fidelityWarning(explainItems(), "Warning: ");
  }

  /** The manifest's warning of a poor fit (an earlier version's R² warning in an older run folder). */
  private void fidelityWarning(Map<String, Object> e, String prefix) {
    Object w = e.get(LevelExplanation.WARNING) != null ? e.get(LevelExplanation.WARNING) : e.get("surrogate_r2_warning");
    if (w != null) {
      html.warning(prefix + w);
    }
  }

  private void summary() {
    html.open("summary", "Run");
    List<List<Object>> rows = new ArrayList<>();
    // the report is written while the run is still going: its status and end time are not known yet
    for (String k : List.of("command", "started_at", "root_seed", "config_hash", "input")) {
      if (manifest.containsKey(k)) {
        rows.add(List.of(k, String.valueOf(manifest.get(k))));
      }
    }
    Map<String, Object> value = stage("value");
    for (String k : List.of("method", "values_rows", "values_negative", "values_unreliable", "values_sum", "cg_iterations")) {
      if (value.containsKey(k)) {
        rows.add(List.of("value." + k, value.get(k) == null ? "–" : value.get(k)));
      }
    }
    if (rows.isEmpty()) {
      html.note("No manifest.json in the run folder.");
    } else {
      html.table(List.of("entry", "value"), rows);
    }
    if (!explainItems().isEmpty()) {
      html.p(fidelityLine());
      fidelityWarning();
    }
    html.close();
  }

  private void valueDistribution() throws IOException {
    html.open("value-distribution", "Value distribution");
    Optional<Dataset<Row>> values = run.table(ValueLayout.relative(ValueLayout.INTERACTIONS));
    Optional<Dataset<Row>> items = run.table(ValueLayout.relative(ValueLayout.ITEMS));
    if (values.isEmpty() && items.isEmpty()) {
      html.note("No " + ValueLayout.relative(ValueLayout.INTERACTIONS) + " or "
          + ValueLayout.relative(ValueLayout.ITEMS) + " in the run folder: run 'recvalue value' first.");
    }
    if (values.isPresent()) {
      histogram(values.get(), "value", "Interaction values", "value (positive: helps validation)");
    }
    if (items.isPresent()) {
      histogram(items.get(), "value_sum", "Item values (sum over the item's interactions)", "item value_sum");
    }
    html.close();
  }

  /** A histogram between the 0.5 % and 99.5 % quantiles, saying how many rows fall outside. */
  private void histogram(Dataset<Row> table, String column, String title, String xLabel) {
    Dataset<Row> v = table.select(col(column).cast("double").as("v")).filter(col("v").isNotNull());
    double[] q = v.stat().approxQuantile("v", new double[] {0, 0.005, 0.5, 0.995, 1}, 1e-4);
    if (q.length == 0) {
      html.note(title + ": no values.");
      return;
    }
    double lo = q[1];
    double hi = q[3] > q[1] ? q[3] : q[1] + 1e-12;
    double width = (hi - lo) / BINS;
    double[] edges = new double[BINS + 1];
    for (int k = 0; k <= BINS; k++) {
      edges[k] = lo + k * width;
    }
    long[] counts = new long[BINS];
    long below = 0;
    long above = 0;
    long n = 0;
    org.apache.spark.sql.Column bin = org.apache.spark.sql.functions
        .when(col("v").lt(lo), -1L)
        .when(col("v").gt(hi), (long) BINS)
        .otherwise(org.apache.spark.sql.functions.least(
            org.apache.spark.sql.functions.floor(col("v").minus(lo).divide(width)),
            org.apache.spark.sql.functions.lit((long) BINS - 1)));
    for (Row r : v.groupBy(bin.as("b")).count().collectAsList()) {
      long b = r.getLong(0);
      long c = r.getLong(1);
      n += c;
      if (b < 0) {
        below += c;
      } else if (b >= BINS) {
        above += c;
      } else {
        counts[(int) b] += c;
      }
    }
    html.image(Charts.histogram(edges, counts, title, xLabel, true), title);
    html.p(String.format(Locale.ROOT, "%,d rows; min %s, median %s, max %s; %,d below and %,d above the plotted"
        + " 0.5–99.5 %% range.", n, Html.number(q[0]), Html.number(q[2]), Html.number(q[4]), below, above));
  }

  private void evaluate() throws IOException {
    boolean evaluated = run.exists(EvaluationTables.DIR);
    html.open("removal-curves", "Removal curves");
    if (!evaluated) {
      html.note("No removal curves in this run folder (" + evaluatePath(EvaluationTables.REMOVAL_CURVES) + "): run"
          + " 'recvalue evaluate' to retrain without the lowest-, highest- and randomly-valued interactions and plot"
          + " the test metrics here.");
    } else {
      Optional<Dataset<Row>> curves = evaluateTable(EvaluationTables.REMOVAL_CURVES, EvaluationTables.CURVES);
      if (curves.isPresent()) {
        removalCurves(curves.get().collectAsList());
      }
    }
    html.close();
    html.open("noise-detection", "Noise detection");
    if (!evaluated) {
      html.note("No noise-detection output in this run folder (" + evaluatePath(EvaluationTables.NOISE_DETECTION)
          + "): run 'recvalue evaluate' to corrupt a known share of interactions and see how many the lowest values"
          + " find.");
    } else {
      Optional<Dataset<Row>> noise = evaluateTable(EvaluationTables.NOISE_DETECTION, EvaluationTables.NOISE);
      if (noise.isPresent()) {
        List<Row> rows = noise.get().limit(50).collectAsList();
        if (rows.isEmpty()) {
          html.note(evaluatePath(EvaluationTables.NOISE_DETECTION) + " has no rows: the evaluation corrupted nothing"
              + " (evaluate.noise-fraction = 0).");
        } else {
          html.table(List.of(EvaluationTables.NOISE.fieldNames()), rowsOf(rows));
        }
      }
    }
    html.close();
  }

  private static String evaluatePath(String name) {
    return EvaluationTables.DIR + "/" + name;
  }

  /**
   * A table of {@code evaluate/} with the columns {@link EvaluationTables} declares for it, in that
   * order; when the table or one of the columns is missing, a note that names it and nothing else.
   */
  private Optional<Dataset<Row>> evaluateTable(String name, StructType declared) throws IOException {
    String relative = evaluatePath(name);
    Optional<Dataset<Row>> table = run.table(relative);
    if (table.isEmpty()) {
      html.note("no such table " + relative);
      return Optional.empty();
    }
    List<String> columns = Arrays.asList(table.get().columns());
    for (String column : declared.fieldNames()) {
      if (!columns.contains(column)) {
        html.note("no such column " + column + " in " + relative + " (its columns: " + String.join(", ", columns)
            + ")");
        return Optional.empty();
      }
    }
    Column[] inDeclaredOrder = Arrays.stream(declared.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    return Optional.of(table.get().select(inDeclaredOrder));
  }

  /**
   * One line chart per test metric ({@link EvaluationTables#CURVE_METRICS}) against the removed
   * fraction: a line per value method and direction, and one for the mean of the random orders. A
   * metric without values (RMSE of implicit data) has no chart.
   */
  private void removalCurves(List<Row> rows) {
    if (rows.isEmpty()) {
      html.note(evaluatePath(EvaluationTables.REMOVAL_CURVES) + " has no rows: the evaluation removed nothing"
          + " (evaluate.max-removal = 0).");
      return;
    }
    for (String metric : EvaluationTables.CURVE_METRICS) {
      Map<String, TreeMap<Double, double[]>> sums = new LinkedHashMap<>();
      for (Row r : rows) {
        if (r.isNullAt(r.fieldIndex(metric))) {
          continue;
        }
        String method = r.getAs(EvaluationTables.METHOD);
        String series = method.equals(CurvePoint.RANDOM) ? "random (mean of the orders)"
            : method + ", " + r.<String>getAs(EvaluationTables.DIRECTION).replace('_', ' ');
        double[] sum = sums.computeIfAbsent(series, k -> new TreeMap<>())
            .computeIfAbsent(r.<Double>getAs(EvaluationTables.REMOVED_FRACTION), k -> new double[2]);
        sum[0] += r.<Double>getAs(metric);
        sum[1]++;
      }
      Map<String, double[][]> lines = new LinkedHashMap<>();
      sums.forEach((series, byFraction) -> lines.put(series, new double[][] {
          byFraction.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
          byFraction.values().stream().mapToDouble(s -> s[0] / s[1]).toArray()}));
      if (!lines.isEmpty()) {
        html.image(Charts.lines(lines, metric + " after removing interactions", EvaluationTables.REMOVED_FRACTION,
            metric), "removal curve of " + metric);
      }
    }
  }

  private void importance() throws IOException {
    html.open("feature-importance", "Global feature importance");
    Optional<Dataset<Row>> t = run.table(ExplainLayout.relative(ExplainLayout.ITEM.importance()));
    if (t.isEmpty()) {
      html.note("No explain output (" + ExplainLayout.relative(ExplainLayout.ITEM.importance())
          + "): run 'recvalue explain'.");
      html.close();
      return;
    }
    List<Row> rows = t.get().orderBy(col(ExplainSchemas.RANK)).collectAsList();
    List<Row> shown = rows.subList(0, Math.min(IMPORTANCE_BARS, rows.size()));
    html.image(Charts.bars(shown.stream().map(r -> r.<String>getAs(ExplainSchemas.FEATURE)).collect(Collectors.toList()),
        shown.stream().mapToDouble(r -> r.<Double>getAs(ExplainSchemas.MEAN_ABS_PHI)).toArray(), null,
        "Mean |Shapley value| per feature over all items", "mean |phi| (" + targetName() + " units)"),
        "global feature importance");
    html.p(fidelityLine());
    fidelityWarning();
    List<List<Object>> table = new ArrayList<>();
    for (Row r : rows) {
      table.add(List.of(r.<Integer>getAs(ExplainSchemas.RANK), r.<String>getAs(ExplainSchemas.FEATURE),
          r.<Double>getAs(ExplainSchemas.MEAN_ABS_PHI), r.<Double>getAs(ExplainSchemas.MEAN_PHI)));
    }
    html.table(List.of("rank", "feature", "mean |phi|", "mean phi"), table);
    html.close();
  }

  private void valuableItems(Optional<Dataset<Row>> items, Optional<Dataset<Row>> explanations, boolean most)
      throws IOException {
    html.open(most ? "most-valuable" : "least-valuable", most ? "Most valuable items" : "Least valuable items");
    if (items.isEmpty() || explanations.isEmpty()) {
      html.note("No explain output (" + ExplainLayout.relative(ExplainLayout.ITEM.rows()) + ", "
          + ExplainLayout.relative(ExplainLayout.ITEM.attributions()) + "): run 'recvalue explain'.");
      html.close();
      return;
    }
    // the value itself orders the items (an older run folder has only the target, then the value)
    List<String> columns = Arrays.asList(items.get().columns());
    String value = columns.contains(ExplainSchemas.VALUE) ? ExplainSchemas.VALUE : ExplainSchemas.TARGET;
    boolean titled = columns.contains(ExplainSchemas.TITLE);
    List<Row> chosen = items.get()
        .orderBy(most ? col(value).desc() : col(value).asc(), col("item_id"))
        .limit(topItems).collectAsList();
    List<Object> ids = chosen.stream().map(r -> (Object) r.getAs("item_idx")).collect(Collectors.toList());
    Map<Object, List<Row>> attributions = explanations.get().filter(col("item_idx").isin(ids.toArray()))
        .collectAsList().stream().collect(Collectors.groupingBy(r -> r.getAs("item_idx")));
    html.p(fidelityLine());
    fidelityWarning();
    for (Row item : chosen) {
      List<Row> phi = new ArrayList<>(attributions.getOrDefault(item.getAs("item_idx"), List.of()));
      phi.sort(Comparator.comparingDouble((Row r) -> -Math.abs(r.<Double>getAs(ExplainSchemas.PHI))));
      List<Row> shown = phi.subList(0, Math.min(ITEM_BARS, phi.size()));
      html.raw("<div class=\"item\">\n");
      String name = itemName(item, titled);
      html.h3(name);
      boolean exact = Integer.valueOf(0).equals(item.getAs(ExplainSchemas.PERMUTATIONS));
      String valueText = value.equals(ExplainSchemas.VALUE)
          ? String.format(Locale.ROOT, "value %s, %s %s", Html.number(item.getAs(ExplainSchemas.VALUE)),
              item.getAs(ExplainSchemas.TARGET_NAME), Html.number(item.getAs(ExplainSchemas.TARGET)))
          : "value " + Html.number(item.getAs(ExplainSchemas.TARGET));
      html.p(String.format(Locale.ROOT, "%s; surrogate prediction %s = base value %s + sum of attributions;"
          + " %s.", valueText,
          Html.number(item.getAs(ExplainSchemas.PREDICTION)), Html.number(item.getAs(ExplainSchemas.BASE_VALUE)),
          exact ? "exact Shapley values from the surrogate's trees (no sampling error)"
              : String.format(Locale.ROOT, "%s permutations, max SE / range %s%s",
                  Html.number(item.getAs(ExplainSchemas.PERMUTATIONS)),
                  Html.number(item.getAs(ExplainSchemas.MAX_SE_OVER_RANGE)),
                  Boolean.TRUE.equals(item.getAs(ExplainSchemas.CONVERGED)) ? "" : " (stopped at the permutation cap)")));
      html.image(Charts.bars(
          shown.stream().map(r -> r.getAs(ExplainSchemas.FEATURE) + " = " + Html.compact(r.getAs(ExplainSchemas.FEATURE_VALUE)))
              .collect(Collectors.toList()),
          shown.stream().mapToDouble(r -> r.<Double>getAs(ExplainSchemas.PHI)).toArray(),
          shown.stream().mapToDouble(r -> r.<Double>getAs(ExplainSchemas.SE)).toArray(),
          "Shapley values of " + name + " (± 1 SE)", "phi (" + targetName() + " units)"),
          "attributions of item " + item.getAs("item_id"));
      html.raw("</div>\n");
    }
    html.close();
  }

  /** The item's title and id ("Title (item 42)") when the metadata names it, else "item 42". */
  static String itemName(Row item, boolean titled) {
    String id = "item " + item.getAs("item_id");
    String title = titled ? item.getAs(ExplainSchemas.TITLE) : null;
    return title == null || title.isBlank() ? id : title + " (" + id + ")";
  }

  /** The target's name as the manifest records it ({@code explain.target}); "value" for an older run. */
  private String targetName() {
    return String.valueOf(explainItems().getOrDefault("target", "value"));
  }

  private void surrogateFit(Optional<Dataset<Row>> items) {
    html.open("surrogate-fit", "Surrogate fit");
    if (items.isEmpty()) {
      html.note("No explain output (" + ExplainLayout.relative(ExplainLayout.ITEM.rows())
          + "): run 'recvalue explain'.");
      html.close();
      return;
    }
    List<Row> rows = items.get().select(ExplainSchemas.TARGET, ExplainSchemas.PREDICTION, ExplainSchemas.HELDOUT)
        .collectAsList();
    double[] x = rows.stream().mapToDouble(r -> r.getDouble(0)).toArray();
    double[] y = rows.stream().mapToDouble(r -> r.getDouble(1)).toArray();
    boolean[] held = new boolean[rows.size()];
    for (int k = 0; k < held.length; k++) {
      held[k] = rows.get(k).getBoolean(2);
    }
    html.image(Charts.scatter(x, y, held, "Surrogate prediction against its target (" + targetName() + ")",
        "item " + targetName(), "surrogate prediction", "training items", "held-out items"), "surrogate fit");
    html.p(fidelityLine());
    fidelityWarning();
    Map<String, Object> e = explainItems();
    List<List<Object>> table = new ArrayList<>();
    for (String k : List.of("target", "surrogate", "surrogate_trees", "surrogate_max_depth", "surrogate_train_rows",
        "surrogate_heldout_rows", "surrogate_r2_train", "surrogate_r2_heldout", "surrogate_spearman_heldout",
        "surrogate_top_decile_precision_heldout", "min_spearman", "seconds_surrogate")) {
      if (e.containsKey(k)) {
        table.add(List.of(k, e.get(k) instanceof Number ? e.get(k) : String.valueOf(e.get(k))));
      }
    }
    if (!table.isEmpty()) {
      html.table(List.of("entry", "value"), table);
    }
    interactionFit();
    html.close();
  }

  /** The interaction-level surrogate's fit, when the explain stage also explained interactions. */
  @SuppressWarnings("unchecked")
  private void interactionFit() {
    Object m = stage("explain").get("interaction");
    if (!(m instanceof Map)) {
      return;
    }
    Map<String, Object> e = (Map<String, Object>) m;
    html.p("Interaction values (explain.interactions), " + Html.number(e.get("rows")) + " interactions: "
        + fidelityLine(e, "interactions") + " Their attributions are in "
        + ExplainLayout.relative(ExplainLayout.INTERACTION.attributions()) + ".");
    fidelityWarning(e, "Warning (interaction level): ");
  }

  private void convergence(Optional<Dataset<Row>> items) {
    html.open("convergence", "Shapley estimates: convergence");
    if (items.isEmpty()) {
      html.note("No explain output (" + ExplainLayout.relative(ExplainLayout.ITEM.rows())
          + "): run 'recvalue explain'.");
      html.close();
      return;
    }
    List<Row> rows = items.get().select(ExplainSchemas.PERMUTATIONS, ExplainSchemas.MAX_SE_OVER_RANGE).collectAsList();
    double[] ratio = rows.stream().mapToDouble(r -> r.getDouble(1)).filter(Double::isFinite).toArray();
    if (ratio.length > 0) {
      Tuple2<double[], long[]> h = histogramOf(ratio);
      html.image(Charts.histogram(h._1(), h._2(), "max SE / range of each item's attributions", "max SE / range", false),
          "convergence");
    }
    Map<String, Object> e = explainItems();
    List<List<Object>> table = new ArrayList<>();
    for (String k : List.of("rows", "background_size", "tolerance", "max_permutations", "permutations_min",
        "permutations_median", "permutations_max", "permutations_total", "converged_rows", "max_se_over_range_median",
        "max_se_over_range_max", "seconds_shapley", "seconds_shapley_per_row")) {
      if (e.containsKey(k)) {
        table.add(List.of(k, e.get(k) instanceof Number ? e.get(k) : String.valueOf(e.get(k))));
      }
    }
    html.table(List.of("entry", "value"), table);
    html.close();
  }

  private static Tuple2<double[], long[]> histogramOf(double[] v) {
    double lo = Arrays.stream(v).min().orElse(0);
    double hi = Arrays.stream(v).max().orElse(1);
    if (!(hi > lo)) {
      hi = lo + 1e-9 + Math.abs(lo) * 1e-9;
    }
    int bins = 30;
    double[] edges = new double[bins + 1];
    for (int k = 0; k <= bins; k++) {
      edges[k] = lo + (hi - lo) * k / bins;
    }
    long[] counts = new long[bins];
    for (double d : v) {
      counts[Math.min(bins - 1, (int) ((d - lo) / (hi - lo) * bins))]++;
    }
    return new Tuple2<>(edges, counts);
  }

  private static List<List<Object>> rowsOf(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : rows) {
      List<Object> cells = new ArrayList<>();
      for (int c = 0; c < r.size(); c++) {
        Object v = r.get(c);
        cells.add(v instanceof Number ? v : String.valueOf(v));
      }
      out.add(cells);
    }
    return out;
  }
}
