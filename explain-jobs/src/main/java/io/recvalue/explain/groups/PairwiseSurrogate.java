package io.recvalue.explain.groups;

import io.recvalue.core.linalg.JavaCholeskySolver;

/**
 * The learnt utility surrogate of the group game: a linear-plus-pairwise model of the utility of a
 * coalition {@code S} of {@code G} groups,
 * <pre>  Û(S) = β₀ + Σ_{g∈S} β_g + Σ_{g<h; g,h∈S} β_gh,</pre>
 * fitted by ridge regression on re-solved coalitions (Datamodels' linear datamodel with the pairwise
 * terms of the Shapley–Taylor expansion of order two). Its game-theoretic summaries are closed forms:
 * the Shapley value of group {@code g} in a game of this form is
 * <pre>  φ_g = β_g + ½ Σ_{h≠g} β_gh</pre>
 * (each pair's surplus {@code β_gh} is created when the second of the two joins; in a uniformly
 * random order either one is second with probability ½), and the Shapley interaction index of a pair
 * is {@code β_gh} itself (the game has no terms of order three).
 *
 * <p><b>Fit.</b> The indicator columns are centred, so the unpenalised intercept is the mean utility;
 * {@code β = (XᵀX + αI)⁻¹ Xᵀy} with {@code α = ridge · n}. {@code n} rows of ±½ indicators give
 * {@code XᵀX ≈ n/4} on the diagonal, so {@code ridge} is a scale-free shrinkage (the default 10⁻³
 * barely shrinks a well-sampled design).
 *
 * <p><b>Standard errors.</b> {@code Cov β = σ² M⁻¹ XᵀX M⁻¹} with {@code M = XᵀX + αI} and
 * {@code σ² = RSS / (n − tr(M⁻¹XᵀX))}; a Shapley value is the linear combination {@code c_gᵀβ}, so its
 * standard error is {@code √(c_gᵀ Cov c_g)}, and a pair's is the square root of the diagonal entry.
 * They are standard errors of the fit, given the design: they say how well the re-solves pin the
 * coefficients down, not how the re-solves themselves would vary.
 */
public final class PairwiseSurrogate {
  private final int groups;
  private final double intercept;
  private final double[] beta;
  private final double[] covariance;
  private final double residualVariance;

  private PairwiseSurrogate(int groups, double intercept, double[] beta, double[] covariance,
      double residualVariance) {
    this.groups = groups;
    this.intercept = intercept;
    this.beta = beta;
    this.covariance = covariance;
    this.residualVariance = residualVariance;
  }

  /** Number of model terms besides the intercept: {@code G + G(G−1)/2}. */
  public static int terms(int groups) {
    return groups + groups * (groups - 1) / 2;
  }

  /**
   * Fits the surrogate to {@code utilities[r]} of the coalitions {@code masks[r]} (bit {@code g} set:
   * group {@code g} is in).
   */
  public static PairwiseSurrogate fit(int groups, long[] masks, double[] utilities, double ridge) {
    if (groups < 1 || groups > 30) {
      throw new IllegalArgumentException("the pairwise surrogate takes 1 to 30 groups, got " + groups);
    }
    int n = masks.length;
    if (utilities.length != n || n < 2) {
      throw new IllegalArgumentException("need at least two coalitions with one utility each, got " + n
          + " coalitions and " + utilities.length + " utilities");
    }
    int p = terms(groups);
    double[][] x = new double[n][];
    double[] mean = new double[p];
    double yMean = 0;
    for (int r = 0; r < n; r++) {
      x[r] = row(groups, masks[r]);
      for (int t = 0; t < p; t++) {
        mean[t] += x[r][t] / n;
      }
      yMean += utilities[r] / n;
    }
    double[] xtx = new double[p * p];
    double[] xty = new double[p];
    for (int r = 0; r < n; r++) {
      double[] xr = x[r];
      for (int t = 0; t < p; t++) {
        double a = xr[t] - mean[t];
        xty[t] += a * (utilities[r] - yMean);
        for (int s = 0; s <= t; s++) {
          xtx[t * p + s] += a * (xr[s] - mean[s]);
        }
      }
    }
    for (int t = 0; t < p; t++) {
      for (int s = 0; s < t; s++) {
        xtx[s * p + t] = xtx[t * p + s];
      }
    }
    double alpha = ridge * n;
    // M⁻¹ column by column: one Cholesky of M, p solves.
    double[] inv = new double[p * p];
    for (int c = 0; c < p; c++) {
      double[] m = xtx.clone();
      for (int t = 0; t < p; t++) {
        m[t * p + t] += alpha + 1e-12;
      }
      double[] e = new double[p];
      e[c] = 1;
      JavaCholeskySolver.solveAt(p, m, 0, e, 0);
      for (int t = 0; t < p; t++) {
        inv[t * p + c] = e[t];
      }
    }
    double[] beta = multiply(inv, xty, p);
    double rss = 0;
    for (int r = 0; r < n; r++) {
      double pred = yMean;
      for (int t = 0; t < p; t++) {
        pred += beta[t] * (x[r][t] - mean[t]);
      }
      rss += (utilities[r] - pred) * (utilities[r] - pred);
    }
    // H = M⁻¹ XᵀX; effective parameters tr(H); Cov = σ² H M⁻¹.
    double[] h = new double[p * p];
    for (int t = 0; t < p; t++) {
      for (int s = 0; s < p; s++) {
        double v = 0;
        for (int q = 0; q < p; q++) {
          v += inv[t * p + q] * xtx[q * p + s];
        }
        h[t * p + s] = v;
      }
    }
    double effective = 0;
    for (int t = 0; t < p; t++) {
      effective += h[t * p + t];
    }
    double dof = n - 1 - effective;
    double sigma2 = dof > 0 ? rss / dof : Double.NaN;
    double[] cov = new double[p * p];
    for (int t = 0; t < p; t++) {
      for (int s = 0; s < p; s++) {
        double v = 0;
        for (int q = 0; q < p; q++) {
          v += h[t * p + q] * inv[q * p + s];
        }
        cov[t * p + s] = sigma2 * v;
      }
    }
    double intercept = yMean;
    for (int t = 0; t < p; t++) {
      intercept -= beta[t] * mean[t];
    }
    return new PairwiseSurrogate(groups, intercept, beta, cov, sigma2);
  }

