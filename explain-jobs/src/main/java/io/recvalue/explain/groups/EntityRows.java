package io.recvalue.explain.groups;

import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.linalg.JavaCholeskySolver;
import java.io.Serializable;

/**
 * One entity's training interactions (a user's, or an item's) with the other side's index, rating,
 * weight and group of each, and its half-step in every coalition of a batch.
 */
record EntityRows(int id, int[] others, double[] ratings, double[] weights, int[] groups) implements Serializable {

  /**
   * The entity's factors in each coalition {@code c}: the weighted ALS normal equations of
   * {@link NormalEquations} with interaction {@code j} weighted {@code w_j · m_c(g_j)} and the
   * regularisation {@code λ Σ_j w_j m_c(g_j)} of the same objective, against the other side's
   * factors of coalition {@code c}; {@code grams[c]} is the other side's Gramian for implicit data
   * (null for explicit). Returns {@code coalitions × k} values.
   */
  double[] solve(FactorBank other, double[][] multipliers, double[][] grams, double lambda, boolean implicit,
      double alpha) {
    int k = other.k;
    int batch = multipliers.length;
    double[] a = new double[batch * k * k];
    double[] b = new double[batch * k];
    double[] weightSum = new double[batch];
    for (int j = 0; j < others.length; j++) {
      double[] f = other.factors[others[j]];
      if (f == null) {
        continue;
      }
      for (int c = 0; c < batch; c++) {
        double w = weights[j] * multipliers[c][groups[j]];
        NormalEquations.add(k, a, c * k * k, b, c * k, f, other.offset(f, c), ratings[j], w, implicit, alpha);
        weightSum[c] += w;
      }
    }
    for (int c = 0; c < batch; c++) {
      NormalEquations.finish(k, a, c * k * k, lambda * weightSum[c], grams == null ? null : grams[c]);
    }
    new JavaCholeskySolver().solve(k, batch, a, b);
    return b;
  }
}
