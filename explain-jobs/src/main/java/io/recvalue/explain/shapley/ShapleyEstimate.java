package io.recvalue.explain.shapley;

/**
 * Shapley values of one prediction, with their standard errors and how they were obtained.
 *
 * @param phi attribution of each feature, {@code φ_f}
 * @param standardError standard error of each {@code φ_f} (0 for exact enumeration)
 * @param prediction {@code g(x)}
 * @param baseValue mean prediction over the background, {@code E_z g(z)}; {@code Σ φ_f = prediction −
 *     baseValue} (efficiency)
 * @param permutations permutations evaluated (antithetic pairs count twice; 0 for exact enumeration)
 * @param maxSeOverRange {@code max_f SE_f / (max_f φ_f − min_f φ_f)}: 0 when every SE is 0, infinite
 *     when the range is 0 but an SE is not
 * @param converged whether {@code maxSeOverRange} reached the tolerance before the permutation cap
 */
public record ShapleyEstimate(
    double[] phi,
    double[] standardError,
    double prediction,
    double baseValue,
    int permutations,
    double maxSeOverRange,
    boolean converged) {

  /** {@code max SE / range} of attributions and their standard errors, as defined above. */
  public static double maxSeOverRange(double[] phi, double[] se) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double maxSe = 0;
    for (int f = 0; f < phi.length; f++) {
      lo = Math.min(lo, phi[f]);
      hi = Math.max(hi, phi[f]);
      maxSe = Math.max(maxSe, se[f]);
    }
    if (maxSe == 0) {
      return 0;
    }
    double range = hi - lo;
    return range > 0 ? maxSe / range : Double.POSITIVE_INFINITY;
  }

  /** {@code Σ_f φ_f}. */
  public double sum() {
    double s = 0;
    for (double p : phi) {
      s += p;
    }
    return s;
  }
}
