package io.recvalue.valuation.pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.linalg.JavaCholeskySolver;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An episode's half-step: the downdated system equals the one summed over the kept rows; keeping every
 * row gives the ALS half-step at {@code θ*} (the normal equations solved directly); dropping every row
 * leaves the entity with no data, factor 0; and a dropped row is an unobserved pair for implicit data.
 */
class EpisodeBlockTest {
  private static final int[][] PAIRS = {{0, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {1, 0}, {2, 1}};
  private static final int[][] VALIDATION = {{0, 1}, {0, 3}, {1, 2}, {2, 0}};

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void downdateEqualsDirectAccumulation(boolean implicit) {
    TinyProblem p = new TinyProblem(3, 2, 3, 6, PAIRS, VALIDATION, 3L);
    HalfStepModel m = PolicyGradientEstimatorTest.model(p, implicit, true);
    EpisodeBlock user0 = p.userBlocks.get(0);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int trial = 0; trial < 20; trial++) {
      boolean[] keep = new boolean[user0.rows()];
      for (int j = 0; j < keep.length; j++) {
        keep[j] = rnd.nextDouble() < 0.7;
      }
      keep[trial % keep.length] = true;
      double[] down = user0.factor(keep, m, true);
      double[] direct = user0.factor(keep, m, false);
      for (int a = 0; a < down.length; a++) {
        assertEquals(direct[a], down[a], 1e-10 * (1 + Math.abs(direct[a])), "trial " + trial);
      }
    }
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void keepingEveryRowIsTheAlsHalfStepAndDroppingEveryRowLeavesNoData(boolean implicit) {
    TinyProblem p = new TinyProblem(3, 2, 3, 6, PAIRS, VALIDATION, 3L);
    HalfStepModel m = PolicyGradientEstimatorTest.model(p, implicit, true);
    EpisodeBlock user0 = p.userBlocks.get(0);
    int n = user0.rows();
    double[] a = new double[9];
    double[] b = new double[3];
    double w = 0;
    for (int j : p.userRows.get(0)) {
      NormalEquations.add(3, a, 0, b, 0, p.y, p.i[j] * 3, p.r[j], p.w[j], implicit, 0.5);
      w += p.w[j];
    }
    NormalEquations.finish(3, a, 0, 0.1 * w, m.gram());
    new JavaCholeskySolver().solve(3, 1, a, b);
    boolean[] all = new boolean[n];
    java.util.Arrays.fill(all, true);
    assertArrayEquals(b, user0.factor(all, m, false), 1e-12);
    assertArrayEquals(new double[3], user0.factor(new boolean[n], m, false), 0.0);
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void aDroppedRowIsTheSameEntityWithoutThatRow(boolean implicit) {
    TinyProblem p = new TinyProblem(3, 2, 3, 6, PAIRS, VALIDATION, 3L);
    HalfStepModel m = PolicyGradientEstimatorTest.model(p, implicit, true);
    boolean[] keep = new boolean[p.userBlocks.get(0).rows()];
    java.util.Arrays.fill(keep, true);
    keep[0] = false;
    double[] masked = p.userBlocks.get(0).factor(keep, m, true);
    // the same block built without the first row, from the same factors
    EpisodeBlock b = p.userBlocks.get(0);
    int rows = b.rows() - 1;
    EpisodeBlock without = new EpisodeBlock(java.util.Arrays.copyOfRange(b.users, 1, b.rows()),
        java.util.Arrays.copyOfRange(b.items, 1, b.rows()), java.util.Arrays.copyOfRange(b.other, 3, b.other.length),
        java.util.Arrays.copyOfRange(b.ratings, 1, b.rows()), java.util.Arrays.copyOfRange(b.weights, 1, b.rows()),
        java.util.Arrays.copyOfRange(b.features, 2, b.features.length), b.validationOther, b.targets, b.scales,
        b.heldout);
    boolean[] allRest = new boolean[rows];
    java.util.Arrays.fill(allRest, true);
    assertArrayEquals(without.factor(allRest, m, false), masked, 1e-12);
  }
}
