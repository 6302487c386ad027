package io.recvalue.valuation.math;

import java.util.Optional;

/**
 * The outer objective {@code L_V(θ)}: any twice-differentiable function of the scores
 * {@code s_p = x_{u_p}·y_{i_p}} of a bounded set of (user, item) pairs.
 *
 * <p>Implementations give the value and the gradient with respect to the scores; the gradient
 * with respect to {@code θ} follows by the chain rule, {@code ∇_{x_u} L = Σ_{p: u_p=u} (∂L/∂s_p)
 * y_{i_p}} and {@code ∇_{y_i} L = Σ_{p: i_p=i} (∂L/∂s_p) x_{u_p}}, so it touches only the users and
 * items that appear in the pairs. A quadratic objective also exposes its per-pair form
 * {@code L = Σ_p c_p (t_p − s_p)²}, which is what an equilibrium-propagation nudge adds to the
 * training problem.
 */
public interface ValidationObjective {
  /** The user of every scored pair. */
  int[] pairUsers();

  /** The item of every scored pair. */
  int[] pairItems();

  /** {@code L} as a function of the pair scores. */
  double valueOfScores(double[] scores);

  /** {@code ∂L/∂s_p} for every pair. */
  double[] scoreGradient(double[] scores);

  /** The per-pair quadratic form, when {@code L} is a weighted sum of squares of scores. */
  Optional<QuadraticPairs> quadratic();

  /** The pair scores at {@code θ}. */
  default double[] scores(BlockVector theta) {
    int[] us = pairUsers();
    int[] is = pairItems();
    int k = theta.k();
    double[] s = new double[us.length];
    for (int p = 0; p < s.length; p++) {
      s[p] = InteractionKernel.score(theta.users(), us[p] * k, theta.items(), is[p] * k, k);
    }
    return s;
  }

  /** {@code L_V(θ)}. */
  default double value(BlockVector theta) {
    return valueOfScores(scores(theta));
  }

  /** {@code g = ∇_θ L_V(θ)}, non-zero only on the users and items of the pairs. */
  default BlockVector gradient(BlockVector theta) {
    int[] us = pairUsers();
    int[] is = pairItems();
    int k = theta.k();
    double[] d = scoreGradient(scores(theta));
    BlockVector g = theta.zerosLike();
    for (int p = 0; p < d.length; p++) {
      int uo = us[p] * k;
      int io = is[p] * k;
      for (int a = 0; a < k; a++) {
        g.users()[uo + a] += d[p] * theta.items()[io + a];
        g.items()[io + a] += d[p] * theta.users()[uo + a];
      }
    }
    return g;
  }
}
