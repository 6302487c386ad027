package io.recvalue.explain.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.explain.shapley.CoalitionGame;
import io.recvalue.explain.shapley.ExactShapley;
import io.recvalue.explain.shapley.PermutationShapley;
import io.recvalue.explain.shapley.ShapleyEstimate;
import io.recvalue.explain.shapley.StoppingRule;
import io.recvalue.explain.shapley.StratifiedPermutationShapley;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fold-in game of one recommendation against exact enumeration: the axioms (efficiency, symmetry,
 * null player), the batched coalitions against one solve each, permutation samples within 3 SE of the
 * exact values, Hu–Koren–Volinsky's split and leave-one-out against their definitions, and seeding.
 */
class FoldInGameTest {
  private static final int K = 4;
  private static final int ITEMS = 60;

  @Test
  void exactValuesAreEfficientForExplicitAndImplicitFeedback() {
    for (FoldInModel model : new FoldInModel[] {Fixtures.explicit(ITEMS, K, 0.1, 1),
        Fixtures.implicit(ITEMS, K, 0.1, 2.0, 1)}) {
      UserHistory h = Fixtures.history(3, 9, ITEMS, 2);
      int item = firstCandidate(h);
      FoldInGame game = FoldInGame.of(model, h, item);
      double[] phi = game.exactShapley();
      double sum = 0;
      for (double p : phi) {
        sum += p;
      }
      assertEquals(0.0, game.emptyValue(), 0.0);
      assertEquals(game.fullValue() - game.emptyValue(), sum, 1e-9, "efficiency, implicit=" + model.implicit());
      assertTrue(Math.abs(game.fullValue()) > 1e-3, "a score worth explaining: " + game.fullValue());
    }
  }

  @Test
  void theBatchedCoalitionsEqualOneSolveEachAndTheWalkFollowsThem() {
    FoldInModel model = Fixtures.implicit(ITEMS, K, 0.05, 1.5, 4);
    UserHistory h = Fixtures.history(1, 7, ITEMS, 5);
    FoldInGame game = FoldInGame.of(model, h, firstCandidate(h));
    double[] all = game.allValues();
    for (int mask = 0; mask < all.length; mask++) {
      assertEquals(game.value(mask), all[mask], 0.0, "coalition " + mask);
    }
    int[] order = {3, 0, 6, 1, 5, 2, 4};
    double[] chain = game.chain(order);
    double[] credit = new double[7];
    game.walk(order, false, credit);
    long mask = 0;
    double previous = 0;
    for (int s = 0; s < order.length; s++) {
      mask |= 1L << order[s];
      assertEquals(all[(int) mask], chain[s], 1e-12);
      assertEquals(all[(int) mask] - previous, credit[order[s]], 1e-12);
      previous = all[(int) mask];
    }
    assertEquals(ExactShapley.of(game.players(), game::value).length, game.exactShapley().length);
    assertArrayEquals(ExactShapley.of(game.players(), game::value), game.exactShapley(), 0.0);
  }

  @Test
  void eventsOnItemsWithEqualFactorsAndEqualRatingsGetEqualValues() {
    Map<Integer, double[]> f = Fixtures.itemFactors(ITEMS, K, 7);
    f.put(1, f.get(0).clone());
    FoldInModel model = new FoldInModel(K, 0.2, false, 0, f);
    int[] items = {0, 1, 5, 9, 12, 20};
    double[] ratings = {4, 4, 2, 5, 1, 3};
    double[] weights = {1, 1, 1, 2, 0.5, 1};
    UserHistory h = UserHistory.of(2, items, ratings, weights, null);
    FoldInGame game = FoldInGame.of(model, h, 30);
    double[] phi = game.exactShapley();
    int e0 = indexOf(h, 0);
    int e1 = indexOf(h, 1);
    assertEquals(phi[e0], phi[e1], 1e-12 * Math.abs(phi[e0]) + 1e-15);
    assertNotEquals(0.0, phi[e0]);
  }

