package io.recvalue.valuation.math;

import java.util.Optional;

/**
 * Bayesian personalised ranking on held-out positives with seeded negatives:
 * {@code L = −(1/Q) Σ_q log σ(s_{pos,q} − s_{neg,q})}. Pairs are stored positives first
 * ({@code 0..Q−1}) then their negatives ({@code Q..2Q−1}). With {@code d_q = s_pos − s_neg}:
 * {@code ∂L/∂s_pos = −σ(−d_q)/Q}, {@code ∂L/∂s_neg = +σ(−d_q)/Q}. Not quadratic, so it serves
 * influence; an equilibrium-propagation nudge with it would need a Newton step per block.
 */
public final class BprObjective implements ValidationObjective {
  private final int[] users;
  private final int[] items;
  private final int q;

  /** Triples {@code (users[t], posItems[t], negItems[t])}. */
  public BprObjective(int[] users, int[] posItems, int[] negItems) {
    if (users.length == 0 || posItems.length != users.length
        || negItems.length != users.length) {
      throw new IllegalArgumentException("BPR needs equal, non-empty arrays: users="
          + users.length + ", posItems=" + posItems.length + ", negItems=" + negItems.length);
    }
    this.q = users.length;
    this.users = SquaredImplicitObjective.concat(users, users);
    this.items = SquaredImplicitObjective.concat(posItems, negItems);
  }

  /** One seeded negative per held-out positive (see {@link NegativeSampler}). */
  public static BprObjective withSampledNegatives(int[] posUsers, int[] posItems,
      Interactions train, long rootSeed) {
    int[] neg = NegativeSampler.sample(posUsers, posItems, train, 1, rootSeed,
        NegativeSampler.PURPOSE);
    return new BprObjective(posUsers, posItems, neg);
  }

  @Override
  public int[] pairUsers() {
    return users;
  }

  @Override
  public int[] pairItems() {
    return items;
  }

  @Override
  public double valueOfScores(double[] scores) {
    double v = 0;
    for (int t = 0; t < q; t++) {
      v += softplus(scores[t + q] - scores[t]);
    }
    return v / q;
  }

  @Override
  public double[] scoreGradient(double[] scores) {
    double[] d = new double[2 * q];
    for (int t = 0; t < q; t++) {
      double g = sigmoid(scores[t + q] - scores[t]) / q;
      d[t] = -g;
      d[t + q] = g;
    }
    return d;
  }

  @Override
  public Optional<QuadraticPairs> quadratic() {
    return Optional.empty();
  }

  /** {@code log(1 + e^z) = −log σ(−z)}, stable for large {@code |z|}. */
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
