package io.recvalue.valuation.math;

import java.util.Arrays;

/**
 * The implicit default: the squared loss the model trains with, on held-out positives (target 1)
 * and a fixed seeded sample of negatives (target 0), averaged over all those pairs:
 * {@code L = (1/(P+N)) [Σ_pos (1 − s)² + Σ_neg s²]}. Quadratic with {@code c_p = 1/(P+N)}.
 */
public final class SquaredImplicitObjective extends QuadraticValidation {
  /** Positives {@code (posUsers, posItems)} and explicit negatives {@code (negUsers, negItems)}. */
  public SquaredImplicitObjective(int[] posUsers, int[] posItems, int[] negUsers,
      int[] negItems) {
    super(pairs(posUsers, posItems, negUsers, negItems));
  }

  private static QuadraticPairs pairs(int[] posUsers, int[] posItems, int[] negUsers, int[] negItems) {
    int n = posUsers.length + negUsers.length;
    if (n == 0) {
      throw new IllegalArgumentException("validation set is empty");
    }
    double[] t = new double[n];
    Arrays.fill(t, 0, posUsers.length, 1.0);
    double[] c = new double[n];
    Arrays.fill(c, 1.0 / n);
    return new QuadraticPairs(concat(posUsers, negUsers), concat(posItems, negItems), t, c);
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
}
