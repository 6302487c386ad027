package io.recvalue.core.generate;

/**
 * A bounded power law on the indices {@code 0 .. n−1}: index {@code k} is drawn with probability
 * close to {@code (k + 1)^(−s) / Σ_j (j + 1)^(−s)} (Zipf with exponent {@code s}).
 *
 * <p>Derivation: draw {@code x} from the continuous density {@code p(x) ∝ x^(−s)} on {@code [1, n+1)}
 * by inverting its distribution function
 * {@code F(x) = (x^(1−s) − 1) / ((n+1)^(1−s) − 1)} (for {@code s = 1}: {@code ln x / ln(n+1)}), i.e.
 * {@code x = (1 + u((n+1)^(1−s) − 1))^(1/(1−s))} for a uniform {@code u}, and return
 * {@code floor(x) − 1}. Index {@code k} then has probability {@code ∫_{k+1}^{k+2} x^(−s) dx}, which is
 * within a factor {@code 2^s} of {@code (k+1)^(−s)} (normalised) and tends to it for large {@code k}.
 * One draw costs one {@code pow}, with no table: the sampler is a pure function of {@code u}.
 */
public final class PowerLaw implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final int n;
  private final double s;
  private final double top;

  /**
   * @param n number of indices, ≥ 1
   * @param exponent {@code s ≥ 0} (0 is uniform)
   */
  public PowerLaw(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("power law needs at least one index, got " + n);
    }
    if (!(exponent >= 0) || !Double.isFinite(exponent)) {
      throw new IllegalArgumentException("power-law exponent must be finite and >= 0, got " + exponent);
    }
    this.n = n;
    this.s = exponent;
    this.top = Math.abs(s - 1) < 1e-12 ? Math.log(n + 1.0) : Math.pow(n + 1.0, 1 - s) - 1;
  }

  /** The index for a uniform {@code u ∈ [0, 1)}. */
  public int index(double u) {
    double x = Math.abs(s - 1) < 1e-12 ? Math.exp(u * top) : Math.pow(1 + u * top, 1 / (1 - s));
    long k = (long) Math.floor(x) - 1;
    return (int) Math.max(0, Math.min(n - 1, k));
  }

  public int size() {
    return n;
  }
}
