package io.recvalue.explain.shapley;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Antithetic permutation estimate of the Shapley values of one game, stratified by the size of the
 * coalition a player joins, with exact end strata and the efficiency constraint imposed.
 *
 * <p><b>Strata.</b> {@code φ_f = (1/n) Σ_{s=0}^{n−1} E[v(S ∪ {f}) − v(S)]} over uniform {@code s}-subsets
 * {@code S} of the other players. In a uniform random permutation the position of {@code f} is uniform
 * and, given position {@code s}, the players before it are a uniform {@code s}-subset: a permutation
 * walk ({@link CoalitionGame#walk}) yields one sample of each player's marginal change in the stratum of
 * its position. The two end strata are single coalitions, {@code v({f}) − v(∅)} and
 * {@code v(F) − v(F∖{f})}: they are computed exactly ({@code 2n} worths). The middle positions
 * {@code 1 .. n−2} are grouped into at most {@value #MIDDLE_BINS} bins of consecutive sizes; bin
 * {@code b} holding {@code |b|} positions has weight {@code |b|/n}, and within it a sample is equally
 * likely at each of its positions, so its mean estimates the bin's share without bias. Then
 *
 * <pre>
 *   φ̂_f = [v({f}) − v(∅) + v(F) − v(F∖{f})] / n + Σ_b (|b|/n) mean_b(f),
 *   σ_f² = Σ_b (|b|/n)² s²_b(f) / m_b(f)
 * </pre>
 *
 * (sample variance {@code s²} over {@code m} samples). Where marginal changes depend mostly on the
 * coalition's size, as in a user's ridge regression (one event alone moves the factor much more than the
 * hundredth), this removes most of the variance of plain permutation sampling. The antithetic partner
 * of a walk puts {@code f} at position {@code n−1−s}: its sample falls in another bin (or the same one)
 * and is counted as independent; the pair is negatively correlated, so {@code σ_f} is conservative.
 *
 * <p><b>Efficiency.</b> The strata do not telescope, so {@code Σ φ̂} misses {@code v(F) − v(∅)} by
 * sampling error. The estimate returned is the closest one that meets it, in the metric of the
 * variances: minimising {@code Σ (φ_f − φ̂_f)² / σ_f²} subject to {@code Σ φ_f = v(F) − v(∅)} gives
 *
 * <pre>
 *   φ_f = φ̂_f + (σ_f² / Σ_g σ_g²) · (v(F) − v(∅) − Σ_g φ̂_g),   SE_f² = σ_f² − σ_f⁴ / Σ_g σ_g²
 * </pre>
 *
 * (the variance of the adjusted estimate when the {@code φ̂_f} are independent), so every estimate is
 * efficient to rounding. After each round of {@code pairsPerRound} antithetic pairs the stopping rule is
 * checked as for {@link PermutationShapley}; the SEs are infinite until every bin of every player holds
 * two samples. Everything random comes from one {@link SplittableRandom} seeded by the caller.
 */
public final class StratifiedPermutationShapley {
  /** Most bins of the middle coalition sizes. */
  public static final int MIDDLE_BINS = 16;

  private StratifiedPermutationShapley() {}

  /**
   * @param game the game ({@code value(boolean[])} is called {@code 2n + 2} times, the rest by walks)
   * @param rule when to stop; its cap counts each walk of a pair as a permutation
   * @param pairsPerRound antithetic pairs between two checks of the rule
   * @param seed the seed of the permutations
   */
  public static ShapleyEstimate estimate(CoalitionGame game, StoppingRule rule, int pairsPerRound, long seed) {
    int n = game.players();
    if (n < 1) {
      throw new IllegalArgumentException("a game needs at least one player");
    }
    int maxRounds = rule.maxRounds(pairsPerRound);
    if (maxRounds < 1) {
      throw new IllegalArgumentException("a permutation cap of " + rule.maxPermutations()
          + " does not allow one round of " + pairsPerRound + " antithetic pairs (needs " + 2 * pairsPerRound + ")");
    }
    double empty = game.emptyValue();
    double full = game.fullValue();
    double[] ends = endStrata(game, empty, full);
    int middle = Math.max(0, n - 2);
    int bins = Math.min(middle, MIDDLE_BINS);
    if (bins == 0) {
      double[] phi = n == 1 ? new double[] {full - empty} : ends;
      return new ShapleyEstimate(phi, new double[n], full, empty, 0, 0, true);
    }
    double[] weight = new double[bins];
    for (int p = 1; p <= middle; p++) {
      weight[bin(p, bins, middle)] += 1.0 / n;
    }
    double[] sum = new double[n * bins];
    double[] sumSq = new double[n * bins];
    int[] count = new int[n * bins];
    SplittableRandom random = new SplittableRandom(seed);
    int[] order = new int[n];
    double[] credit = new double[n];
    double[] phi = new double[n];
    double[] se = new double[n];
    double ratio = Double.POSITIVE_INFINITY;
    boolean converged = false;
    int rounds = 0;
    while (rounds < maxRounds) {
      for (int pair = 0; pair < pairsPerRound; pair++) {
        PermutationShapley.shuffledIdentity(order, random);
        for (int reversed = 0; reversed < 2; reversed++) {
          game.walk(order, reversed == 1, credit);
          for (int p = 1; p <= middle; p++) {
            int f = order[reversed == 1 ? n - 1 - p : p];
            int cell = f * bins + bin(p, bins, middle);
            sum[cell] += credit[f];
            sumSq[cell] += credit[f] * credit[f];
            count[cell]++;
          }
        }
      }
      rounds++;
      summarise(ends, weight, sum, sumSq, count, full - empty, phi, se);
      ratio = ShapleyEstimate.maxSeOverRange(phi, se);
      if (ratio <= rule.tolerance()) {
        converged = true;
        break;
      }
    }
    return new ShapleyEstimate(phi, se, full, empty, 2 * rounds * pairsPerRound, ratio, converged);
  }

  /** {@code [v({f}) − v(∅) + v(F) − v(F∖{f})] / n} for every player. */
  private static double[] endStrata(CoalitionGame game, double empty, double full) {
    int n = game.players();
    double[] ends = new double[n];
    boolean[] one = new boolean[n];
    boolean[] allBut = new boolean[n];
    Arrays.fill(allBut, true);
    for (int f = 0; f < n; f++) {
      one[f] = true;
      allBut[f] = false;
      ends[f] = (game.value(one) - empty + full - game.value(allBut)) / n;
      one[f] = false;
      allBut[f] = true;
    }
    return ends;
  }

  /** The bin of middle position {@code p} ({@code 1 .. middle}). */
  private static int bin(int p, int bins, int middle) {
    return (int) ((long) (p - 1) * bins / middle);
  }

  /**
   * Stratified means and variances, then the efficiency adjustment. A bin without two samples yet (only
   * possible under a cap of a few rounds) takes the mean of the player's other middle samples and makes
   * its SE infinite; the residual is then shared equally, so the estimate stays efficient.
   */
  private static void summarise(double[] ends, double[] weight, double[] sum, double[] sumSq, int[] count,
      double total, double[] phi, double[] se) {
    int n = ends.length;
    int bins = weight.length;
    double[] variance = new double[n];
    double varianceSum = 0;
    double phiSum = 0;
    for (int f = 0; f < n; f++) {
      double allSum = 0;
      int allCount = 0;
      for (int b = 0; b < bins; b++) {
        allSum += sum[f * bins + b];
        allCount += count[f * bins + b];
      }
      double fallback = allCount > 0 ? allSum / allCount : 0.0;
      double v = ends[f];
      double var = 0;
      for (int b = 0; b < bins; b++) {
        int cell = f * bins + b;
        int m = count[cell];
        if (m < 2) {
          v += weight[b] * (m == 1 ? sum[cell] : fallback);
          var = Double.POSITIVE_INFINITY;
          continue;
        }
        double mean = sum[cell] / m;
        double s2 = Math.max(0, (sumSq[cell] - m * mean * mean) / (m - 1));
        v += weight[b] * mean;
        var += weight[b] * weight[b] * s2 / m;
      }
      phi[f] = v;
      variance[f] = var;
      varianceSum += var;
      phiSum += v;
    }
    double residual = total - phiSum;
    boolean finite = Double.isFinite(varianceSum) && varianceSum > 0;
    for (int f = 0; f < n; f++) {
      phi[f] += (finite ? variance[f] / varianceSum : 1.0 / n) * residual;
      se[f] = !Double.isFinite(varianceSum) ? Double.POSITIVE_INFINITY
          : Math.sqrt(Math.max(0, variance[f] - (finite ? variance[f] * variance[f] / varianceSum : 0)));
    }
  }
}
