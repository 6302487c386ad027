package io.recvalue.explain.groups;

import io.recvalue.core.seed.Seeds;
import io.recvalue.explain.shapley.PermutationShapley;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which coalitions of groups are re-solved, and which of them fit the learnt surrogate and which judge
 * it. With few groups ({@code 2^G ≤ } the enumeration cap) every coalition is re-solved, which gives
 * the exact Shapley values; a seeded half of them (at most the fit budget) fits the surrogate and the
 * rest are held out. With more groups, coalitions are drawn uniformly (each group in with probability
 * ½, Datamodels' α = ½), distinct, the full coalition always among the re-solved ones.
 *
 * @param groups players {@code G}
 * @param fit coalitions the surrogate is fitted on
 * @param heldout coalitions it is judged on (the LDS)
 * @param exhaustive whether {@code fit ∪ heldout} is every coalition
 */
public record Coalitions(int groups, long[] fit, long[] heldout, boolean exhaustive) {

  /** The full coalition: every group in. */
  public long full() {
    return (1L << groups) - 1;
  }

  /** Every re-solved coalition, fitted ones first. */
  public long[] all() {
    long[] a = Arrays.copyOf(fit, fit.length + heldout.length);
    System.arraycopy(heldout, 0, a, fit.length, heldout.length);
    return a;
  }

  /**
   * The plan: every coalition when {@code 2^groups ≤ enumerateUpTo}, otherwise {@code fitBudget +
   * heldoutBudget} distinct uniform draws (with the full coalition), seeded by {@code seed}.
   */
  public static Coalitions plan(int groups, int fitBudget, int heldoutBudget, int enumerateUpTo, long seed) {
    if (groups < 1 || groups > 30) {
      throw new IllegalArgumentException("explain.groups.count must be 1 to 30, got " + groups);
    }
    long total = 1L << groups;
    if (total <= enumerateUpTo) {
      int[] shuffled = new int[(int) total];
      PermutationShapley.shuffledIdentity(shuffled, new SplittableRandom(Seeds.derive(seed, "explain.groups.split")));
      long[] order = Arrays.stream(shuffled).asLongStream().toArray();
      int nFit = (int) Math.min(fitBudget, total / 2);
      return new Coalitions(groups, Arrays.copyOf(order, nFit), Arrays.copyOfRange(order, nFit, order.length), true);
    }
    int wanted = (int) Math.min(total, (long) fitBudget + heldoutBudget);
    Set<Long> drawn = new LinkedHashSet<>();
    long counter = 0;
    while (drawn.size() < wanted) {
      long mask = 0;
      for (int g = 0; g < groups; g++) {
        if (Seeds.uniform(seed, "explain.groups.coalition", counter * 64 + g) < 0.5) {
          mask |= 1L << g;
        }
      }
      counter++;
      drawn.add(mask);
    }
    long[] all = drawn.stream().mapToLong(Long::longValue).toArray();
    long full = total - 1;
    int nFit = Math.min(fitBudget, all.length - 1);
    long[] fit = Arrays.copyOf(all, nFit);
    long[] held = Arrays.copyOfRange(all, nFit, all.length);
    if (!drawn.contains(full)) {
      fit = Arrays.copyOf(fit, fit.length + 1);
      fit[fit.length - 1] = full;
    }
    return new Coalitions(groups, fit, held, false);
  }
}
