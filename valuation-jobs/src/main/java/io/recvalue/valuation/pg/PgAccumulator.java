package io.recvalue.valuation.pg;

import java.io.Serializable;

/**
 * What one policy iteration sums over the episode blocks (the same object serves a block, a
 * partition and {@code treeAggregate}'s merge): per episode the reward and the held-out reward, the
 * same for keeping everything and for the deterministic policy at the budget, the policy-gradient
 * estimate, and the keep statistics of the rows.
 */
public final class PgAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Rewards {@code R_k} of the stochastic episodes on the reward split. */
  final double[] reward;
  /** The same episodes' rewards on the held-out split. */
  final double[] heldout;
  /** The gradient estimate, weights first, then the bias. */
  final double[] gradient;
  double fullReward;
  double fullHeldout;
  double deterministicReward;
  double deterministicHeldout;
  /** {@code Σ_j p_j}, {@code Σ_j m_j} of the deterministic policy, and the rows counted. */
  double sumKeep;
  double deterministicKept;
  long rows;

  public PgAccumulator(int episodes, int features) {
    reward = new double[episodes];
    heldout = new double[episodes];
    gradient = new double[features + 1];
  }

  public int episodes() {
    return reward.length;
  }

  /** Adds {@code o} into this accumulator and returns it. */
  public PgAccumulator merge(PgAccumulator o) {
    for (int k = 0; k < reward.length; k++) {
      reward[k] += o.reward[k];
      heldout[k] += o.heldout[k];
    }
    for (int q = 0; q < gradient.length; q++) {
      gradient[q] += o.gradient[q];
    }
    fullReward += o.fullReward;
    fullHeldout += o.fullHeldout;
    deterministicReward += o.deterministicReward;
    deterministicHeldout += o.deterministicHeldout;
    sumKeep += o.sumKeep;
    deterministicKept += o.deterministicKept;
    rows += o.rows;
    return this;
  }

  /**
   * Scales the rewards and the gradient by {@code c} (the keep statistics stay): the half-step
   * engine averages its two sides, each of which measures the whole validation loss.
   */
  public PgAccumulator scaleRewards(double c) {
    for (int k = 0; k < reward.length; k++) {
      reward[k] *= c;
      heldout[k] *= c;
    }
    for (int q = 0; q < gradient.length; q++) {
      gradient[q] *= c;
    }
    fullReward *= c;
    fullHeldout *= c;
    deterministicReward *= c;
    deterministicHeldout *= c;
    return this;
  }

  public double[] reward() {
    return reward.clone();
  }

  public double[] heldout() {
    return heldout.clone();
  }

  public double[] gradient() {
    return gradient.clone();
  }

  public double fullReward() {
    return fullReward;
  }

  public double fullHeldout() {
    return fullHeldout;
  }

  public double deterministicReward() {
    return deterministicReward;
  }

  public double deterministicHeldout() {
    return deterministicHeldout;
  }

  /** The expected keep rate {@code mean_j p_j}. */
  public double keepRate() {
    return rows == 0 ? Double.NaN : sumKeep / rows;
  }

  /** The deterministic policy's keep rate. */
  public double deterministicKeepRate() {
    return rows == 0 ? Double.NaN : deterministicKept / rows;
  }

  public long rows() {
    return rows;
  }

  /**
   * Adds the REINFORCE terms of one group of rows whose episodes earned {@code rewards}: with the
   * leave-one-out baseline {@code b_k = mean_{k'≠k} R_{k'}} the advantage {@code a_k = R_k − b_k}
   * sums to zero over the episodes, so row {@code j} contributes
   * {@code (1/K) Σ_k a_k (m_kj − p_j) (f_j, 1) = (1/K) Σ_k a_k m_kj (f_j, 1)}.
   *
   * @param kept {@code kept[j * K + k]}: whether episode {@code k} kept row {@code j}
   * @param features {@code n × d} row-major
   */
  void addScoreTerms(double[] rewards, boolean[] kept, double[] features, int n) {
    int episodes = rewards.length;
    double[] advantage = advantages(rewards);
    int d = gradient.length - 1;
    for (int j = 0; j < n; j++) {
      double c = 0;
      for (int k = 0; k < episodes; k++) {
        if (kept[j * episodes + k]) {
          c += advantage[k];
        }
      }
      c /= episodes;
      if (c == 0) {
        continue;
      }
      for (int q = 0; q < d; q++) {
        gradient[q] += c * features[j * d + q];
      }
      gradient[d] += c;
    }
  }

  /** {@code a_k = R_k − mean_{k'≠k} R_{k'} = K/(K−1) (R_k − mean R)}. */
  static double[] advantages(double[] rewards) {
    int episodes = rewards.length;
    double mean = 0;
    for (double r : rewards) {
      mean += r;
    }
    mean /= episodes;
    double[] a = new double[episodes];
    for (int k = 0; k < episodes; k++) {
      a[k] = episodes / (episodes - 1.0) * (rewards[k] - mean);
    }
    return a;
  }
}
