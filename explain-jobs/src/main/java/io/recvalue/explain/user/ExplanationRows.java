package io.recvalue.explain.user;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One explanation as rows of the computed part of each table ({@link ExplainUserSchemas#computed}):
 * indices and numbers, in the schemas' column order; NaN becomes null.
 */
final class ExplanationRows {
  private static final double SECONDS_PER_DAY = 86_400.0;

  private ExplanationRows() {}

  static Row recommendation(UserExplanation x, int listSize) {
    Counterfactual.Result cf = x.counterfactual();
    int grouped = 0;
    for (boolean g : x.grouped()) {
      grouped += g ? 1 : 0;
    }
    return RowFactory.create(x.history().user(), x.item(), x.rank(), x.score(), orNull(x.trainedScore()),
        orNull(x.foldInGap()), x.history().size(), x.players(), grouped, orNull(x.phiGrouped()), x.exact(),
        x.permutations(), x.maxSeOverRange(), x.converged(), x.efficiencyError(), listSize, cf.found(),
        cf.found() ? cf.removed().length : null, cf.minimal(), cf.lowerBound(), cf.search(), cf.resolves(),
        cf.found() ? cf.rankAfter() : null, cf.found() ? cf.scoreAfter() : null, x.secondsShapley(),
        x.secondsCounterfactual());
  }

  static List<Row> events(UserExplanation x) {
    UserHistory h = x.history();
    boolean[] inSet = x.inCounterfactual();
    long[] t = h.timestamps();
    List<Row> rows = new ArrayList<>(h.size());
    for (int e = 0; e < h.size(); e++) {
      rows.add(RowFactory.create(h.user(), x.item(), h.items()[e], h.ratings()[e], h.weights()[e],
          t == null ? null : t[e], e + 1, t == null ? null : (t[0] - t[e]) / SECONDS_PER_DAY, x.player()[e],
          x.grouped()[e], orNull(x.phi()[e]), orNull(x.se()[e]), x.hkv()[e], x.leaveOneOut()[e], x.cosine()[e],
          inSet[e]));
    }
    return rows;
  }

  static List<Row> counterfactuals(UserExplanation x) {
    UserHistory h = x.history();
    long[] t = h.timestamps();
    int[] removed = x.counterfactual().removed();
    List<Row> rows = new ArrayList<>(removed.length);
    for (int q = 0; q < removed.length; q++) {
      int e = removed[q];
      rows.add(RowFactory.create(h.user(), x.item(), q + 1, h.items()[e], orNull(x.phi()[e]), h.ratings()[e],
          t == null ? null : t[e]));
    }
    return rows;
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
