package io.recvalue.valuation.pg;

import io.recvalue.valuation.method.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * The search for a keep/drop policy: REINFORCE with a leave-one-out baseline over {@code K} masks per
 * iteration, Adam on the weights, the bias held at the drop budget ({@link BudgetProjection}), and
 * early stopping on the held-out validation split, which the reward never sees.
 *
 * <p>Objective: {@code J(φ) = E_{m ~ π_φ}[R(m)]}, {@code R} minus the validation loss after the
 * episode's training, subject to {@code E[mean_j (1 − m_j)] = ρ}. Each iteration estimates
 * {@code ∇J} from fresh masks ({@link EpisodeEngine}), steps the weights, and re-solves the bias. The
 * policy returned is the one whose deterministic version (drop the lowest {@code ρ} share of logits)
 * scored best on the held-out split; at the first iteration every logit is equal, so that version
 * drops a seeded random share: the policy must beat random dropping to be kept.
 */
public final class PolicyGradient {
  private PolicyGradient() {}

  /** One iteration as the curve records it. */
  public record Iteration(int iteration, long episodes, double rewardMean, double rewardSd, double heldoutMean,
      double deterministicReward, double deterministicHeldout, double fullReward, double fullHeldout,
      double keepRate, double deterministicKeepRate, double bias, double multiplier, double gradientNorm,
      double seconds) {}

  /** The search's outcome. */
  public record Result(Policy policy, int bestIteration, boolean stoppedEarly, List<Iteration> curve) {}

  public static Result run(EpisodeEngine engine, BudgetProjection budget, int features, PgSettings s,
      Progress progress) {
    Adam adam = new Adam(features, s.learningRate());
    Policy policy = budget.project(new double[features]);
    Policy best = policy;
    double bestHeldout = Double.NEGATIVE_INFINITY;
    int bestIteration = 0;
    int stall = 0;
    boolean early = false;
    List<Iteration> curve = new ArrayList<>();
    for (int t = 1; t <= s.iterations(); t++) {
      long t0 = System.nanoTime();
      PgAccumulator acc = engine.iterate(policy, new EpisodeMasks(s.seed(), t, s.episodes()),
          budget.threshold(policy));
      double[] g = acc.gradient();
      double[] gw = java.util.Arrays.copyOf(g, features);
      double slope = budget.keepRateSlope(policy) * acc.rows();
      Iteration it = new Iteration(t, (long) t * s.episodes(), mean(acc.reward()), sd(acc.reward()),
          mean(acc.heldout()), acc.deterministicReward(), acc.deterministicHeldout(), acc.fullReward(),
          acc.fullHeldout(), acc.keepRate(), acc.deterministicKeepRate(), policy.bias(),
          slope > 0 ? g[features] / slope : Double.NaN, norm(gw), (System.nanoTime() - t0) / 1e9);
      curve.add(it);
      progress.line("pg iteration %d/%d: reward %.6g (held-out %.6g, deterministic held-out %.6g, keeping all %.6g),"
          + " drop fraction %.3f, %.1f s", t, s.iterations(), it.rewardMean(), it.heldoutMean(),
          it.deterministicHeldout(), it.fullHeldout(), 1 - it.keepRate(), it.seconds());
      if (it.deterministicHeldout() > bestHeldout) {
        bestHeldout = it.deterministicHeldout();
        best = policy;
        bestIteration = t;
        stall = 0;
      } else if (s.patience() > 0 && ++stall >= s.patience()) {
        early = t < s.iterations();
        break;
      }
      policy = budget.project(adam.step(policy.weights(), gw));
    }
    return new Result(best, bestIteration, early, curve);
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double sd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / Math.max(1, v.length - 1));
  }

  static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
