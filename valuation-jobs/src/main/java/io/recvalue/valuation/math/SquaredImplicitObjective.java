package io.recvalue.valuation.math;

import java.util.Arrays;
import java.util.Optional;

/**
 * The implicit default: the squared loss the model trains with, on held-out positives (target 1)
 * and a fixed seeded sample of negatives (target 0), averaged over all those pairs:
 * {@code L = (1/(P+N)) [Σ_pos (1 − s)² + Σ_neg s²]}. Quadratic with {@code c_p = 1/(P+N)}.
 */
public final class SquaredImplicitObjective implements ValidationObjective {
  private final QuadraticPairs pairs;

  /** Positives {@code (posUsers, posItems)} and explicit negatives {@code (negUsers, negItems)}. */
  public SquaredImplicitObjective(int[] posUsers, int[] posItems, int[] negUsers,
      int[] negItems) {
    int n = posUsers.length + negUsers.length;
    if (n == 0) {
      throw new IllegalArgumentException("validation set is empty");
    }
    int[] us = concat(posUsers, negUsers);
    int[] is = concat(posItems, negItems);
    double[] t = new double[n];
    Arrays.fill(t, 0, posUsers.length, 1.0);
    double[] c = new double[n];
    Arrays.fill(c, 1.0 / n);
    this.pairs = new QuadraticPairs(us, is, t, c);
  }

  /** Positives plus {@code perPositive} seeded negatives each (see {@link NegativeSampler}). */
  public static SquaredImplicitObjective withSampledNegatives(int[] posUsers, int[] posItems,
      Interactions train, int perPositive, long rootSeed) {
    int[] neg = NegativeSampler.sample(posUsers, posItems, train, perPositive, rootSeed,
        NegativeSampler.PURPOSE);
    int[] negUsers = new int[neg.length];
    for (int q = 0; q < neg.length; q++) {
      negUsers[q] = posUsers[q / perPositive];
    }
    return new SquaredImplicitObjective(posUsers, posItems, negUsers, neg);
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public int[] pairUsers() {
    return pairs.users();
  }

  @Override
  public int[] pairItems() {
    return pairs.items();
  }

  @Override
  public double valueOfScores(double[] scores) {
    return pairs.valueOfScores(scores);
  }

  @Override
  public double[] scoreGradient(double[] scores) {
    return pairs.scoreGradient(scores);
  }

  @Override
  public Optional<QuadraticPairs> quadratic() {
    return Optional.of(pairs);
  }
}
