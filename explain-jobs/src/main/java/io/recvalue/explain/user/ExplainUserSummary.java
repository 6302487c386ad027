package io.recvalue.explain.user;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The manifest's {@code stages.explain-user} entries, from the written recommendations table. */
final class ExplainUserSummary {
  private ExplainUserSummary() {}

  static Map<String, Object> of(Dataset<Row> recommendations, ExplainUserSettings settings) {
    List<Row> rows = recommendations.select(ExplainUserSchemas.EXACT, ExplainUserSchemas.PERMUTATIONS,
        ExplainUserSchemas.CONVERGED, ExplainUserSchemas.EFFICIENCY_ERROR, ExplainUserSchemas.FOLD_IN_GAP,
        ExplainUserSchemas.CF_FOUND, ExplainUserSchemas.CF_MINIMAL, ExplainUserSchemas.CF_SIZE,
        ExplainUserSchemas.SECONDS_SHAPLEY, ExplainUserSchemas.SECONDS_COUNTERFACTUAL, ExplainUserSchemas.EVENT_COUNT,
        "user_idx").collectAsList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("users", rows.stream().map(r -> r.getInt(11)).distinct().count());
    m.put("recommendations", rows.size());
    m.put("list_size", settings.estimation().listSize());
    m.put("max_exact_events", settings.estimation().maxExactPlayers());
    m.put("tolerance", settings.estimation().rule().tolerance());
    m.put("max_permutations", settings.estimation().rule().maxPermutations());
    m.put("pruning_tolerance", settings.estimation().pruningTolerance());
    m.put("events_median", median(rows, 10));
    m.put("exact", rows.stream().filter(r -> r.getBoolean(0)).count());
    m.put("sampled", rows.stream().filter(r -> !r.getBoolean(0)).count());
    m.put("converged", rows.stream().filter(r -> r.getBoolean(2)).count());
    m.put("permutations_max", rows.stream().mapToInt(r -> r.getInt(1)).max().orElse(0));
    m.put("efficiency_error_max", rows.stream().mapToDouble(r -> r.getDouble(3)).max().orElse(0));
    rows.stream().filter(r -> !r.isNullAt(4)).mapToDouble(r -> r.getDouble(4)).max()
        .ifPresent(gap -> m.put("fold_in_gap_max", gap));
    m.put("counterfactual_found", rows.stream().filter(r -> r.getBoolean(5)).count());
    m.put("counterfactual_minimal", rows.stream().filter(r -> r.getBoolean(6)).count());
    m.put("counterfactual_size_median", median(rows.stream().filter(r -> !r.isNullAt(7)).toList(), 7));
    m.put("seconds_shapley_median", median(rows, 8));
    m.put("seconds_shapley_max", rows.stream().mapToDouble(r -> r.getDouble(8)).max().orElse(0));
    m.put("seconds_counterfactual_median", median(rows, 9));
    return m;
  }

  static String line(Map<String, Object> m) {
    return String.format(Locale.ROOT, "%s recommendations of %s users explained (%s exact, %s sampled, %s at the"
        + " tolerance); counterfactual sets found for %s (%s proved minimal, median size %s); efficiency error at most"
        + " %.2e; median %.4f s per explanation", m.get("recommendations"), m.get("users"), m.get("exact"),
        m.get("sampled"), m.get("converged"), m.get("counterfactual_found"), m.get("counterfactual_minimal"),
        m.get("counterfactual_size_median"), ((Number) m.get("efficiency_error_max")).doubleValue(),
        ((Number) m.get("seconds_shapley_median")).doubleValue());
  }

  /** The median of a column; 0 for no rows (the manifest holds no NaN). */
  private static double median(List<Row> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> ((Number) r.get(column)).doubleValue()).toArray();
    if (v.length == 0) {
      return 0;
    }
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
  }
}
