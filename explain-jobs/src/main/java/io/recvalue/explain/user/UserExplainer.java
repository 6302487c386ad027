package io.recvalue.explain.user;

import io.recvalue.core.seed.Seeds;
import io.recvalue.explain.shapley.ShapleyEstimate;
import io.recvalue.explain.shapley.StratifiedPermutationShapley;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Explains a user's recommendations by their events: the fold-in game of each recommended item
 * ({@link FoldInGame}), its Shapley values (enumerated up to {@code maxExactPlayers} players, else
 * antithetic permutation samples stratified by coalition size ({@link StratifiedPermutationShapley})
 * until max SE / range reaches the tolerance, optionally after grouping the older events,
 * {@link TemporalPruning}), Hu–Koren–Volinsky's split, leave-one-out drops, cosines,
 * and the smallest counterfactual set ({@link Counterfactual}). Sampling is seeded by
 * {@code Seeds.derive(root, "explain-user.shapley", user·2³² + item)}, so an explanation does not depend
 * on which task computes it.
 */
public final class UserExplainer {
  private final FoldInModel model;
  private final EstimationSettings settings;

  public UserExplainer(FoldInModel model, EstimationSettings settings) {
    this.model = model;
    this.settings = settings;
  }

  /** The user's recommendation list under the fold-in of every event. */
  public RecommendationList list(UserHistory history) {
    return new RecommendationList(model, history.items());
  }

  /** The fold-in of every event, {@code x_u(F)}. */
  public double[] foldIn(UserHistory history) {
    FoldInGame g = new FoldInGame(model, EventTerms.of(model, history), new double[model.rank()]);
    boolean[] all = new boolean[history.size()];
    Arrays.fill(all, true);
    return g.factor(all);
  }

  /** The first {@code n} recommendations (item indices, best first). */
  public int[] top(UserHistory history, int n) {
    return list(history).top(foldIn(history), n);
  }

  /**
   * Explains {@code item} for the user.
   *
   * @param trained the user's trained factor, or null
   */
  public UserExplanation explain(UserHistory history, double[] trained, int item) {
    if (history.size() == 0) {
      throw new IllegalArgumentException("user " + history.user() + " has no training events to explain by");
    }
    if (!model.hasFactors(item)) {
      throw new IllegalArgumentException("item " + item + " has no factors: it is not in the trained model");
    }
    if (history.contains(item)) {
      throw new IllegalArgumentException("item " + item + " is among user " + history.user()
          + "'s training interactions; recommendations leave those out");
    }
    long start = System.nanoTime();
    FoldInGame events = FoldInGame.of(model, history, item);
    int n = events.players();
    double[] full = foldIn(history);
    double score = events.score(full);
    RecommendationList list = list(history);
    int rank = list.rankOf(full, item);

    int[][] groups = TemporalPruning.groups(n, n);
    if (n > settings.maxExactPlayers() && settings.pruningTolerance() > 0) {
      groups = TemporalPruning.groups(n, TemporalPruning.keptEvents(events, settings.pruningTolerance()));
    }
    FoldInGame game = groups.length == n ? events : events.grouped(groups);
    ShapleyEstimate estimate;
    boolean exact = game.players() <= settings.maxExactPlayers();
    if (exact) {
      double[] phi = game.exactShapley();
      estimate = new ShapleyEstimate(phi, new double[phi.length], score, 0, 0, 0, true);
    } else {
      long seed = Seeds.derive(settings.rootSeed(), "explain-user.shapley", ((long) history.user() << 32) | item);
      estimate = StratifiedPermutationShapley.estimate(game, settings.rule(), EstimationSettings.PAIRS_PER_ROUND, seed);
    }
    int[] player = new int[n];
    boolean[] grouped = new boolean[n];
    double[] phi = new double[n];
    double[] se = new double[n];
    double phiGrouped = Double.NaN;
    for (int p = 0; p < groups.length; p++) {
      boolean isGroup = groups.length < n && p == groups.length - 1;
      if (isGroup) {
        phiGrouped = estimate.phi()[p];
      }
      for (int e : groups[p]) {
        player[e] = p;
        grouped[e] = isGroup;
        phi[e] = isGroup ? Double.NaN : estimate.phi()[p];
        se[e] = isGroup ? Double.NaN : estimate.standardError()[p];
      }
    }
    double[] hkv = events.hkvSplit();
    double[] loo = events.leaveOneOut();
    double[] cosine = cosines(history, item);
    double secondsShapley = (System.nanoTime() - start) / 1e9;

    long cfStart = System.nanoTime();
    Counterfactual.Result cf = Counterfactual.search(events, list, item, settings.listSize(),
        priority(phi, hkv), settings.counterfactualBudget(), settings.counterfactualMaxSize());
    double secondsCounterfactual = (System.nanoTime() - cfStart) / 1e9;
    return new UserExplanation(history, item, rank, score, trained == null ? Double.NaN : events.score(trained),
        gap(full, trained), player, grouped, phi, se, phiGrouped, hkv, loo, cosine, game.players(), exact,
        estimate.permutations(), estimate.maxSeOverRange(), estimate.converged(),
        Math.abs(estimate.sum() - score), cf, secondsShapley, secondsCounterfactual);
  }

  /** Events by attribution, highest first; grouped events (no φ) after, by HKV share; ties newest first. */
  static int[] priority(double[] phi, double[] hkv) {
    return IntStream.range(0, phi.length).boxed()
        .sorted(Comparator.<Integer>comparingInt(e -> Double.isNaN(phi[e]) ? 1 : 0)
            .thenComparingDouble(e -> Double.isNaN(phi[e]) ? -hkv[e] : -phi[e])
            .thenComparingInt(e -> e))
        .mapToInt(Integer::intValue).toArray();
  }

  private double[] cosines(UserHistory history, int item) {
    double[] target = model.itemFactor(item);
    double[] c = new double[history.size()];
    for (int e = 0; e < c.length; e++) {
      double[] y = model.itemFactor(history.items()[e]);
      double dot = 0;
      double yy = 0;
      double tt = 0;
      for (int q = 0; q < y.length; q++) {
        dot += y[q] * target[q];
        yy += y[q] * y[q];
        tt += target[q] * target[q];
      }
      c[e] = yy > 0 && tt > 0 ? dot / Math.sqrt(yy * tt) : 0.0;
    }
    return c;
  }

  private static double gap(double[] foldIn, double[] trained) {
    if (trained == null) {
      return Double.NaN;
    }
    double d = 0;
    double t = 0;
    for (int q = 0; q < foldIn.length; q++) {
      d += (foldIn[q] - trained[q]) * (foldIn[q] - trained[q]);
      t += trained[q] * trained[q];
    }
    return t > 0 ? Math.sqrt(d / t) : Math.sqrt(d);
  }
}
