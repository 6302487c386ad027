package io.recvalue.valuation.pg;

import java.util.Arrays;

/**
 * Holds the policy at its drop budget. For weights {@code w}, the bias {@code b} is the root of
 * {@code mean_j σ(b + wᵀf_j) = 1 − ρ} over a fixed seeded sample of the interactions' features: the
 * expected share of dropped interactions is {@code ρ} after every step. This is the constraint of the
 * Lagrangian {@code E[R] − μ(mean p − (1 − ρ))} solved exactly in the one coordinate that moves the
 * keep rate uniformly; the multiplier it implies, {@code μ = (∂E[R]/∂b) / (∂ mean p/∂b)}, is
 * reported. The weights then only decide <em>which</em> interactions are dropped.
 *
 * <p>The root is unique ({@code mean σ} is increasing in {@code b}) and found by safeguarded Newton.
 * The sample also gives the deterministic policy's threshold: the logit below which the lowest
 * {@code ρ} share falls.
 */
public final class BudgetProjection {
  private final double[] sample;
  private final double[] tieBreaks;
  private final int rows;
  private final int d;
  private final double keep;

  /**
   * @param sample {@code rows × d} standardised features, row-major
   * @param pairKeys {@link EpisodeMasks#pairKey} of each sampled row (for the tie-breaks)
   * @param keep the target keep rate {@code 1 − ρ}, in (0, 1)
   */
  public BudgetProjection(double[] sample, long[] pairKeys, int d, double keep) {
    if (!(keep > 0 && keep < 1)) {
      throw new IllegalArgumentException("keep rate must be in (0, 1), got " + keep);
    }
    if (d < 1 || sample.length == 0 || sample.length % d != 0) {
      throw new IllegalArgumentException("the sample must hold one or more whole rows of d >= 1 features, got "
          + sample.length + " values for d = " + d);
    }
    this.sample = sample.clone();
    this.d = d;
    this.rows = sample.length / d;
    this.keep = keep;
    if (pairKeys.length != rows) {
      throw new IllegalArgumentException(pairKeys.length + " pair keys for " + rows + " sampled rows");
    }
    this.tieBreaks = new double[rows];
    for (int r = 0; r < rows; r++) {
      tieBreaks[r] = EpisodeMasks.tieBreak(pairKeys[r]);
    }
  }

  public int rows() {
    return rows;
  }

  /** The policy with weights {@code w} and the bias that keeps {@code 1 − ρ} in expectation. */
  public Policy project(double[] w) {
    double[] z = scores(w);
    double b = Math.log(keep / (1 - keep)) - mean(z);
    double lo = -60 - max(z);
    double hi = 60 - min(z);
    for (int it = 0; it < 200; it++) {
      double f = 0;
      double df = 0;
      for (double s : z) {
        double p = Policy.sigmoid(b + s);
        f += p;
        df += p * (1 - p);
      }
      f = f / z.length - keep;
      df /= z.length;
      if (Math.abs(f) < 1e-13) {
        break;
      }
      if (f > 0) {
        hi = b;
      } else {
        lo = b;
      }
      double next = df > 1e-300 ? b - f / df : Double.NaN;
      b = next > lo && next < hi ? next : 0.5 * (lo + hi);
    }
    return new Policy(w, b);
  }

  /**
   * The tie-broken logit ({@code logit + tieBreak}) below which the lowest {@code 1 − keep} share of
   * the sample falls: the deterministic policy keeps a row when its tie-broken logit reaches it.
   */
  public double threshold(Policy policy) {
    double[] z = new double[rows];
    for (int r = 0; r < rows; r++) {
      z[r] = policy.logit(sample, r * d) + tieBreaks[r];
    }
    Arrays.sort(z);
    int dropped = (int) Math.floor((1 - keep) * z.length + 1e-9);
    return dropped == 0 ? Double.NEGATIVE_INFINITY : z[Math.min(dropped, z.length - 1)];
  }

  /** {@code mean_j p_j(1 − p_j)}: {@code ∂ mean p / ∂b} at the policy, for the implied multiplier. */
  public double keepRateSlope(Policy policy) {
    double[] z = scores(policy.weights());
    double s = 0;
    for (double x : z) {
      double p = Policy.sigmoid(policy.bias() + x);
      s += p * (1 - p);
    }
    return s / z.length;
  }

  private double[] scores(double[] w) {
    double[] z = new double[rows];
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int q = 0; q < d; q++) {
        s += w[q] * sample[r * d + q];
      }
      z[r] = s;
    }
    return z;
  }

  private static double mean(double[] z) {
    double s = 0;
    for (double x : z) {
      s += x;
    }
    return s / z.length;
  }

  private static double max(double[] z) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static double min(double[] z) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : z) {
      m = Math.min(m, x);
    }
    return m;
  }
}
