package io.recvalue.valuation.math;

import io.recvalue.core.seed.Seeds;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Seeded negative items for held-out positives: for the positive {@code (u, i)} the generator is
 * seeded by {@code Seeds.derive(root, purpose, u·numItems + i)}, so the sample depends on the pair,
 * the set of known pairs and the root seed, never on the order of the positives. Negatives avoid
 * every known pair (training interactions and held-out positives).
 *
 * <p>{@link #forPositive} is the draw itself, a pure function of the pair, the seed and the user's
 * known items; the local {@link #sample} and the distributed sample on Spark both call it, so they
 * agree seed for seed.
 */
public final class NegativeSampler {
  /** Default seed purpose for validation negatives. */
  public static final String PURPOSE = "value.validation.negatives";
  private static final int MAX_TRIES_PER_ITEM = 64;

  private NegativeSampler() {}

  /**
   * For each positive {@code p}, {@code perPositive} negative items of user {@code users[p]};
   * returns the negative items, positive-major ({@code perPositive} consecutive per positive).
   */
  public static int[] sample(int[] users, int[] items, Interactions known, int perPositive,
      long rootSeed, String purpose) {
    int numItems = known.numItems();
    Set<Long> seen = knownPairs(users, items, known);
    int[] out = new int[users.length * perPositive];
    for (int p = 0; p < users.length; p++) {
      long user = users[p];
      int[] negatives = forPositive(users[p], items[p], perPositive, numItems, rootSeed, purpose,
          i -> seen.contains(user * numItems + i));
      System.arraycopy(negatives, 0, out, p * perPositive, perPositive);
    }
    return out;
  }

  /**
   * The {@code perPositive} negatives of the positive {@code (user, item)}: a generator seeded by
   * {@code Seeds.derive(rootSeed, purpose, user·numItems + item)} proposes items uniformly from
   * {@code 0..numItems−1} until one is not {@code known} to the user, once per negative.
   *
   * @throws IllegalArgumentException naming the user after {@code 64·numItems} rejected proposals
   */
  public static int[] forPositive(int user, int item, int perPositive, int numItems, long rootSeed,
      String purpose, IntPredicate known) {
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(rootSeed, purpose, (long) user * numItems + item));
    int[] out = new int[perPositive];
    for (int q = 0; q < perPositive; q++) {
      out[q] = drawUnseen(rnd, user, numItems, known);
    }
    return out;
  }

  private static int drawUnseen(SplittableRandom rnd, int user, int numItems, IntPredicate known) {
    for (long t = 0; t < (long) MAX_TRIES_PER_ITEM * numItems; t++) {
      int i = rnd.nextInt(numItems);
      if (!known.test(i)) {
        return i;
      }
    }
    throw new IllegalArgumentException("user " + user + " has no unseen item among " + numItems);
  }

  private static Set<Long> knownPairs(int[] users, int[] items, Interactions known) {
    long n = known.numItems();
    Set<Long> seen = new HashSet<>();
    for (int j = 0; j < known.size(); j++) {
      seen.add(known.user(j) * n + known.item(j));
    }
    for (int p = 0; p < users.length; p++) {
      seen.add(users[p] * n + items[p]);
    }
    return seen;
  }
}
