package io.recvalue.explain.surrogate;

import io.recvalue.explain.shapley.Regressor;
import java.util.Arrays;

/**
 * A regression tree ensemble in plain arrays, to evaluate a surrogate fast inside executors (one
 * prediction is a few hundred array reads, no Spark vectors or Scala objects):
 *
 * <pre>
 *   g(x) = (Σ_t w_t · tree_t(x)) / divisor
 * </pre>
 *
 * Gradient-boosted trees: {@code w_t} the tree weights, divisor 1; random forest: {@code w_t = 1},
 * divisor the number of trees — the same formulas Spark MLlib's models use. A tree is stored as
 * parallel arrays over its nodes (node 0 the root): a split node {@code k} sends {@code x} left when
 * {@code x[feature[k]] ≤ threshold[k]} (MLlib's continuous split; NaN goes right), a leaf has
 * {@code feature[k] = −1} and predicts {@code value[k]}.
 */
public final class TreeEnsemble implements Regressor {
  private static final long serialVersionUID = 1L;

  private final Tree[] trees;
  private final double[] weights;
  private final double divisor;
  private final int features;

  /** One tree as parallel node arrays. */
  public record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[] value)
      implements java.io.Serializable {
    public Tree {
      int n = feature.length;
      if (threshold.length != n || left.length != n || right.length != n || value.length != n || n == 0) {
        throw new IllegalArgumentException("a tree needs equally long, non-empty node arrays");
      }
    }

    public double predict(double[] x) {
      int k = 0;
      while (feature[k] >= 0) {
        k = x[feature[k]] <= threshold[k] ? left[k] : right[k];
      }
      return value[k];
    }

    int maxFeature() {
      return Arrays.stream(feature).max().orElse(-1);
    }
  }

  public TreeEnsemble(Tree[] trees, double[] weights, double divisor, int features) {
    if (trees.length == 0 || trees.length != weights.length) {
      throw new IllegalArgumentException("need one weight per tree and at least one tree");
    }
    if (!(divisor > 0)) {
      throw new IllegalArgumentException("divisor must be > 0, got " + divisor);
    }
    for (Tree t : trees) {
      if (t.maxFeature() >= features) {
        throw new IllegalArgumentException("a tree splits on feature " + t.maxFeature() + " of " + features);
      }
    }
    this.trees = trees.clone();
    this.weights = weights.clone();
    this.divisor = divisor;
    this.features = features;
  }

  @Override
  public double predict(double[] x) {
    if (x.length != features) {
      throw new IllegalArgumentException("expected " + features + " features, got " + x.length);
    }
    double s = 0;
    for (int t = 0; t < trees.length; t++) {
      s += weights[t] * trees[t].predict(x);
    }
    return s / divisor;
  }

  public int size() {
    return trees.length;
  }

  /** Tree {@code t} (shared, not copied). */
  public Tree tree(int t) {
    return trees[t];
  }

  /** The weight of tree {@code t} in the ensemble's sum. */
  public double weight(int t) {
    return weights[t];
  }

  /** What the weighted sum of the trees is divided by (1 for boosting, the tree count for a forest). */
  public double divisor() {
    return divisor;
  }

  public int features() {
    return features;
  }

  /** Total nodes over all trees (the cost of one prediction is at most the sum of depths). */
  public int nodes() {
    return Arrays.stream(trees).mapToInt(t -> t.feature().length).sum();
  }
}
