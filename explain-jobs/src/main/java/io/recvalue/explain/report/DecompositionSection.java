package io.recvalue.explain.report;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.recvalue.core.chart.Charts;
import io.recvalue.explain.jobs.ExplainLayout;
import io.recvalue.explain.jobs.ExplainSchemas;
import io.recvalue.explain.segments.ValueSegments;
import io.recvalue.valuation.output.ValueLayout;
import io.recvalue.valuation.output.ValueSchemas;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's section on exact splits of the values (element id {@code value-decomposition}), each
 * adding up to the value with nothing estimated: the fit and regularisation terms of every value
 * ({@code value/decomposition}), the held-out segments the values serve ({@code
 * value/validation_segments}, when the value stage split them), and the most and least valuable
 * items by title, split by their raters' activity and by whether the model under- or over-predicts
 * the rating ({@code explain/item_segments}). A missing table is named with the command that writes it.
 */
final class DecompositionSection {
  static final String ID = "value-decomposition";
  private static final int ITEMS = 5;
  private final RunFolder run;
  private final Html html;

  DecompositionSection(RunFolder run, Html html) {
    this.run = run;
    this.html = html;
  }

  void render() throws IOException {
    html.open(ID, "Exact splits of the values");
    html.p("Each split below adds up to the values exactly (the Shapley values of an additive game are its"
        + " terms), so it needs no surrogate and no sampling: its fidelity is 1 by construction.");
    terms();
    validationSegments();
    itemSegments();
    html.close();
  }

  private void terms() throws IOException {
    Optional<Dataset<Row>> d = run.table(ValueLayout.relative(ValueSchemas.DECOMPOSITION_TABLE));
    if (d.isEmpty()) {
      html.note("No value/decomposition: 'recvalue value --method influence' (or blockdiag) writes it.");
      return;
    }
    Row r = d.get().agg(
        sum(when(col("value").gt(0), col("fit_term")).otherwise(0.0)),
        sum(when(col("value").lt(0), col("fit_term")).otherwise(0.0)),
        sum(when(col("value").gt(0), col("regularisation_term")).otherwise(0.0)),
        sum(when(col("value").lt(0), col("regularisation_term")).otherwise(0.0)),
        sum(abs(col("fit_term"))), sum(abs(col("regularisation_term")))).first();
    double fitShare = r.getDouble(4) / (r.getDouble(4) + r.getDouble(5));
    html.p(String.format(java.util.Locale.ROOT, "Every value is a fit term (the loss slope, for ratings minus twice"
        + " the residual, times the alignment of the interaction's gradient with the direction the held-out loss"
        + " wants the factors to move) plus a regularisation term (its share of λ). The fit term carries %.0f %% of"
        + " Σ|term|.", 100 * fitShare));
    html.table(List.of("term", "sum over helpful interactions (value > 0)", "sum over harmful interactions (value < 0)"),
        List.of(List.of("fit", r.getDouble(0), r.getDouble(1)), List.of("regularisation", r.getDouble(2), r.getDouble(3))));
  }

  private void validationSegments() throws IOException {
    Optional<Dataset<Row>> v = run.table(ValueLayout.relative(ValueSchemas.VALIDATION_SEGMENTS_TABLE));
    if (v.isEmpty()) {
      html.note("No split by held-out segments: 'recvalue value --set value.validation-segments=user-activity'"
          + " (or item-popularity) writes value/validation_segments.");
      return;
    }
    List<Row> rows = v.get().groupBy(ValueSchemas.SEGMENT)
        .agg(sum(when(col("value").gt(0), col("value")).otherwise(0.0)),
            sum(when(col("value").lt(0), col("value")).otherwise(0.0)))
        .collectAsList();
    rows = new ArrayList<>(rows);
    rows.sort(java.util.Comparator.comparingLong((Row r) -> firstNumber(r.getString(0))).thenComparing(r -> r.getString(0)));
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<List<Object>> table = new ArrayList<>();
    for (Row r : rows) {
      labels.add(r.getString(0) + ": helped");
      values.add(r.getDouble(1));
      labels.add(r.getString(0) + ": hurt");
      values.add(r.getDouble(2));
      table.add(List.of(r.getString(0), r.getDouble(1), r.getDouble(2), r.getDouble(1) + r.getDouble(2)));
    }
    html.p("Which held-out ratings the values serve: each value is the sum of its parts over these segments of the"
        + " validation set (one solve per segment).");
    html.image(Charts.bars(labels, values.stream().mapToDouble(Double::doubleValue).toArray(), null,
        "Values by held-out segment: positive and negative parts", "sum of values"), "values by held-out segment");
    html.table(List.of("held-out segment", "positive parts", "negative parts", "net"), table);
  }

  /** The first integer in a segment's name ("raters with 6–20 ratings": 6), to order ranges; else 0. */
  static long firstNumber(String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(name);
    return m.find() ? Long.parseLong(m.group()) : 0;
  }

  private void itemSegments() throws IOException {
    Optional<Dataset<Row>> segments = run.table(ExplainLayout.relative(ValueSegments.ITEMS));
    Optional<Dataset<Row>> items = run.table(ExplainLayout.relative(ExplainLayout.ITEM.rows()));
    if (segments.isEmpty() || items.isEmpty()) {
      html.note("No item splits: 'recvalue explain' writes explain/item_segments.");
      return;
    }
    boolean titled = Arrays.asList(items.get().columns()).contains(ExplainSchemas.TITLE);
    List<Row> ordered = items.get().orderBy(col(ExplainSchemas.VALUE).desc()).collectAsList();
    List<Row> picked = new ArrayList<>(ordered.subList(0, Math.min(ITEMS, ordered.size())));
    for (int q = Math.max(ITEMS, ordered.size() - ITEMS); q < ordered.size(); q++) {
      picked.add(ordered.get(q));
    }
    for (String kind : List.of("rater_activity", "residual_sign")) {
      Map<Integer, Map<String, Double>> byItem = new LinkedHashMap<>();
      List<String> names = new ArrayList<>();
      for (Row r : segments.get().filter(col("kind").equalTo(kind)).collectAsList()) {
        String segment = r.getAs("segment");
        if (!names.contains(segment)) {
          names.add(segment);
        }
        byItem.computeIfAbsent(r.<Integer>getAs("item_idx"), k -> new LinkedHashMap<>()).put(segment, r.getAs("value_sum"));
      }
      names.sort(java.util.Comparator.comparingLong(DecompositionSection::firstNumber).thenComparing(n -> n));
      List<String> header = new ArrayList<>(List.of("item", "value"));
      header.addAll(names);
      List<List<Object>> table = new ArrayList<>();
      for (Row item : picked) {
        List<Object> cells = new ArrayList<>(List.of(ReportSections.itemName(item, titled),
            item.<Double>getAs(ExplainSchemas.VALUE)));
        Map<String, Double> parts = byItem.getOrDefault(item.<Integer>getAs("item_idx"), Map.of());
        names.forEach(n -> cells.add(parts.containsKey(n) ? parts.get(n) : "–"));
        table.add(cells);
      }
      html.p(kind.equals("rater_activity")
          ? "The most and least valuable items, their value split by how active their raters are:"
          : "The same items, their value split by whether the model under- or over-predicts the rating:");
      html.table(header, table);
    }
  }
}
