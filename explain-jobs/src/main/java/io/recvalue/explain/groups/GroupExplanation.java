package io.recvalue.explain.groups;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.recvalue.explain.shapley.ExactShapley;
import io.recvalue.valuation.loo.Correlation;
import io.recvalue.valuation.output.ValueSchemas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The group game played out: groups ({@link DataGroups}), re-solved coalitions
 * ({@link CoalitionResolver}, {@link Coalitions}), the two utility surrogates and their fidelity.
 * <ul>
 *   <li><b>First order</b> (zero re-solves): {@code Û₁(S) = U(F) − ρ Σ_{g∉S} V_g} with the group's
 *       summed data value {@code V_g = Σ_{j∈g} w_j value_j}. Since {@code value_j = −∂L_V/∂w_j},
 *       keeping {@code 1 − ρ} of a group's weight moves {@code L_V} by {@code ρ V_g} to first order;
 *       the game is additive, so its Shapley value is {@code ρ V_g}. Defined for the continuous values
 *       (influence, blockdiag, ep).</li>
 *   <li><b>Learnt</b>: {@link PairwiseSurrogate} fitted on the fit coalitions' re-solved utilities;
 *       Shapley values, pairwise interaction indices and their standard errors in closed form.</li>
 *   <li><b>Exact</b>, when every coalition was re-solved: {@link ExactShapley} of the re-solved game,
 *       the oracle the surrogates are checked against.</li>
 * </ul>
 * Fidelity is the linear datamodeling score (LDS): the Spearman correlation between a surrogate's
 * predicted utilities and the re-solved ones over the held-out coalitions, which the fit never saw.
 *
 * @param assignment the groups
 * @param coalitions the re-solved coalitions
 * @param utilities {@code U(S)} of {@code coalitions.all()}, in that order
 * @param learnt the fitted surrogate
 * @param firstOrderShapley {@code ρ V_g} per group, or null when the values are not continuous
 * @param exactShapley the exact Shapley values, or null when coalitions were sampled
 * @param diagnostics manifest entries
 */
