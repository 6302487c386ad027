package io.recvalue.valuation.pg;

import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.linalg.JavaCholeskySolver;
import java.io.Serializable;

/**
 * One entity (a user, or an item) and everything its episodes need, on one side of the model: its
 * training interactions (the other side's factor {@code o_j} at {@code θ*}, rating, weight,
 * standardised features, ids for the masks) and the validation pairs it takes part in (the other
 * side's factor, target {@code t_v}, and its weight {@code c_v} in the reward or the held-out loss).
 *
 * <p><b>An episode.</b> With the other side fixed at {@code θ*}, the entity's factor after dropping
 * the rows an episode's mask drops is the exact minimiser of its part of the weighted ALS objective:
 * one half-step of ALS on the masked data,
 * <pre>  (Σ_{kept} w_j o_j o_jᵀ + λ Σ_{kept} w_j I) x = Σ_{kept} w_j r_j o_j</pre>
 * (implicit: {@code (OᵀO + Σ_{kept} w_j(c_j − 1) o_j o_jᵀ + λ Σ_{kept} w_j I) x = Σ_{kept} w_j c_j o_j},
 * a dropped pair becoming unobserved). An entity with no kept row has no data: its factor is 0. Its
 * reward is minus its share of the validation loss, {@code −Σ_v c_v (t_v − x·o_v)²}; summed over the
 * entities of a side, that is minus the validation loss of the half-step response.
 *
 * <p><b>Local credit.</b> An entity's reward depends only on the masks of its own rows, so the
 * REINFORCE terms of a row need only its entity's rewards: summing
 * {@code (R_{k,e} − b_{k,e})(m_kj − p_j)(f_j, 1)} over the rows {@code j} of each entity {@code e} is an
 * unbiased estimate of {@code ∇ E[Σ_e R_e]}, without the other entities' noise (the cross terms have
 * mean zero, since masks are independent across rows).
 *
 * <p>The matrices are downdated from the all-rows system when the mask drops fewer than half the
 * rows, and accumulated from the kept rows otherwise; both give the same system to rounding.
 */
public final class EpisodeBlock implements Serializable {
  private static final long serialVersionUID = 1L;
  final int[] users;
  final int[] items;
  final double[] other;
  final double[] ratings;
  final double[] weights;
  final double[] features;
  final double[] validationOther;
  final double[] targets;
  final double[] scales;
  final boolean[] heldout;

  /**
   * @param users user index of each row
   * @param items item index of each row
   * @param other {@code n × k}: the other side's factor of each row
   * @param features {@code n × d}: standardised features of each row
   * @param validationOther {@code m × k}: the other side's factor of each validation pair
   * @param targets target of each validation pair
   * @param scales weight {@code c_v > 0} of each validation pair in its loss
   * @param heldout whether a validation pair belongs to the held-out split
   */
  public EpisodeBlock(int[] users, int[] items, double[] other, double[] ratings, double[] weights,
      double[] features, double[] validationOther, double[] targets, double[] scales, boolean[] heldout) {
    this.users = users;
    this.items = items;
    this.other = other;
    this.ratings = ratings;
    this.weights = weights;
    this.features = features;
    this.validationOther = validationOther;
    this.targets = targets;
    this.scales = scales;
    this.heldout = heldout;
  }

  public int rows() {
    return users.length;
  }

  public int validationPairs() {
    return targets.length;
  }

  /**
   * Runs the iteration's episodes on this entity and adds what they give to {@code acc}: the
   * stochastic episodes of {@code masks}, keeping everything, and the deterministic policy (keep when
   * the logit plus its {@link EpisodeMasks#tieBreak} is at least {@code threshold}).
   */
  public void accumulate(Policy policy, EpisodeMasks masks, double threshold, HalfStepModel model,
      PgAccumulator acc) {
    int n = rows();
    int d = policy.features();
    int episodes = masks.episodes();
    double[] p = new double[n];
    boolean[] kept = new boolean[n * episodes];
    boolean[] deterministic = new boolean[n];
    int deterministicKept = 0;
    for (int j = 0; j < n; j++) {
      double z = policy.logit(features, j * d);
      long key = EpisodeMasks.pairKey(users[j], items[j]);
      p[j] = Policy.sigmoid(z);
      deterministic[j] = z + EpisodeMasks.tieBreak(key) >= threshold;
      deterministicKept += deterministic[j] ? 1 : 0;
      for (int k = 0; k < episodes; k++) {
        kept[j * episodes + k] = masks.kept(k, key, p[j]);
      }
    }
    if (model.countsRows()) {
      for (double x : p) {
        acc.sumKeep += x;
      }
      acc.deterministicKept += deterministicKept;
      acc.rows += n;
    }
    if (validationPairs() == 0) {
      return;
    }
    Systems s = new Systems(model);
    double[] full = s.solve(null, 0, 1, n);
    acc.fullReward += loss(full, false);
    acc.fullHeldout += loss(full, true);
    double[] det = s.solve(deterministic, 0, 1, n - deterministicKept);
    acc.deterministicReward += loss(det, false);
    acc.deterministicHeldout += loss(det, true);
    double[] rewards = new double[episodes];
    for (int k = 0; k < episodes; k++) {
      int dropped = 0;
      for (int j = 0; j < n; j++) {
        dropped += kept[j * episodes + k] ? 0 : 1;
      }
      double[] x = s.solve(kept, k, episodes, dropped);
      rewards[k] = loss(x, false);
      acc.reward[k] += rewards[k];
      acc.heldout[k] += loss(x, true);
    }
    acc.addScoreTerms(rewards, kept, features, n);
  }