  @Test
  void anEventWhoseItemHasNoDirectionIsANullPlayerWithoutRegularisation() {
    // implicit, λ = 0: an item factor of zeros adds nothing to the user's matrix or right-hand side
    Map<Integer, double[]> f = Fixtures.itemFactors(ITEMS, K, 8);
    f.put(4, new double[K]);
    FoldInModel model = new FoldInModel(K, 0.0, true, 3.0, f);
    UserHistory h = UserHistory.of(5, new int[] {2, 4, 7, 11, 13}, new double[] {1, 5, 2, 1, 3},
        new double[] {1, 1, 1, 1, 1}, null);
    FoldInGame game = FoldInGame.of(model, h, 40);
    double[] phi = game.exactShapley();
    assertEquals(0.0, phi[indexOf(h, 4)], 0.0);
    for (int e = 0; e < phi.length; e++) {
      if (h.items()[e] != 4) {
        assertNotEquals(0.0, phi[e], "event " + e);
      }
    }
  }

  @Test
  void permutationSamplesAreWithinThreeStandardErrorsOfTheExactValues() {
    for (FoldInModel model : new FoldInModel[] {Fixtures.explicit(ITEMS, K, 0.1, 9),
        Fixtures.implicit(ITEMS, K, 0.1, 2.0, 9)}) {
      UserHistory h = Fixtures.history(7, 11, ITEMS, 10);
      FoldInGame game = FoldInGame.of(model, h, firstCandidate(h));
      double[] exact = game.exactShapley();
      ShapleyEstimate mc = PermutationShapley.estimate(Collections.nCopies(32, game),
          new StoppingRule(0.01, 2_000_000), 11);
      assertTrue(mc.converged(), "max SE / range " + mc.maxSeOverRange());
      assertTrue(mc.maxSeOverRange() <= 0.01);
      assertEquals(game.fullValue(), mc.sum(), 1e-9, "every walk telescopes to v(F)");
      assertEquals(0.0, mc.baseValue(), 0.0);
      for (int e = 0; e < exact.length; e++) {
        double se = mc.standardError()[e];
        assertTrue(se > 0, "event " + e + " has no sampling error");
        assertTrue(Math.abs(mc.phi()[e] - exact[e]) <= 3 * se,
            "event " + e + ": sampled " + mc.phi()[e] + " vs exact " + exact[e] + ", SE " + se);
      }
    }
  }

  @Test
  void stratifiedSamplesAreWithinThreeStandardErrorsOfTheExactValuesAndBeatPlainSamplingAtEqualCost() {
    for (FoldInModel model : new FoldInModel[] {Fixtures.explicit(ITEMS, K, 0.1, 9),
        Fixtures.implicit(ITEMS, K, 0.1, 2.0, 9)}) {
      UserHistory h = Fixtures.history(7, 12, ITEMS, 20);
      FoldInGame game = FoldInGame.of(model, h, firstCandidate(h));
      double[] exact = game.exactShapley();
      ShapleyEstimate s = StratifiedPermutationShapley.estimate(game, new StoppingRule(0.01, 2_000_000), 32, 21);
      assertTrue(s.converged(), "max SE / range " + s.maxSeOverRange());
      assertEquals(game.fullValue(), s.sum(), 1e-9, "efficient after the adjustment");
      for (int e = 0; e < exact.length; e++) {
        assertTrue(Math.abs(s.phi()[e] - exact[e]) <= 3 * s.standardError()[e],
            "event " + e + ": stratified " + s.phi()[e] + " vs exact " + exact[e] + ", SE " + s.standardError()[e]);
      }
    }
    FoldInModel model = Fixtures.explicit(ITEMS, K, 0.1, 22);
    UserHistory long30 = Fixtures.history(8, 30, ITEMS, 23);
    FoldInGame game = FoldInGame.of(model, long30, firstCandidate(long30));
    StoppingRule cap = new StoppingRule(0, 4096);
    double plain = PermutationShapley.estimate(Collections.nCopies(32, game), cap, 24).maxSeOverRange();
    double stratified = StratifiedPermutationShapley.estimate(game, cap, 32, 24).maxSeOverRange();
    assertTrue(stratified < plain, "4,096 permutations of 30 events: stratified " + stratified + ", plain " + plain);
  }

  @Test
  void hkvSplitSumsToTheScoreAndLeaveOneOutIsTheScoreWithoutTheEvent() {
    for (FoldInModel model : new FoldInModel[] {Fixtures.explicit(ITEMS, K, 0.1, 12),
        Fixtures.implicit(ITEMS, K, 0.1, 2.0, 12)}) {
      UserHistory h = Fixtures.history(2, 8, ITEMS, 13);
      FoldInGame game = FoldInGame.of(model, h, firstCandidate(h));
      double[] hkv = game.hkvSplit();
      double sum = 0;
      for (double s : hkv) {
        sum += s;
      }
      assertEquals(game.fullValue(), sum, 1e-9);
      double[] loo = game.leaveOneOut();
      long full = CoalitionGame.fullMask(8);
      for (int e = 0; e < 8; e++) {
        assertEquals(game.value(full) - game.value(full & ~(1L << e)), loo[e], 1e-12);
      }
    }
  }

