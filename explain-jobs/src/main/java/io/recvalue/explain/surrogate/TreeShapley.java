package io.recvalue.explain.surrogate;

import io.recvalue.explain.shapley.ShapleyEstimate;

/**
 * Exact interventional Shapley values of a {@link TreeEnsemble}'s prediction, by walking each tree
 * once per background row (interventional Tree SHAP): no sampling, so no standard error, and the
 * same game as {@link io.recvalue.explain.shapley.InterventionalGame}.
 *
 * <p><b>Derivation.</b> For one background row {@code z} and one tree, the prediction at the hybrid
 * point {@code (x_S, z_{F∖S})} is the value of the leaf that point reaches. Walk the tree keeping,
 * per feature, whether the walk has already committed it to {@code x} (in {@code S}) or to
 * {@code z} (not in {@code S}). At a split on an uncommitted feature where {@code x} and {@code z}
 * go the same way, the coalition does not matter; where they part, the walk follows both children,
 * committing the feature to {@code x} on the one and to {@code z} on the other; a committed feature
 * follows its side. Each leaf {@code ℓ} is reached exactly by the coalitions that contain its
 * {@code x}-committed set {@code A} and avoid its {@code z}-committed set {@code B}, so
 *
 * <pre>
 *   v_z(S) = Σ_ℓ value_ℓ · 1[A_ℓ ⊆ S, B_ℓ ∩ S = ∅],
 * </pre>
 *
 * a sum of indicator games. The Shapley values of {@code 1[A ⊆ S, B ∩ S = ∅]} (with {@code a = |A|},
 * {@code b = |B|}) are {@code (a−1)! b! / (a+b)!} for a player in {@code A}, {@code −a! (b−1)! /
 * (a+b)!} for a player in {@code B} and 0 otherwise: a player of {@code A} is pivotal exactly when
 * it arrives after the rest of {@code A} and before all of {@code B}, one of {@code B} when it
 * arrives first of {@code B} after all of {@code A}. Shapley values are linear in the game, so
 * summing over leaves, weighting the trees as the ensemble does and averaging over the background
 * gives the values of {@code v(S) = (1/B) Σ_z v_z(S)}; they add up to {@code g(x) − E g(z)}.
 *
 * <p>Cost: per tree and background row, the nodes of the paths {@code x} and {@code z} can take
 * together, at most {@code 2^depth} leaves.
 */
public final class TreeShapley {
  private TreeShapley() {}

  /** The exact values, as an estimate with zero standard errors and zero permutations. */
  public static ShapleyEstimate of(TreeEnsemble model, double[] x, double[][] background) {
    int n = model.features();
    if (x.length != n) {
      throw new IllegalArgumentException("expected " + n + " features, got " + x.length);
    }
    if (background.length == 0) {
      throw new IllegalArgumentException("the background sample is empty");
    }
    double[] factorial = new double[n + 1];
    factorial[0] = 1;
    for (int m = 1; m <= n; m++) {
      factorial[m] = factorial[m - 1] * m;
    }
    double[] phi = new double[n];
    Walk walk = new Walk(x, factorial, phi);
    double base = 0;
    for (double[] z : background) {
      if (z.length != n) {
        throw new IllegalArgumentException("background row has " + z.length + " features, the point has " + n);
      }
      base += model.predict(z);
      for (int t = 0; t < model.size(); t++) {
        walk.run(model.tree(t), z, model.weight(t));
      }
    }
    double scale = 1.0 / (background.length * model.divisor());
    for (int f = 0; f < n; f++) {
      phi[f] *= scale;
    }
    return new ShapleyEstimate(phi, new double[n], model.predict(x), base / background.length, 0, 0, true);
  }

  /**
   * The walks of one explained point: each {@link #run} walks one tree for one background row, adding
   * {@code weight ·} its leaf values' shares to {@code phi}. The commitment arrays are reused: every
   * walk leaves them as it found them (all features free).
   */
  private static final class Walk {
    private static final byte FREE = 0;
    private static final byte FROM_X = 1;
    private static final byte FROM_Z = 2;
    private final double[] x;
    private final double[] factorial;
    private final double[] phi;
    private final byte[] side;
    private final int[] committed;
    private TreeEnsemble.Tree tree;
    private double[] z;
    private double weight;

    Walk(double[] x, double[] factorial, double[] phi) {
      this.x = x;
      this.factorial = factorial;
      this.phi = phi;
      this.side = new byte[x.length];
      this.committed = new int[x.length];
    }

    void run(TreeEnsemble.Tree t, double[] row, double w) {
      tree = t;
      z = row;
      weight = w;
      visit(0, 0, 0);
    }

    /** {@code depth} features are committed ({@code committed[0..depth)}), {@code a} of them to {@code x}. */
    void visit(int node, int depth, int a) {
      int f = tree.feature()[node];
      if (f < 0) {
        leaf(tree.value()[node], depth, a);
        return;
      }
      int towardX = x[f] <= tree.threshold()[node] ? tree.left()[node] : tree.right()[node];
      int towardZ = z[f] <= tree.threshold()[node] ? tree.left()[node] : tree.right()[node];
      if (side[f] == FROM_X || (side[f] == FREE && towardX == towardZ)) {
        visit(towardX, depth, a);
      } else if (side[f] == FROM_Z) {
        visit(towardZ, depth, a);
      } else {
        committed[depth] = f;
        side[f] = FROM_X;
        visit(towardX, depth + 1, a + 1);
        side[f] = FROM_Z;
        visit(towardZ, depth + 1, a);
        side[f] = FREE;
      }
    }

    private void leaf(double value, int depth, int a) {
      if (depth == 0) {
        return;
      }
      int b = depth - a;
      double all = factorial[depth];
      double toX = a == 0 ? 0 : weight * value * factorial[a - 1] * factorial[b] / all;
      double toZ = b == 0 ? 0 : -weight * value * factorial[a] * factorial[b - 1] / all;
      for (int q = 0; q < depth; q++) {
        int f = committed[q];
        phi[f] += side[f] == FROM_X ? toX : toZ;
      }
    }
  }
}