public record GroupExplanation(DataGroups.Assignment assignment, Coalitions coalitions, double[] utilities,
    PairwiseSurrogate learnt, double[] firstOrderShapley, double[] exactShapley, Map<String, Object> diagnostics) {

  private static final Set<String> CONTINUOUS = Set.of("influence", "blockdiag", "ep");

  /** Re-solves the planned coalitions and fits and judges the surrogates. */
  public static GroupExplanation run(DataGroups.Assignment assignment, Dataset<Row> valued, CoalitionResolver resolver,
      GroupSettings settings, double downWeight) {
    int g = assignment.groups().size();
    Coalitions plan = Coalitions.plan(g, settings.fitCoalitions(), settings.heldoutCoalitions(),
        settings.enumerateUpTo(), settings.seed());
    long[] all = plan.all();
    long start = System.nanoTime();
    double[] u = resolver.utilities(all);
    double resolveSeconds = (System.nanoTime() - start) / 1e9;

    int nFit = plan.fit().length;
    double[] fitU = Arrays.copyOf(u, nFit);
    double[] heldU = Arrays.copyOfRange(u, nFit, u.length);
    PairwiseSurrogate learnt = PairwiseSurrogate.fit(g, plan.fit(), fitU, settings.ridge());
    double[] learntHeld = new double[heldU.length];
    for (int r = 0; r < heldU.length; r++) {
      learntHeld[r] = learnt.predict(plan.heldout()[r]);
    }
    double full = utilityOf(plan.full(), all, u);

    double[] firstOrder = firstOrder(assignment, valued, downWeight);
    double[] firstHeld = null;
    if (firstOrder != null) {
      firstHeld = new double[heldU.length];
      for (int r = 0; r < heldU.length; r++) {
        firstHeld[r] = firstOrderPrediction(full, firstOrder, plan.heldout()[r]);
      }
    }
    double[] exact = null;
    if (plan.exhaustive() && g <= ExactShapley.MAX_PLAYERS) {
      double[] byMask = new double[1 << g];
      for (int r = 0; r < all.length; r++) {
        byMask[(int) all[r]] = u[r];
      }
      exact = ExactShapley.fromValues(g, byMask);
    }

    Map<String, Object> d = new LinkedHashMap<>();
    d.put("by", assignment.by());
    d.put("groups", g);
    d.put("down_weight", downWeight);
    d.put("sweeps", settings.sweeps());
    d.put("coalitions_resolved", all.length);
    d.put("coalitions_fit", nFit);
    d.put("coalitions_heldout", heldU.length);
    d.put("exhaustive", plan.exhaustive());
    d.put("batch_size", resolver.batchSize());
    d.put("utility_full", full);
    d.put("lds_learnt", finite(Correlation.spearman(learntHeld, heldU)));
    d.put("pearson_learnt", finite(Correlation.pearson(learntHeld, heldU)));
    d.put("lds_first_order", firstHeld == null ? null : finite(Correlation.spearman(firstHeld, heldU)));
    if (exact != null) {
      double[] phi = learnt.shapley();
      double[] se = learnt.shapleyStandardErrors();
      double maxAbs = 0;
      int within = 0;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int q = 0; q < g; q++) {
        double diff = Math.abs(phi[q] - exact[q]);
        maxAbs = Math.max(maxAbs, diff);
        within += diff <= 3 * se[q] ? 1 : 0;
        lo = Math.min(lo, exact[q]);
        hi = Math.max(hi, exact[q]);
      }
      double range = hi - lo;
      d.put("exact_vs_learnt_spearman", finite(Correlation.spearman(phi, exact)));
      d.put("exact_vs_learnt_max_error_over_range", range > 0 ? maxAbs / range : null);
      d.put("exact_vs_learnt_within_3se", within);
      if (firstOrder != null) {
        d.put("exact_vs_first_order_spearman", finite(Correlation.spearman(firstOrder, exact)));
      }
    }
    d.put("seconds_resolve", resolveSeconds);
    d.put("seconds_per_resolve", resolveSeconds / all.length);
    Double lds = (Double) d.get("lds_learnt");
    d.put("lds_warning", lds == null || lds < settings.minLds()
        ? String.format(java.util.Locale.ROOT, "the learnt surrogate's LDS %s is below explain.groups.min-lds = %.2f:"
            + " its group Shapley values may not reflect the re-solved game", lds == null ? "(undefined)"
            : String.format(java.util.Locale.ROOT, "%.3f", lds), settings.minLds())
        : null);
    return new GroupExplanation(assignment, plan, u, learnt, firstOrder, exact, d);
  }

  /** {@code U(F) − ρ Σ_{g∉S} V_g}, written with the Shapley values {@code ρ V_g}. */
  static double firstOrderPrediction(double full, double[] firstOrderShapley, long mask) {
    double v = full;
    for (int q = 0; q < firstOrderShapley.length; q++) {
      if ((mask >>> q & 1L) == 0) {
        v -= firstOrderShapley[q];
      }
    }
    return v;
  }

  /** {@code ρ V_g} per group, or null when the values are not continuous data values. */
  static double[] firstOrder(DataGroups.Assignment assignment, Dataset<Row> valued, double downWeight) {
    List<Row> method = valued.select(ValueSchemas.METHOD).limit(1).collectAsList();
    if (method.isEmpty() || !CONTINUOUS.contains(method.get(0).getString(0))) {
      return null;
    }
    double[] out = new double[assignment.groups().size()];
    Dataset<Row> v = valued.select(col(USER_IDX), col(ITEM_IDX), col(WEIGHT).multiply(col(ValueSchemas.VALUE)).as("_wv"));
    for (Row r : assignment.rows().select(USER_IDX, ITEM_IDX, DataGroups.GROUP).join(v,
        scala.collection.JavaConverters.asScalaBuffer(List.of(USER_IDX, ITEM_IDX)).toSeq())
        .groupBy(DataGroups.GROUP).agg(sum(col("_wv"))).collectAsList()) {
      out[r.getInt(0)] = downWeight * r.getDouble(1);
    }
    return out;
  }

  private static double utilityOf(long mask, long[] masks, double[] u) {
    for (int r = 0; r < masks.length; r++) {
      if (masks[r] == mask) {
        return u[r];
      }
    }
    throw new IllegalStateException("the full coalition was not re-solved");
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Names of the groups, by index. */
  public List<String> names() {
    List<String> n = new ArrayList<>();
    assignment.groups().forEach(q -> n.add(q.name()));
    return n;
  }
}