  @Test
  void groupedPlayersPlayTheGameOfTheirUnion() {
    FoldInModel model = Fixtures.explicit(ITEMS, K, 0.1, 14);
    UserHistory h = Fixtures.history(2, 9, ITEMS, 15);
    FoldInGame events = FoldInGame.of(model, h, firstCandidate(h));
    FoldInGame grouped = events.grouped(TemporalPruning.groups(9, 4));
    assertEquals(5, grouped.players());
    // players 0..3 are events 0..3, player 4 is events 4..8
    assertEquals(events.value(0b111110101L), grouped.value(0b10101L), 1e-12);
    double[] phi = grouped.exactShapley();
    double sum = 0;
    for (double p : phi) {
      sum += p;
    }
    assertEquals(events.fullValue(), sum, 1e-9);
  }

  @Test
  void exactExplanationsDoNotDependOnTheSeedAndSampledOnesAreAFunctionOfIt() {
    FoldInModel model = Fixtures.explicit(ITEMS, K, 0.1, 16);
    UserHistory small = Fixtures.history(4, 10, ITEMS, 17);
    int item = firstCandidate(small);
    UserExplanation a = new UserExplainer(model, Fixtures.settings(12, 0.01, 100_000, 1)).explain(small, null, item);
    UserExplanation b = new UserExplainer(model, Fixtures.settings(12, 0.01, 100_000, 2)).explain(small, null, item);
    assertTrue(a.exact());
    assertArrayEquals(a.phi(), b.phi(), 0.0);

    UserExplanation s1 = new UserExplainer(model, Fixtures.settings(4, 0.0, 640, 1)).explain(small, null, item);
    UserExplanation s1again = new UserExplainer(model, Fixtures.settings(4, 0.0, 640, 1)).explain(small, null, item);
    UserExplanation s2 = new UserExplainer(model, Fixtures.settings(4, 0.0, 640, 2)).explain(small, null, item);
    assertFalse(s1.exact());
    assertEquals(640, s1.permutations());
    assertArrayEquals(s1.phi(), s1again.phi(), 0.0);
    assertArrayEquals(s1.se(), s1again.se(), 0.0);
    assertFalse(java.util.Arrays.equals(s1.phi(), s2.phi()), "another root seed draws other permutations");
    for (int e = 0; e < s1.phi().length; e++) {
      double se = Math.hypot(s1.se()[e], s2.se()[e]);
      assertTrue(Math.abs(s1.phi()[e] - s2.phi()[e]) <= 4 * se, "event " + e);
      assertTrue(Math.abs(s1.phi()[e] - a.phi()[e]) <= 4 * s1.se()[e], "event " + e + " against exact");
    }
  }

  @Test
  void explicitFeedbackNeedsRegularisationToFoldIn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FoldInModel(K, 0.0, false, 0, Fixtures.itemFactors(5, K, 1)));
    assertEquals("train.lambda must be > 0 (explicit) or >= 0 (implicit) to fold a user in, got 0.0", e.getMessage());
  }

  @Test
  void aTrainingItemIsNotARecommendation() {
    FoldInModel model = Fixtures.explicit(ITEMS, K, 0.1, 18);
    UserHistory h = Fixtures.history(6, 5, ITEMS, 19);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UserExplainer(model, Fixtures.settings(12, 0.01, 1000, 1)).explain(h, null, h.items()[2]));
    assertEquals("item " + h.items()[2] + " is among user 6's training interactions; recommendations leave those out",
        e.getMessage());
  }

  static int firstCandidate(UserHistory h) {
    for (int i = 0; ; i++) {
      if (!h.contains(i)) {
        return i;
      }
    }
  }

  static int indexOf(UserHistory h, int item) {
    for (int e = 0; e < h.size(); e++) {
      if (h.items()[e] == item) {
        return e;
      }
    }
    throw new IllegalArgumentException("no event on item " + item);
  }
}
