package io.recvalue.core.als;

/**
 * The weighted ALS objective of docs/methods.md §1 and its gradient over dense factor arrays, for small
 * problems and tests (the Spark path computes the same value block by block).
 *
 * <p>Interactions are parallel arrays {@code users[j], items[j], ratings[j], weights[j]}; factors are
 * row-major {@code x[u*k .. u*k+k)}, {@code y[i*k .. i*k+k)} for {@code numUsers × numItems} entities.
 * <pre>
 *   explicit  F = Σ_j w_j [(r_j − s_j)² + λ(‖x_u‖² + ‖y_i‖²)]
 *   implicit  F = Σ_{u,i} s_ui² + Σ_j w_j [c_j(1 − s_j)² − s_j² + λ(‖x_u‖² + ‖y_i‖²)],  c_j = 1 + α r_j
 * </pre>
 * Gradient, per interaction (the dense term adds {@code 2(YᵀY)x_u} and {@code 2(XᵀX)y_i}):
 * <pre>
 *   ∂/∂x_u = w_j [g_j y_i + 2λ x_u],  ∂/∂y_i = w_j [g_j x_u + 2λ y_i],
 *   g_j = −2(r_j − s_j)               (explicit)
 *   g_j = −2c_j(1 − s_j) − 2 s_j      (implicit)
 * </pre>
 */
public final class AlsObjective {
  private AlsObjective() {}

  /** A small dense problem: the interactions and the objective's constants. */
  public record Problem(
      int rank, int numUsers, int numItems, int[] users, int[] items, double[] ratings, double[] weights,
      double lambda, boolean implicit, double alpha) {}

  /** {@code F(X, Y)}. */
  public static double value(Problem p, double[] x, double[] y) {
    int k = p.rank();
    double f = p.implicit() ? NormalEquations.denseSquaredScores(gram(k, x, p.numUsers()), gram(k, y, p.numItems())) : 0;
    for (int j = 0; j < p.users().length; j++) {
      int xo = p.users()[j] * k;
      int yo = p.items()[j] * k;
      double s = NormalEquations.dot(k, x, xo, y, yo);
      double xx = NormalEquations.dot(k, x, xo, x, xo);
      double yy = NormalEquations.dot(k, y, yo, y, yo);
      f += p.weights()[j] * NormalEquations.loss(p.ratings()[j], s, xx, yy, p.lambda(), p.implicit(), p.alpha());
    }
    return f;
  }

  /** Writes {@code ∂F/∂X} into {@code gx} and {@code ∂F/∂Y} into {@code gy} (overwritten). */
  public static void gradient(Problem p, double[] x, double[] y, double[] gx, double[] gy) {
    int k = p.rank();
    java.util.Arrays.fill(gx, 0.0);
    java.util.Arrays.fill(gy, 0.0);
    if (p.implicit()) {
      addGramTimes(k, gram(k, y, p.numItems()), x, p.numUsers(), gx);
      addGramTimes(k, gram(k, x, p.numUsers()), y, p.numItems(), gy);
    }
    for (int j = 0; j < p.users().length; j++) {
      int xo = p.users()[j] * k;
      int yo = p.items()[j] * k;
      double s = NormalEquations.dot(k, x, xo, y, yo);
      double r = p.ratings()[j];
      double g = p.implicit() ? -2 * (1 + p.alpha() * r) * (1 - s) - 2 * s : -2 * (r - s);
      double w = p.weights()[j];
      for (int q = 0; q < k; q++) {
        gx[xo + q] += w * (g * y[yo + q] + 2 * p.lambda() * x[xo + q]);
        gy[yo + q] += w * (g * x[xo + q] + 2 * p.lambda() * y[yo + q]);
      }
    }
  }

  /** Full symmetric Gramian {@code VᵀV} of {@code n} row vectors. */
  public static double[] gram(int k, double[] v, int n) {
    double[] g = new double[k * k];
    NormalEquations.addGram(k, g, v, n);
    NormalEquations.symmetrize(k, g);
    return g;
  }

  private static void addGramTimes(int k, double[] gram, double[] v, int n, double[] out) {
    for (int m = 0; m < n; m++) {
      for (int p = 0; p < k; p++) {
        out[m * k + p] += 2 * NormalEquations.dot(k, gram, p * k, v, m * k);
      }
    }
  }
}
