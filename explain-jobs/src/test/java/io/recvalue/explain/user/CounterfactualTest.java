package io.recvalue.explain.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The counterfactual search against brute force over every subset of events: the exhaustive search
 * finds a set of the minimum size, the one that pushes the item furthest down, and says it is
 * minimal; the greedy search returns a verified set from which no event can be dropped; an item
 * already outside the list needs no removal.
 */
class CounterfactualTest {
  private static final int K = 3;
  private static final int ITEMS = 40;
  private static final int N = 5;

  @Test
  void theExhaustiveSearchFindsTheSmallestSetThatBruteForceFinds() {
    int sizesAboveOne = 0;
    for (long seed = 1; seed <= 8; seed++) {
      FoldInModel model = Fixtures.explicit(ITEMS, K, 0.1, 100 + seed);
      UserHistory h = Fixtures.history((int) seed, 9, ITEMS, 200 + seed);
      UserExplainer explainer = new UserExplainer(model, Fixtures.settings(12, 0.01, 1000, 1));
      int item = explainer.top(h, 1)[0];
      FoldInGame game = FoldInGame.of(model, h, item);
      RecommendationList list = explainer.list(h);
      int[] best = bruteForce(game, list, item);
      Counterfactual.Result r = Counterfactual.search(game, list, item, N, identity(9), 5000, 9);
      assertTrue(r.found(), "seed " + seed);
      assertEquals("exhaustive", r.search());
      assertTrue(r.minimal());
      assertEquals(best[0], r.removed().length, "seed " + seed + ": smallest set size");
      assertEquals(best[0], r.lowerBound());
      assertEquals(best[1], r.rankAfter(), "seed " + seed + ": the set that pushes the item furthest down");
      assertEquals(1, r.rankBefore());
      boolean[] in = without(9, r.removed());
      assertFalse(list.inTop(game.factor(in), item, N), "verified by re-solving");
      assertEquals(game.value(in), r.scoreAfter(), 0.0);
      sizesAboveOne += r.removed().length > 1 ? 1 : 0;
    }
    assertTrue(sizesAboveOne > 0, "some case needs more than one event");
  }

  @Test
  void theGreedySearchReturnsAVerifiedSetFromWhichNoEventCanBeDropped() {
    for (long seed = 1; seed <= 8; seed++) {
      FoldInModel model = Fixtures.implicit(ITEMS, K, 0.1, 2.0, 300 + seed);
      UserHistory h = Fixtures.history((int) seed, 10, ITEMS, 400 + seed);
      UserExplainer explainer = new UserExplainer(model, Fixtures.settings(12, 0.01, 1000, 1));
      int item = explainer.top(h, 1)[0];
      FoldInGame game = FoldInGame.of(model, h, item);
      RecommendationList list = explainer.list(h);
      int[] priority = UserExplainer.priority(game.exactShapley(), game.hkvSplit());
      Counterfactual.Result r = Counterfactual.search(game, list, item, N, priority, 1, 10);
      if (!r.found()) {
        assertEquals("none", r.search());
        continue;
      }
      assertEquals("greedy", r.search());
      assertEquals(1, r.lowerBound(), "a budget of one re-solve proves nothing");
      assertEquals(r.removed().length == 1, r.minimal());
      boolean[] in = without(10, r.removed());
      assertFalse(list.inTop(game.factor(in), item, N), "seed " + seed + ": verified by re-solving");
      for (int e : r.removed()) {
        in[e] = true;
        assertTrue(list.inTop(game.factor(in), item, N), "seed " + seed + ": event " + e + " could be dropped");
        in[e] = false;
      }
      int[] sorted = r.removed().clone();
      Arrays.sort(sorted);
      assertTrue(bruteForce(game, list, item)[0] <= sorted.length);
    }
  }

  @Test
  void anItemOutsideTheListNeedsNoRemoval() {
    FoldInModel model = Fixtures.explicit(ITEMS, K, 0.1, 7);
    UserHistory h = Fixtures.history(1, 6, ITEMS, 8);
    UserExplainer explainer = new UserExplainer(model, Fixtures.settings(12, 0.01, 1000, 1));
    int item = explainer.top(h, N + 3)[N + 2];
    Counterfactual.Result r = Counterfactual.search(FoldInGame.of(model, h, item), explainer.list(h), item, N,
        identity(6), 5000, 6);
    assertTrue(r.found());
    assertEquals("outside", r.search());
    assertEquals(0, r.removed().length);
    assertEquals(N + 3, r.rankBefore());
  }

  @Test
  void subsetsAreVisitedOnceInLexicographicOrder() {
    int[] pick = {0, 1};
    int count = 1;
    while (Counterfactual.next(pick, 5)) {
      count++;
    }
    assertEquals(10, count);
    assertArrayEquals(new int[] {3, 4}, pick);
    assertEquals(10, Counterfactual.binomial(5, 2));
    assertEquals(1, Counterfactual.binomial(12, 0));
    assertEquals(Long.MAX_VALUE, Counterfactual.binomial(10_000, 40));
  }

  /** {minimum size, largest rank after removal among the sets of that size}. */
  private static int[] bruteForce(FoldInGame game, RecommendationList list, int item) {
    int n = game.players();
    int bestSize = Integer.MAX_VALUE;
    int bestRank = 0;
    for (int mask = 1; mask < (1 << n); mask++) {
      int size = Integer.bitCount(mask);
      if (size > bestSize) {
        continue;
      }
      boolean[] in = new boolean[n];
      for (int e = 0; e < n; e++) {
        in[e] = (mask & (1 << e)) == 0;
      }
      double[] x = game.factor(in);
      int rank = list.rankOf(x, item);
      if (rank > N) {
        if (size < bestSize) {
          bestSize = size;
          bestRank = rank;
        } else {
          bestRank = Math.max(bestRank, rank);
        }
      }
    }
    return new int[] {bestSize, bestRank};
  }

  private static boolean[] without(int n, int[] removed) {
    boolean[] in = new boolean[n];
    Arrays.fill(in, true);
    for (int e : removed) {
      in[e] = false;
    }
    return in;
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int e = 0; e < n; e++) {
      p[e] = e;
    }
    return p;
  }
}
