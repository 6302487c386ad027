package io.recvalue.explain.report;

import io.recvalue.core.chart.Charts;
import io.recvalue.valuation.output.ValueLayout;
import io.recvalue.valuation.pg.PgTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's section on a keep/drop policy learnt by {@code value --method pg} (element id
 * {@code keep-drop-policy}): the policy's weights by feature name (which kinds of interactions it
 * drops), the search's curve (the reward, the held-out reward of the episodes and of the deterministic
 * policy, beside keeping everything) and where the search stopped; a note when the values are not
 * discrete (the section then says which command produces it).
 */
public final class PolicySection {
  public static final String ID = "keep-drop-policy";
  private final RunFolder run;
  private final Map<String, Object> value;

  PolicySection(RunFolder run, Map<String, Object> valueStage) {
    this.run = run;
    this.value = valueStage;
  }

  void render(Html html) throws IOException {
    Optional<Dataset<Row>> policy = run.table(ValueLayout.relative(PgTables.POLICY));
    Optional<Dataset<Row>> curve = run.table(ValueLayout.relative(PgTables.CURVE));
    html.open(ID, "Keep/drop policy (policy gradient)");
    if (policy.isEmpty() || curve.isEmpty()) {
      html.note("No keep/drop policy in this run folder: 'recvalue value --method pg' learns one ("
          + ValueLayout.relative(PgTables.POLICY) + ", " + ValueLayout.relative(PgTables.CURVE) + ").");
      html.close();
      return;
    }
    html.p(String.format(Locale.ROOT, "The policy keeps an interaction with probability σ(bias + Σ weight ·"
        + " standardised feature) and drops the %s of lowest probability. A negative weight: the higher the"
        + " feature, the likelier the interaction is dropped.", percent(value.get("pg_drop_fraction"))));
    weights(html, policy.get());
    search(html, curve.get());
    html.close();
  }

  private void weights(Html html, Dataset<Row> policy) {
    List<String> labels = new ArrayList<>();
    List<Double> w = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : policy.collectAsList()) {
      String f = r.getString(0);
      rows.add(List.of(f, r.getDouble(1), r.isNullAt(2) ? "–" : r.getDouble(2), r.isNullAt(3) ? "–" : r.getDouble(3)));
      if (!f.equals(PgTables.BIAS)) {
        labels.add(f);
        w.add(r.getDouble(1));
      }
    }
    html.image(Charts.bars(labels, w.stream().mapToDouble(Double::doubleValue).toArray(), null,
        "Policy weights (per standard deviation of the feature)", "weight"), "policy weights by feature");
    html.table(List.of("feature", "weight", "mean", "standard deviation"), rows);
  }

  private void search(Html html, Dataset<Row> curve) {
    List<Row> rows = curve.orderBy("iteration").collectAsList();
    int n = rows.size();
    Map<String, double[][]> series = new LinkedHashMap<>();
    series.put("episodes, reward split", column(rows, "reward_mean"));
    series.put("episodes, held-out split", column(rows, "heldout_reward_mean"));
    series.put("deterministic policy, held-out", column(rows, "deterministic_heldout_reward"));
    series.put("keeping everything, held-out", column(rows, "all_kept_heldout_reward"));
    html.image(Charts.lines(series, "Reward (minus the validation loss) per policy iteration", "iteration",
        "reward"), "reward per policy iteration");
    Object best = value.get("pg_best_iteration");
    html.p(String.format(Locale.ROOT, "%d iterations of %s episodes%s; the policy kept is that of iteration %s:"
        + " held-out reward %s against %s keeping everything and %s dropping a random share.", n,
        value.getOrDefault("pg_episodes_per_iteration", "?"),
        Boolean.TRUE.equals(value.get("pg_stopped_early")) ? " (stopped early: no better held-out reward)" : "",
        best, Html.number(value.get("pg_best_heldout_reward")), Html.number(value.get("pg_all_kept_heldout_reward")),
        Html.number(value.get("pg_random_drop_heldout_reward"))));
  }

  private static double[][] column(List<Row> rows, String name) {
    double[] x = new double[rows.size()];
    double[] y = new double[rows.size()];
    for (int t = 0; t < rows.size(); t++) {
      x[t] = rows.get(t).<Integer>getAs("iteration");
      y[t] = rows.get(t).<Double>getAs(name);
    }
    return new double[][] {x, y};
  }

  private static String percent(Object f) {
    return f instanceof Number n ? String.format(Locale.ROOT, "%.0f %%", 100 * n.doubleValue()) : "share ρ";
  }
}
