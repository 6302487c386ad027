package io.recvalue.explain.user;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fewest events whose removal drops a recommended item out of the user's top {@code N}, every
 * candidate set checked by re-solving the fold-in without it and re-ranking (no approximation).
 *
 * <p><b>Exhaustive search first.</b> Sets of size 1, 2, … are tried in full, in the order of the
 * events' priority (highest attribution first), as long as the next size fits in the budget of
 * re-solves. The first size with a set that works is the minimum (every smaller set was tried), and
 * among its sets the one that pushes the item furthest down is kept (then the lowest remaining score,
 * then the first in priority order). A user of up to 12 events is searched completely within the
 * default budget of 5,000.
 *
 * <p><b>Then greedy.</b> When the budget runs out first, events are removed in priority order until
 * the item leaves the top {@code N} (at most {@code maxSize}), and each removed event is then put
 * back, the last removed first, whenever the item stays out without it: a set from which no event
 * can be dropped, minimal when its size equals the bound the exhaustive sizes proved.
 */
public final class Counterfactual {
  private Counterfactual() {}

  /**
   * The search's result.
   *
   * @param found whether a set of at most {@code maxSize} events was found
   * @param removed the events removed (indices into the history), in priority order; empty when the
   *     item is already outside the top {@code N}
   * @param minimal whether no smaller set exists (proved by the exhaustive sizes)
   * @param lowerBound the size below which no set exists (every smaller size was tried)
   * @param rankBefore the item's position with every event
   * @param rankAfter its position without the set (0 when none was found)
   * @param scoreAfter its score without the set (NaN when none was found)
   * @param search how the set was found: {@code outside}, {@code exhaustive}, {@code greedy} or {@code none}
   * @param resolves fold-in solves the search made
   */
  public record Result(boolean found, int[] removed, boolean minimal, int lowerBound, int rankBefore, int rankAfter,
      double scoreAfter, String search, int resolves) {}

  /**
   * @param game the event game (one player per event) of the item
   * @param list the user's recommendation list
   * @param item the recommended item
   * @param listSize {@code N}
   * @param priority every event, highest priority first
   * @param budget most re-solves of the exhaustive search
   * @param maxSize largest set tried
   */
  public static Result search(FoldInGame game, RecommendationList list, int item, int listSize, int[] priority, int budget,
      int maxSize) {
    int n = game.players();
    boolean[] in = new boolean[n];
    Arrays.fill(in, true);
    double[] full = game.factor(in);
    int rankBefore = list.rankOf(full, item);
    if (rankBefore > listSize) {
      return new Result(true, new int[0], true, 0, rankBefore, rankBefore, dot(game, full), "outside", 1);
    }
    int resolves = 1;
    int largest = Math.min(maxSize, n);
    int lowerBound = 1;
    for (int size = 1; size <= largest; size++) {
      long sets = binomial(n, size);
      if (resolves + sets > budget) {
        break;
      }
      Best best = new Best();
      int[] pick = new int[size];
      for (int q = 0; q < size; q++) {
        pick[q] = q;
      }
      do {
        for (int q : pick) {
          in[priority[q]] = false;
        }
        double[] x = game.factor(in);
        resolves++;
        if (!list.inTop(x, item, listSize)) {
          best.offer(pick, list.rankOf(x, item), dot(game, x));
        }
        for (int q : pick) {
          in[priority[q]] = true;
        }
      } while (next(pick, n));
      if (best.picks != null) {
        int[] removed = new int[size];
        for (int q = 0; q < size; q++) {
          removed[q] = priority[best.picks[q]];
        }
        return new Result(true, removed, true, size, rankBefore, best.rank, best.score, "exhaustive", resolves);
      }
      lowerBound = size + 1;
    }
    return greedy(game, list, item, listSize, priority, largest, lowerBound, rankBefore, resolves);
  }

  private static Result greedy(FoldInGame game, RecommendationList list, int item, int listSize, int[] priority,
      int largest, int lowerBound, int rankBefore, int resolves) {
    int n = game.players();
    boolean[] in = new boolean[n];
    Arrays.fill(in, true);
    List<Integer> removed = new ArrayList<>();
    boolean out = false;
    for (int q = 0; q < largest && !out; q++) {
      in[priority[q]] = false;
      removed.add(priority[q]);
      resolves++;
      out = !list.inTop(game.factor(in), item, listSize);
    }
    if (!out) {
      return new Result(false, new int[0], false, lowerBound, rankBefore, 0, Double.NaN, "none", resolves);
    }
    for (int q = removed.size() - 1; q >= 0 && removed.size() > lowerBound; q--) {
      int e = removed.get(q);
      in[e] = true;
      resolves++;
      if (!list.inTop(game.factor(in), item, listSize)) {
        removed.remove(q);
      } else {
        in[e] = false;
      }
    }
    double[] x = game.factor(in);
    resolves++;
    int[] set = removed.stream().mapToInt(Integer::intValue).toArray();
    return new Result(true, set, set.length <= lowerBound, lowerBound, rankBefore, list.rankOf(x, item), dot(game, x),
        "greedy", resolves);
  }

  /** The kept set of one size: furthest pushed down, then lowest score, then first in priority order. */
  private static final class Best {
    int[] picks;
    int rank;
    double score;

    void offer(int[] pick, int r, double s) {
      if (picks == null || r > rank || (r == rank && s < score)) {
        picks = pick.clone();
        rank = r;
        score = s;
      }
    }
  }

  private static double dot(FoldInGame game, double[] x) {
    return game.score(x);
  }

  /** The next {@code pick.length}-subset of {@code 0..n-1} in lexicographic order; false after the last. */
  static boolean next(int[] pick, int n) {
    int s = pick.length;
    int q = s - 1;
    while (q >= 0 && pick[q] == n - s + q) {
      q--;
    }
    if (q < 0) {
      return false;
    }
    pick[q]++;
    for (int r = q + 1; r < s; r++) {
      pick[r] = pick[r - 1] + 1;
    }
    return true;
  }

  /** {@code C(n, s)}, saturating at {@code Long.MAX_VALUE}. */
  static long binomial(int n, int s) {
    long c = 1;
    for (int q = 1; q <= s; q++) {
      if (c > Long.MAX_VALUE / (n - s + q)) {
        return Long.MAX_VALUE;
      }
      c = c * (n - s + q) / q;
    }
    return c;
  }
}
