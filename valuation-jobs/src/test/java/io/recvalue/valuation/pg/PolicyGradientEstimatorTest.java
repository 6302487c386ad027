package io.recvalue.valuation.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.als.NormalEquations;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy-gradient estimate of one iteration is unbiased: over many seeds its mean matches the
 * exact gradient of the expected reward {@code ∇ Σ_m π(m) R(m)}, computed by enumerating all
 * {@code 2^n} masks of a tiny problem (explicit and implicit), within four standard errors per
 * coordinate; and the exact gradient is far from zero, so the check has power.
 */
class PolicyGradientEstimatorTest {
  private static final int[][] PAIRS = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {2, 1}, {2, 2}, {3, 0},
      {3, 2}, {1, 2}};
  private static final int[][] VALIDATION = {{0, 1}, {1, 2}, {2, 0}, {3, 1}, {0, 2}, {2, 2}, {1, 0},
      {3, 2}, {3, 0}};

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void theEstimateIsUnbiasedAgainstEnumeration(boolean implicit) {
    TinyProblem p = new TinyProblem(2, 2, 4, 3, PAIRS, VALIDATION, 7L);
    HalfStepModel um = model(p, implicit, true);
    HalfStepModel im = model(p, implicit, false);
    Policy policy = new Policy(new double[] {0.8, -0.6}, 0.9);
    double[] exact = exactGradient(p, policy, um, im);

    int seeds = 6000;
    int episodes = 4;
    double[] sum = new double[3];
    double[] sumSq = new double[3];
    for (int s = 1; s <= seeds; s++) {
      double[] g = p.iterate(policy, new EpisodeMasks(s, 1, episodes), Double.NEGATIVE_INFINITY, um, im).gradient();
      for (int q = 0; q < 3; q++) {
        sum[q] += g[q];
        sumSq[q] += g[q] * g[q];
      }
    }
    boolean informative = false;
    for (int q = 0; q < 3; q++) {
      double mean = sum[q] / seeds;
      double se = Math.sqrt((sumSq[q] / seeds - mean * mean) / (seeds - 1));
      assertTrue(Math.abs(mean - exact[q]) <= 4 * se,
          "coordinate " + q + ": estimate " + mean + " vs exact " + exact[q] + " (SE " + se + ")");
      informative |= Math.abs(exact[q]) > 8 * se;
    }
    assertTrue(informative, "the exact gradient must stand out from the estimator's noise");
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void keepingEverythingAndTheRewardsAgreeWithTheDirectEvaluation(boolean implicit) {
    TinyProblem p = new TinyProblem(2, 2, 4, 3, PAIRS, VALIDATION, 7L);
    HalfStepModel um = model(p, implicit, true);
    HalfStepModel im = model(p, implicit, false);
    Policy policy = new Policy(new double[] {0.8, -0.6}, 0.9);
    EpisodeMasks masks = new EpisodeMasks(3, 2, 5);
    PgAccumulator acc = p.iterate(policy, masks, Double.NEGATIVE_INFINITY, um, im);
    boolean[] all = new boolean[p.size()];
    java.util.Arrays.fill(all, true);
    assertEquals(p.reward(all, um, im, false), acc.fullReward(), 1e-12);
    assertEquals(p.reward(all, um, im, true), acc.fullHeldout(), 1e-12);
    assertEquals(acc.fullReward(), acc.deterministicReward(), 1e-12, "threshold -inf keeps everything");
    for (int k = 0; k < masks.episodes(); k++) {
      boolean[] m = new boolean[p.size()];
      for (int j = 0; j < p.size(); j++) {
        double prob = policy.probability(p.f, j * p.d);
        m[j] = masks.kept(k, EpisodeMasks.pairKey(p.u[j], p.i[j]), prob);
      }
      assertEquals(p.reward(m, um, im, false), acc.reward()[k], 1e-12, "episode " + k);
      assertEquals(p.reward(m, um, im, true), acc.heldout()[k], 1e-12, "episode " + k + " held out");
    }
    assertEquals(p.size(), acc.rows(), "each row counted once, on the user side");
  }

  /** {@code Σ_m π(m) R(m) Σ_j (m_j − p_j)(f_j, 1)} over all masks. */
  private static double[] exactGradient(TinyProblem p, Policy policy, HalfStepModel um, HalfStepModel im) {
    int n = p.size();
    double[] prob = new double[n];
    for (int j = 0; j < n; j++) {
      prob[j] = policy.probability(p.f, j * p.d);
    }
    double[] g = new double[p.d + 1];
    for (int bits = 0; bits < 1 << n; bits++) {
      boolean[] m = new boolean[n];
      double pi = 1;
      for (int j = 0; j < n; j++) {
        m[j] = (bits >> j & 1) == 1;
        pi *= m[j] ? prob[j] : 1 - prob[j];
      }
      double reward = p.reward(m, um, im, false);
      for (int j = 0; j < n; j++) {
        double c = pi * reward * ((m[j] ? 1 : 0) - prob[j]);
        for (int q = 0; q < p.d; q++) {
          g[q] += c * p.f[j * p.d + q];
        }
        g[p.d] += c;
      }
    }
    return g;
  }

  static HalfStepModel model(TinyProblem p, boolean implicit, boolean userSide) {
    double[] gram = null;
    if (implicit) {
      double[] other = userSide ? p.y : p.x;
      gram = new double[p.k * p.k];
      NormalEquations.addGram(p.k, gram, other, other.length / p.k);
      NormalEquations.symmetrize(p.k, gram);
    }
    return new HalfStepModel(p.k, 0.1, implicit, 0.5, gram, userSide);
  }
}