  /**
   * The reward ({@code heldoutSplit} false) or held-out reward of the entity after keeping the rows
   * with {@code keep[j]}: one episode with a given mask, for checks against enumeration.
   */
  double reward(boolean[] keep, HalfStepModel model, boolean heldoutSplit) {
    int dropped = 0;
    for (boolean b : keep) {
      dropped += b ? 0 : 1;
    }
    return loss(new Systems(model).solve(keep, 0, 1, dropped), heldoutSplit);
  }

  /** The factor after keeping the rows with {@code keep[j]}, by the downdate or the direct sum as {@code downdate} says. */
  double[] factor(boolean[] keep, HalfStepModel model, boolean downdate) {
    Systems s = new Systems(model);
    return downdate ? s.downdated(keep, 0, 1) : s.accumulated(keep, 0, 1);
  }

  /** {@code −Σ_v c_v (t_v − x·o_v)²} over the reward pairs ({@code heldoutSplit} false) or the held-out ones. */
  double loss(double[] x, boolean heldoutSplit) {
    int k = x.length;
    double s = 0;
    for (int v = 0; v < targets.length; v++) {
      if (heldout[v] == heldoutSplit) {
        double e = targets[v] - NormalEquations.dot(k, x, 0, validationOther, v * k);
        s += scales[v] * e * e;
      }
    }
    return -s;
  }

  /** The entity's normal equations, built once with every row and then edited per mask. */
  final class Systems {
    private final HalfStepModel m;
    private final int k;
    private final double[] a0;
    private final double[] b0;
    private final double w0;

    Systems(HalfStepModel m) {
      this.m = m;
      this.k = m.k();
      a0 = new double[k * k];
      b0 = new double[k];
      w0 = addRows(a0, b0, null, 0, 1, true);
    }

    /**
     * The factor after keeping the rows {@code keep[j * stride + offset]} ({@code keep == null}:
     * every row), {@code dropped} of them dropped.
     */
    double[] solve(boolean[] keep, int offset, int stride, int dropped) {
      if (keep == null || dropped == 0) {
        return finishAndSolve(a0.clone(), b0.clone(), w0);
      }
      return 2 * dropped < rows() ? downdated(keep, offset, stride) : accumulated(keep, offset, stride);
    }

    /** The all-rows system with the dropped rows taken out. */
    double[] downdated(boolean[] keep, int offset, int stride) {
      double[] a = a0.clone();
      double[] b = b0.clone();
      double w = w0 - addRows(a, b, keep, offset, stride, false);
      return finishAndSolve(a, b, w);
    }

    /** The system summed over the kept rows. */
    double[] accumulated(boolean[] keep, int offset, int stride) {
      double[] a = new double[k * k];
      double[] b = new double[k];
      double w = addRows(a, b, keep, offset, stride, true);
      return finishAndSolve(a, b, w);
    }

    private double[] finishAndSolve(double[] a, double[] b, double w) {
      if (!(w > 1e-12 * Math.max(1, w0))) {
        return new double[k];
      }
      NormalEquations.finish(k, a, 0, m.lambda() * w, m.implicit() ? m.gram() : null);
      JavaCholeskySolver.solveAt(k, a, 0, b, 0);
      return b;
    }

    /**
     * Adds the rows whose keep flag equals {@code sign} (all rows when {@code keep == null}) to
     * {@code a, b} with weight {@code +w} ({@code sign} true) or {@code −w} (false: the dropped rows
     * taken out of the all-rows system); returns the weight sum of the rows it touched.
     */
    private double addRows(double[] a, double[] b, boolean[] keep, int offset, int stride, boolean sign) {
      double total = 0;
      double unit = sign ? 1 : -1;
      for (int j = 0; j < rows(); j++) {
        if (keep != null && keep[j * stride + offset] != sign) {
          continue;
        }
        NormalEquations.add(k, a, 0, b, 0, other, j * k, ratings[j], unit * weights[j], m.implicit(), m.alpha());
        total += weights[j];
      }
      return total;
    }
  }
}
