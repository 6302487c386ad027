package io.recvalue.explain.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.explain.shapley.ExactShapley;
import io.recvalue.explain.shapley.InterventionalGame;
import io.recvalue.explain.shapley.ShapleyEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TreeShapley} against exact enumeration of the interventional game
 * ({@link ExactShapley} over {@link InterventionalGame}) on random ensembles whose paths split on
 * the same feature more than once, boosted and averaged, with a missing value in the explained
 * point; and the null-player property for features no tree reads.
 */
class TreeShapleyTest {
  private static final double TOL = 1e-12;

  @Test
  void equalsExactEnumerationOfTheInterventionalGame() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int trial = 0; trial < 6; trial++) {
      int features = 3 + trial;
      boolean forest = trial % 2 == 1;
      TreeEnsemble model = randomEnsemble(rnd, features, 4, 5, forest);
      double[][] background = rows(rnd, 7, features);
      double[] x = rows(rnd, 1, features)[0];
      if (trial == 4) {
        x[1] = Double.NaN;
      }
      ShapleyEstimate tree = TreeShapley.of(model, x, background);
      double[] exact = ExactShapley.of(features, new InterventionalGame(model, x, background)::value);
      double scale = 0;
      for (int f = 0; f < features; f++) {
        scale = Math.max(scale, Math.abs(exact[f]));
      }
      assertTrue(scale > 0, "trial " + trial + ": a game with all-zero values tests nothing");
      for (int f = 0; f < features; f++) {
        assertEquals(exact[f], tree.phi()[f], TOL * scale, "trial " + trial + ", feature " + f);
        assertEquals(0, tree.standardError()[f]);
      }
      double mean = 0;
      for (double[] z : background) {
        mean += model.predict(z);
      }
      mean /= background.length;
      assertEquals(model.predict(x) - mean, tree.sum(), TOL * scale, "efficiency, trial " + trial);
      assertEquals(mean, tree.baseValue(), TOL * Math.max(1, Math.abs(mean)));
      assertTrue(tree.converged() && tree.maxSeOverRange() == 0 && tree.permutations() == 0);
    }
  }

  @Test
  void aFeatureNoTreeReadsGetsZero() {
    SplittableRandom rnd = new SplittableRandom(11);
    TreeEnsemble model = randomEnsemble(rnd, 4, 3, 4, false);
    TreeEnsemble wider = new TreeEnsemble(trees(model), weights(model), model.divisor(), 6);
    ShapleyEstimate e = TreeShapley.of(wider, rows(rnd, 1, 6)[0], rows(rnd, 5, 6));
    assertEquals(0, e.phi()[4]);
    assertEquals(0, e.phi()[5]);
  }

  /** Random trees of the given depth; features drawn with repetition, so a path may reuse one. */
  private static TreeEnsemble randomEnsemble(SplittableRandom rnd, int features, int trees, int depth,
      boolean forest) {
    TreeEnsemble.Tree[] out = new TreeEnsemble.Tree[trees];
    double[] weights = new double[trees];
    for (int t = 0; t < trees; t++) {
      List<int[]> nodes = new ArrayList<>();
      List<double[]> values = new ArrayList<>();
      grow(rnd, features, depth, nodes, values);
      int n = nodes.size();
      int[] feature = new int[n];
      double[] threshold = new double[n];
      int[] left = new int[n];
      int[] right = new int[n];
      double[] value = new double[n];
      for (int k = 0; k < n; k++) {
        feature[k] = nodes.get(k)[0];
        left[k] = nodes.get(k)[1];
        right[k] = nodes.get(k)[2];
        threshold[k] = values.get(k)[0];
        value[k] = values.get(k)[1];
      }
      out[t] = new TreeEnsemble.Tree(feature, threshold, left, right, value);
      weights[t] = forest ? 1 : 0.1 + rnd.nextDouble();
    }
    return new TreeEnsemble(out, weights, forest ? trees : 1, features);
  }

  /** Appends a subtree in pre-order; returns its root's index. */
  private static int grow(SplittableRandom rnd, int features, int depth, List<int[]> nodes,
      List<double[]> values) {
    int me = nodes.size();
    nodes.add(null);
    values.add(null);
    if (depth == 0 || rnd.nextDouble() < 0.15) {
      nodes.set(me, new int[] {-1, -1, -1});
      values.set(me, new double[] {0, rnd.nextDouble() * 4 - 2});
      return me;
    }
    int f = rnd.nextInt(features);
    double threshold = rnd.nextDouble() * 2 - 1;
    int left = grow(rnd, features, depth - 1, nodes, values);
    int right = grow(rnd, features, depth - 1, nodes, values);
    nodes.set(me, new int[] {f, left, right});
    values.set(me, new double[] {threshold, 0});
    return me;
  }

  private static double[][] rows(SplittableRandom rnd, int n, int features) {
    double[][] out = new double[n][features];
    for (double[] r : out) {
      for (int f = 0; f < features; f++) {
        r[f] = rnd.nextDouble() * 2 - 1;
      }
    }
    return out;
  }

  private static TreeEnsemble.Tree[] trees(TreeEnsemble m) {
    TreeEnsemble.Tree[] out = new TreeEnsemble.Tree[m.size()];
    for (int t = 0; t < out.length; t++) {
      out[t] = m.tree(t);
    }
    return out;
  }

  private static double[] weights(TreeEnsemble m) {
    double[] out = new double[m.size()];
    for (int t = 0; t < out.length; t++) {
      out[t] = m.weight(t);
    }
    return out;
  }
}
