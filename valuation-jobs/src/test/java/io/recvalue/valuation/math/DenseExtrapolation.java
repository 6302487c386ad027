package io.recvalue.valuation.math;

import java.util.List;

/**
 * Reduced-rank extrapolation of dense vector sequences in one JVM: the oracle the tests and the local benchmark
 * hold the distributed extrapolation to. The weights come from {@link ReducedRankExtrapolation#coefficients} on
 * the Gramian of the differences of a sequence; {@link #combine} applies them to the later iterates.
 */
public final class DenseExtrapolation {
  private DenseExtrapolation() {}

  /** {@code G_ij = ⟨u_i, u_j⟩} with {@code u_i = d_{i+1} − d_i}, {@code d_s = a_s − b_s} ({@code a_s} when {@code b} is null). */
  public static double[][] differenceGram(List<double[]> a, List<double[]> b) {
    int m = a.size() - 1;
    double[][] u = new double[m][];
    for (int i = 0; i < m; i++) {
      double[] later = a.get(i + 1);
      u[i] = new double[later.length];
      for (int c = 0; c < later.length; c++) {
        u[i][c] = later[c] - a.get(i)[c] - (b == null ? 0 : b.get(i + 1)[c] - b.get(i)[c]);
      }
    }
    double[][] g = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        g[i][j] = Stats.dot(u[i], u[j]);
      }
    }
    return g;
  }

  /** The weights of the later iterates of {@code a} (paired with {@code b}, or alone when it is null). */
  public static double[] weights(List<double[]> a, List<double[]> b) {
    return ReducedRankExtrapolation.coefficients(differenceGram(a, b));
  }

  /** {@code Σ_i w_i x_{i+1}}: the later iterates combined. */
  public static double[] combine(List<double[]> x, double[] w) {
    double[] out = new double[x.get(0).length];
    for (int i = 0; i < w.length; i++) {
      double[] xi = x.get(i + 1);
      for (int c = 0; c < out.length; c++) {
        out[c] += w[i] * xi[c];
      }
    }
    return out;
  }
}