  /** The model's indicator row of a coalition: {@code G} singles, then the pairs {@code g<h} in order. */
  static double[] row(int groups, long mask) {
    double[] x = new double[terms(groups)];
    int t = 0;
    for (int g = 0; g < groups; g++) {
      x[t++] = (mask >>> g & 1L);
    }
    for (int g = 0; g < groups; g++) {
      for (int h = g + 1; h < groups; h++) {
        x[t++] = (mask >>> g & 1L) * (mask >>> h & 1L);
      }
    }
    return x;
  }

  /** Index of pair {@code (g, h)}, {@code g < h}, in a model row. */
  static int pairIndex(int groups, int g, int h) {
    return groups + g * groups - g * (g + 1) / 2 + (h - g - 1);
  }

  /** {@code Û(S)}. */
  public double predict(long mask) {
    double[] x = row(groups, mask);
    double v = intercept;
    for (int t = 0; t < x.length; t++) {
      v += beta[t] * x[t];
    }
    return v;
  }

  /** The coefficient vector {@code c_g} with {@code φ_g = c_gᵀβ}. */
  private double[] shapleyCombination(int g) {
    double[] c = new double[beta.length];
    c[g] = 1;
    for (int h = 0; h < groups; h++) {
      if (h != g) {
        c[pairIndex(groups, Math.min(g, h), Math.max(g, h))] = 0.5;
      }
    }
    return c;
  }

  /** Shapley values {@code φ_g} of the surrogate game. */
  public double[] shapley() {
    double[] phi = new double[groups];
    for (int g = 0; g < groups; g++) {
      double[] c = shapleyCombination(g);
      for (int t = 0; t < c.length; t++) {
        phi[g] += c[t] * beta[t];
      }
    }
    return phi;
  }

  /** Standard errors of {@link #shapley()} from the fit (NaN when the fit has no residual degrees of freedom). */
  public double[] shapleyStandardErrors() {
    double[] se = new double[groups];
    int p = beta.length;
    for (int g = 0; g < groups; g++) {
      double[] c = shapleyCombination(g);
      double v = 0;
      for (int t = 0; t < p; t++) {
        for (int s = 0; s < p; s++) {
          v += c[t] * covariance[t * p + s] * c[s];
        }
      }
      se[g] = Math.sqrt(Math.max(v, 0));
    }
    return se;
  }

  /** Shapley interaction index of pair {@code (g, h)}: the fitted {@code β_gh}. */
  public double interaction(int g, int h) {
    return beta[pairIndex(groups, Math.min(g, h), Math.max(g, h))];
  }

  /** Standard error of {@link #interaction}. */
  public double interactionStandardError(int g, int h) {
    int t = pairIndex(groups, Math.min(g, h), Math.max(g, h));
    return Math.sqrt(Math.max(covariance[t * beta.length + t], 0));
  }

  /** {@code σ²}, the residual variance of the fit. */
  public double residualVariance() {
    return residualVariance;
  }

  public int groups() {
    return groups;
  }

  private static double[] multiply(double[] m, double[] v, int p) {
    double[] out = new double[p];
    for (int t = 0; t < p; t++) {
      double s = 0;
      for (int q = 0; q < p; q++) {
        s += m[t * p + q] * v[q];
      }
      out[t] = s;
    }
    return out;
  }
}
