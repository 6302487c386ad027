package io.recvalue.explain.user;

/**
 * TimeSHAP's temporal coalition pruning (Bento et al., KDD 2021; {@code temp_coalition_pruning}),
 * on the fold-in game: for {@code t = 1, 2, …} the history is split into the {@code t} newest events
 * and the rest, and the two-player game {new, old} is solved exactly,
 *
 * <pre>
 *   φ_old(t) = ½ [ (v(old) − v(∅)) + (v(F) − v(new)) ],   v(∅) = 0,
 * </pre>
 *
 * stopping at the first {@code t} where {@code |φ_old(t)| ≤ η |v(F)|}: the older events are then one
 * player, "the rest of the history". Matrix factorisation ignores the order of events, so the split
 * only buys fewer players (an exact game where there were too many for one, fewer permutations
 * otherwise). As in TimeSHAP, a small share of the older events as a whole may hide large ones that
 * cancel; the grouped player's own φ is reported beside the events so that this shows.
 */
final class TemporalPruning {
  private TemporalPruning() {}

  /**
   * How many of the newest events stay single players: the smallest {@code t} in {@code 1 .. n−1}
   * with {@code |φ_old(t)| ≤ tolerance · |v(F)|}, or {@code n} when there is none. Costs {@code 2n}
   * solves.
   */
  static int keptEvents(FoldInGame events, double tolerance) {
    int n = events.players();
    int[] newestFirst = new int[n];
    int[] oldestFirst = new int[n];
    for (int e = 0; e < n; e++) {
      newestFirst[e] = e;
      oldestFirst[e] = n - 1 - e;
    }
    double[] newest = events.chain(newestFirst);
    double[] oldest = events.chain(oldestFirst);
    double full = newest[n - 1];
    for (int t = 1; t < n; t++) {
      double vNew = newest[t - 1];
      double vOld = oldest[n - t - 1];
      double phiOld = 0.5 * (vOld + (full - vNew));
      if (Math.abs(phiOld) <= tolerance * Math.abs(full)) {
        return t;
      }
    }
    return n;
  }

  /** Players: the {@code kept} newest events one each, then the older ones as one group. */
  static int[][] groups(int n, int kept) {
    int[][] g = new int[kept < n ? kept + 1 : n][];
    for (int e = 0; e < Math.min(kept, n); e++) {
      g[e] = new int[] {e};
    }
    if (kept < n) {
      int[] rest = new int[n - kept];
      for (int e = kept; e < n; e++) {
        rest[e - kept] = e;
      }
      g[kept] = rest;
    }
    return g;
  }
}
