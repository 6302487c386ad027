package io.recvalue.explain.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.explain.shapley.ExactShapley;
import org.junit.jupiter.api.Test;

/**
 * TimeSHAP-style pruning: the split it picks is the first whose older group's exact two-player value is
 * within the tolerance (checked by brute force on the two-player game), and an explanation of a long
 * history with pruning groups the older events into one player whose value completes the efficient sum.
 */
class TemporalPruningTest {
  private static final int K = 3;
  private static final int ITEMS = 80;

  @Test
  void theSplitIsTheFirstWhoseOlderGroupIsWithinTheTolerance() {
    FoldInModel model = Fixtures.explicit(ITEMS, K, 0.1, 31);
    UserHistory h = Fixtures.history(1, 30, ITEMS, 32);
    FoldInGame events = FoldInGame.of(model, h, FoldInGameTest.firstCandidate(h));
    double full = events.fullValue();
    for (double tolerance : new double[] {0.01, 0.05, 0.2}) {
      int kept = TemporalPruning.keptEvents(events, tolerance);
      for (int t = 1; t <= Math.min(kept, 29); t++) {
        double[] phi = ExactShapley.of(events.grouped(TemporalPruning.groups(30, t)).grouped(twoPlayers(t)));
        boolean within = Math.abs(phi[1]) <= tolerance * Math.abs(full);
        assertEquals(t == kept, within, "tolerance " + tolerance + ", split after " + t + " events");
      }
    }
    assertArrayEquals(new int[][] {{0}, {1}, {2, 3, 4}}, TemporalPruning.groups(5, 2));
    assertArrayEquals(new int[][] {{0}, {1}}, TemporalPruning.groups(2, 2));
  }

  @Test
  void aPrunedExplanationGroupsTheOlderEventsAndStaysEfficient() {
    FoldInModel model = Fixtures.implicit(ITEMS, K, 0.1, 1.0, 33);
    UserHistory h = Fixtures.history(2, 40, ITEMS, 34);
    UserExplainer explainer = new UserExplainer(model,
        new EstimationSettings(12, new io.recvalue.explain.shapley.StoppingRule(0.01, 200_000), 0.1, 10, 5000, 10, 1));
    int item = explainer.top(h, 1)[0];
    UserExplanation x = explainer.explain(h, null, item);
    int grouped = 0;
    for (boolean g : x.grouped()) {
      grouped += g ? 1 : 0;
    }
    double sum = Double.isNaN(x.phiGrouped()) ? 0 : x.phiGrouped();
    for (int e = 0; e < h.size(); e++) {
      assertEquals(e >= h.size() - grouped, x.grouped()[e], "only the oldest events are grouped: event " + e);
      if (x.grouped()[e]) {
        assertTrue(Double.isNaN(x.phi()[e]));
      } else {
        sum += x.phi()[e];
      }
    }
    assertTrue(grouped > 0, "40 events at tolerance 0.1 should prune something");
    assertEquals(h.size() - grouped + 1, x.players());
    assertEquals(x.score(), sum, 1e-9);
    assertFalse(Double.isNaN(x.phiGrouped()));
  }

  /** {new, old} of a game whose last player is the older group. */
  private static int[][] twoPlayers(int t) {
    int[] recent = new int[t];
    for (int e = 0; e < t; e++) {
      recent[e] = e;
    }
    return new int[][] {recent, {t}};
  }
}
