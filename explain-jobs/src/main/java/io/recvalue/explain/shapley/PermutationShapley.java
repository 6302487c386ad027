package io.recvalue.explain.shapley;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Monte Carlo permutation estimate of the interventional Shapley values (the team's methods
 * reference, §7), with antithetic pairs, a standard error per feature and a relative stopping rule.
 *
 * <p><b>One sample.</b> Draw a permutation {@code π} of the features and a background row {@code z}.
 * Start from {@code h = z}; for {@code k = 1..n} set {@code h_{π_k} = x_{π_k}} and credit feature
 * {@code π_k} with the change of {@code g(h)}. The expected credit of {@code f} over uniform
 * {@code π} and {@code z} is exactly {@code φ_f}, and the credits of one permutation telescope to
 * {@code g(x) − g(z)}. The antithetic partner walks the reversed permutation with the same {@code z};
 * the pair's mean credits are one sample (features early in one order are late in the other, which
 * cancels much of the order noise).
 *
 * <p><b>Rounds.</b> Background rows are not drawn independently: each round visits every one of the
 * {@code B} rows once, in a seeded shuffled order, with a fresh permutation each. After {@code r}
 * rounds every row has been used {@code r} times, so the credits sum to exactly
 * {@code g(x) − (1/B) Σ_b g(z_b)}: efficiency holds for every estimate, not only in expectation.
 *
 * <p><b>Standard error.</b> {@code SE_f = sd_f / √m} over the {@code m} pair samples, treating them
 * as independent; stratifying the background rows only lowers the true variance, so this SE is
 * conservative. The rule is checked after each round: stop when {@code max SE / range ≤ tolerance}
 * (see {@link ShapleyEstimate#maxSeOverRange}) or when another round would pass the permutation cap.
 *
 * <p><b>Any game.</b> The sampler is written for a list of {@link CoalitionGame}s whose mean is
 * explained: the background's one-row games here, a single game repeated {@code m} times for a game
 * without a background (each round is then {@code m} antithetic pairs, and every walk telescopes to
 * {@code v(F) − v(∅)}, so efficiency again holds for every estimate).
 *
 * <p>Everything random comes from one {@link SplittableRandom} seeded by the caller, so an estimate
 * is a pure function of (games, rule, seed).
 */
public final class PermutationShapley {
  private PermutationShapley() {}

  /** The interventional estimate: the rounds visit the one-row games of the background. */
  public static ShapleyEstimate estimate(
      Regressor model, double[] x, double[][] background, StoppingRule rule, long seed) {
    InterventionalGame game = new InterventionalGame(model, x, background);
    int rows = background.length;
    if (rule.maxRounds(rows) < 1) {
      throw new IllegalArgumentException("a permutation cap of " + rule.maxPermutations()
          + " does not allow one round over a background of " + rows + " rows (needs " + 2 * rows + ")");
    }
    return estimate(game.rowGames(), rule, seed);
  }

  /**
   * Antithetic permutation estimate of the Shapley values of the mean of {@code games} (all with the
   * same players and the same {@code v(F)}). Each round visits every game once, in a seeded shuffled
   * order, with a fresh permutation and its reverse; the rule is checked after each round. A single
   * game listed {@code m} times is sampled {@code m} antithetic pairs per round.
   *
   * @return the estimate; {@code prediction} is {@code v(F)}, {@code baseValue} the mean {@code v(∅)}
   */
  public static ShapleyEstimate estimate(List<? extends CoalitionGame> games, StoppingRule rule, long seed) {
    int rows = games.size();
    if (rows == 0) {
      throw new IllegalArgumentException("no game to sample");
    }
    int maxRounds = rule.maxRounds(rows);
    if (maxRounds < 1) {
      throw new IllegalArgumentException("a permutation cap of " + rule.maxPermutations()
          + " does not allow one round of " + rows + " antithetic pairs (needs " + 2 * rows + ")");
    }
    int n = games.get(0).players();
    SplittableRandom random = new SplittableRandom(seed);
    double gx = games.get(0).fullValue();
    double base = 0;
    for (CoalitionGame g : games) {
      if (g.players() != n) {
        throw new IllegalArgumentException("games of " + n + " and " + g.players() + " players cannot be averaged");
      }
      base += g.emptyValue();
    }
    base /= rows;

    double[] mean = new double[n];
    double[] m2 = new double[n];
    double[] forward = new double[n];
    double[] backward = new double[n];
    int[] order = new int[n];
    int[] rowOrder = new int[rows];
    long samples = 0;
    double[] phi = new double[n];
    double[] se = new double[n];
    double ratio = Double.POSITIVE_INFINITY;
    boolean converged = false;
    int rounds = 0;
    while (rounds < maxRounds) {
      shuffledIdentity(rowOrder, random);
      for (int b : rowOrder) {
        shuffledIdentity(order, random);
        CoalitionGame g = games.get(b);
        g.walk(order, false, forward);
        g.walk(order, true, backward);
        samples++;
        for (int f = 0; f < n; f++) {
          double s = 0.5 * (forward[f] + backward[f]);
          double delta = s - mean[f];
          mean[f] += delta / samples;
          m2[f] += delta * (s - mean[f]);
        }
      }
      rounds++;
      summarise(mean, m2, samples, phi, se);
      ratio = ShapleyEstimate.maxSeOverRange(phi, se);
      if (samples >= 2 && ratio <= rule.tolerance()) {
        converged = true;
        break;
      }
    }
    return new ShapleyEstimate(phi, se, gx, base, 2 * rounds * rows, ratio, converged);
  }

  /** Running means and sums of squared deviations (Welford) to estimates and standard errors. */
  private static void summarise(double[] mean, double[] m2, long m, double[] phi, double[] se) {
    for (int f = 0; f < mean.length; f++) {
      phi[f] = mean[f];
      se[f] = m < 2 ? Double.POSITIVE_INFINITY : Math.sqrt(m2[f] / (m - 1) / m);
    }
  }

  /** Fisher–Yates shuffle of {@code 0..a.length-1}. */
  public static void shuffledIdentity(int[] a, SplittableRandom random) {
    for (int k = 0; k < a.length; k++) {
      a[k] = k;
    }
    for (int k = a.length - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      int t = a[k];
      a[k] = a[j];
      a[j] = t;
    }
  }
}
