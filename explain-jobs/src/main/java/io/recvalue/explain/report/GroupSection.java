package io.recvalue.explain.report;

import io.recvalue.core.chart.Charts;
import io.recvalue.explain.groups.GroupTables;
import io.recvalue.explain.jobs.ExplainLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's section on the group game (element id {@code data-groups}): which groups of
 * interactions (genres, user cohorts, time windows) help or hurt the held-out loss, as Shapley values
 * with their standard errors, the fidelity of the learnt surrogate beside them (its linear datamodeling
 * score on held-out re-solves, and agreement with the exact values when every coalition was
 * re-solved), a scatter of predicted against re-solved utilities, and the strongest pairwise
 * interactions. Without the tables it says which command produces them.
 */
final class GroupSection {
  static final String ID = "data-groups";
  private static final int TOP_PAIRS = 6;
  private final RunFolder run;
  private final Html html;
  private final Map<String, Object> diagnostics;

  GroupSection(RunFolder run, Html html, Map<String, Object> diagnostics) {
    this.run = run;
    this.html = html;
    this.diagnostics = diagnostics;
  }

  void render() throws IOException {
    Optional<Dataset<Row>> groups = run.table(ExplainLayout.relative(GroupTables.GROUPS));
    Optional<Dataset<Row>> coalitions = run.table(ExplainLayout.relative(GroupTables.COALITIONS));
    Optional<Dataset<Row>> pairs = run.table(ExplainLayout.relative(GroupTables.GROUP_INTERACTIONS));
    html.open(ID, "Data groups: which parts of the log help the held-out loss");
    if (groups.isEmpty() || coalitions.isEmpty() || pairs.isEmpty()) {
      html.note("No group explanation in this run folder: 'recvalue explain' writes one (explain.groups=true; "
          + ExplainLayout.relative(GroupTables.GROUPS) + ").");
      html.close();
      return;
    }
    html.p(String.format(Locale.ROOT, "Players: %s groups of training interactions by %s. The worth of a set S of"
        + " groups is minus the validation loss after %s warm-started ALS sweeps in which every group outside S keeps"
        + " %s of its weight. A group's Shapley value is what it adds to that worth, averaged over the orders in"
        + " which groups could join: positive helps the held-out loss, negative hurts it.",
        diagnostics.get("groups"), diagnostics.get("by"), diagnostics.get("sweeps"),
        percent(1 - number(diagnostics.get("down_weight")))));
    fidelity();
    List<Row> rows = groups.get().orderBy("group").collectAsList();
    List<String> labels = new ArrayList<>();
    double[] phi = new double[rows.size()];
    double[] se = new double[rows.size()];
    List<List<Object>> table = new ArrayList<>();
    for (int q = 0; q < rows.size(); q++) {
      Row r = rows.get(q);
      labels.add(r.<String>getAs("name"));
      phi[q] = r.<Double>getAs("shapley");
      Double s = r.getAs("shapley_learnt_se");
      se[q] = "exact".equals(r.getAs("shapley_source")) || s == null ? 0 : s;
      table.add(List.of(r.<String>getAs("name"), r.<Long>getAs("interactions"), cell(r, "shapley_exact"),
          cell(r, "shapley_learnt"), cell(r, "shapley_learnt_se"), cell(r, "shapley_first_order"),
          cell(r, "down_weighted_alone")));
    }
    boolean exact = rows.stream().allMatch(r -> "exact".equals(r.getAs("shapley_source")));
    html.image(Charts.bars(labels, phi, exact ? null : se, exact
        ? "Group Shapley values (exact: every coalition re-solved)"
        : "Group Shapley values of the learnt surrogate (±1 SE)", "Shapley value (minus validation loss)"),
        "group Shapley values");
    html.table(List.of("group", "interactions", "Shapley (exact)", "Shapley (learnt)", "SE (learnt)",
        "first order (ρ × summed value)", "worth lost when only this group is down-weighted"), table);
    scatter(coalitions.get());
    strongestPairs(pairs.get());
    html.close();
  }

  private void fidelity() {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Fidelity: the learnt surrogate (linear plus"
        + " pairwise, fitted on %s re-solved coalitions) ranks %s held-out coalitions with Spearman %s (LDS; Pearson %s)",
        diagnostics.get("coalitions_fit"), diagnostics.get("coalitions_heldout"),
        Html.number(diagnostics.get("lds_learnt")), Html.number(diagnostics.get("pearson_learnt"))));
    if (diagnostics.get("lds_first_order") != null) {
      s.append(String.format(Locale.ROOT, "; the first-order prediction from the data values, %s",
          Html.number(diagnostics.get("lds_first_order"))));
    }
    if (diagnostics.get("exact_vs_learnt_spearman") != null) {
      s.append(String.format(Locale.ROOT, ". Every coalition was re-solved, so the Shapley values above are exact;"
          + " the surrogate's agree with them with Spearman %s, largest error %s of their range, %s of %s groups"
          + " within 3 standard errors", Html.number(diagnostics.get("exact_vs_learnt_spearman")),
          percent(number(diagnostics.get("exact_vs_learnt_max_error_over_range"))),
          diagnostics.get("exact_vs_learnt_within_3se"), diagnostics.get("groups")));
    }
    html.p(s.append('.').toString());
    if (diagnostics.get("lds_warning") != null) {
      html.warning(String.valueOf(diagnostics.get("lds_warning")));
    }
  }

  private void scatter(Dataset<Row> coalitions) {
    List<Row> held = coalitions.filter("role = 'heldout'").collectAsList();
    boolean first = held.stream().anyMatch(r -> r.getAs("predicted_first_order") != null);
    int n = held.size();
    double[] x = new double[first ? 2 * n : n];
    double[] y = new double[x.length];
    boolean[] learnt = new boolean[x.length];
    for (int q = 0; q < n; q++) {
      Row r = held.get(q);
      x[q] = r.<Double>getAs("utility");
      y[q] = r.<Double>getAs("predicted_learnt");
      learnt[q] = true;
      if (first) {
        x[n + q] = x[q];
        y[n + q] = r.<Double>getAs("predicted_first_order");
      }
    }
    html.image(Charts.scatter(x, y, learnt, "Held-out coalitions: predicted against re-solved utility",
        "re-solved utility (minus validation loss)", "predicted utility", "first order (from the data values)",
        "learnt surrogate"), "predicted against re-solved utility of the held-out coalitions");
  }

  private void strongestPairs(Dataset<Row> pairs) {
    List<Row> rows = new ArrayList<>(pairs.collectAsList());
    rows.sort(Comparator.comparingDouble((Row r) -> -Math.abs(r.<Double>getAs("interaction"))));
    List<List<Object>> table = new ArrayList<>();
    for (Row r : rows.subList(0, Math.min(TOP_PAIRS, rows.size()))) {
      table.add(List.of(r.<String>getAs("name_a"), r.<String>getAs("name_b"), r.<Double>getAs("interaction"),
          cell(r, "se")));
    }
    html.p("The strongest pairwise interactions (negative: the two groups are partly redundant, each adds less"
        + " when the other is in; positive: they complement each other).");
    html.table(List.of("group", "with group", "interaction index", "SE"), table);
  }

  private static Object cell(Row r, String column) {
    Object v = r.getAs(column);
    return v == null ? "–" : v;
  }

  private static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String percent(double f) {
    return Double.isFinite(f) ? String.format(Locale.ROOT, "%.0f %%", 100 * f) : "?";
  }
}
