package io.recvalue.valuation.pg;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A keep/drop policy over interaction features: interaction {@code j} is kept with probability
 * {@code p_j = σ(b + wᵀf_j)}, {@code f_j} its standardised feature vector. Immutable.
 *
 * <p>{@code ∂ log π(m_j) / ∂(b, w) = (m_j − p_j)(1, f_j)} for a Bernoulli keep decision
 * {@code m_j ∈ {0, 1}}: the score function the REINFORCE estimator multiplies by the advantage.
 */
public final class Policy implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] weights;
  private final double bias;

  public Policy(double[] weights, double bias) {
    this.weights = weights.clone();
    this.bias = bias;
  }

  /** The policy that keeps every interaction with probability {@code keep}: no weights, bias {@code logit(keep)}. */
  public static Policy uniform(int features, double keep) {
    return new Policy(new double[features], Math.log(keep / (1 - keep)));
  }

  public int features() {
    return weights.length;
  }

  public double[] weights() {
    return weights.clone();
  }

  public double bias() {
    return bias;
  }

  public Policy withBias(double b) {
    return new Policy(weights, b);
  }

  public Policy withWeights(double[] w) {
    return new Policy(w, bias);
  }

  /** {@code b + wᵀf} for the feature vector at {@code f[off .. off + features())}. */
  public double logit(double[] f, int off) {
    double z = bias;
    for (int q = 0; q < weights.length; q++) {
      z += weights[q] * f[off + q];
    }
    return z;
  }

  /** {@code σ(b + wᵀf)}. */
  public double probability(double[] f, int off) {
    return sigmoid(logit(f, off));
  }

  /** The logistic function, computed without overflow for large |z|. */
  public static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }

  @Override
  public String toString() {
    return "Policy(bias=" + bias + ", weights=" + Arrays.toString(weights) + ")";
  }
}
