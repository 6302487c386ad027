package io.recvalue.valuation.math;

import io.recvalue.core.seed.Seeds;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded negative items for held-out positives: for the positive {@code (u, i)} the generator is
 * seeded by {@code Seeds.derive(root, purpose, u·numItems + i)}, so the sample depends on the pair
 * the set of known pairs and the root seed, never on the order of the positives. Negatives avoid
 * every known pair (training interactions and held-out positives).
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
      long key = (long) users[p] * numItems + items[p];
      SplittableRandom rnd = new SplittableRandom(Seeds.derive(rootSeed, purpose, key));
      for (int q = 0; q < perPositive; q++) {
        out[p * perPositive + q] = drawUnseen(rnd, users[p], numItems, seen);
      }
    }
    return out;
  }

  private static int drawUnseen(SplittableRandom rnd, int user, int numItems, Set<Long> seen) {
    for (int t = 0; t < MAX_TRIES_PER_ITEM * numItems; t++) {
      int i = rnd.nextInt(numItems);
      if (!seen.contains((long) user * numItems + i)) {
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
