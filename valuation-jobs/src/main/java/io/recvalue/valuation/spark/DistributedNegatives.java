package io.recvalue.valuation.spark;

import io.recvalue.core.seed.Seeds;
import io.recvalue.valuation.math.NegativeSampler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;

/**
 * Seeded negatives for held-out positives, drawn on Spark exactly as the local
 * {@link NegativeSampler} draws them: for the positive {@code (u, i)} a generator seeded by
 * {@code Seeds.derive(root, NegativeSampler.PURPOSE, u·numItems + i)} proposes items until one is
 * not among the user's known items (training and held-out positives). The known items are
 * gathered per user by an aggregation, so the sample depends on the data and the seed, never on
 * partitioning or order.
 */
public final class DistributedNegatives {
  private static final int MAX_TRIES_PER_ITEM = 64;

  private DistributedNegatives() {}

  /**
   * Triples {@code {user, positive item, negative item}}, {@code perPositive} per positive.
   *
   * @param known every known {@code (user, item)} pair (training interactions)
   * @param positives the held-out positives {@code (user, item)}
   * @param numItems the item index range {@code 0..numItems−1} negatives are drawn from
   */
  public static JavaRDD<int[]> sample(JavaPairRDD<Integer, Integer> known,
      JavaPairRDD<Integer, Integer> positives, int perPositive, long rootSeed, int numItems,
      Partitioner userPart) {
    if (perPositive < 1) {
      throw new IllegalArgumentException("negativesPerPositive must be >= 1, got " + perPositive);
    }
    JavaPairRDD<Integer, HashSet<Integer>> seen = known.union(positives)
        .aggregateByKey(new HashSet<Integer>(), userPart, (set, i) -> {
          set.add(i);
          return set;
        }, (a, b) -> {
          a.addAll(b);
          return a;
        });
    return positives.join(seen, userPart).flatMap(t -> draw(t._1, t._2._1, t._2._2, perPositive,
        rootSeed, numItems).iterator());
  }

  private static List<int[]> draw(int user, int item, Set<Integer> seen, int perPositive,
      long rootSeed, int numItems) {
    long key = (long) user * numItems + item;
    SplittableRandom rnd = new SplittableRandom(
        Seeds.derive(rootSeed, NegativeSampler.PURPOSE, key));
    List<int[]> out = new ArrayList<>(perPositive);
    for (int q = 0; q < perPositive; q++) {
      out.add(new int[] {user, item, drawUnseen(rnd, user, numItems, seen)});
    }
    return out;
  }

  private static int drawUnseen(SplittableRandom rnd, int user, int numItems, Set<Integer> seen) {
    for (long t = 0; t < (long) MAX_TRIES_PER_ITEM * numItems; t++) {
      int i = rnd.nextInt(numItems);
      if (!seen.contains(i)) {
        return i;
      }
    }
    throw new IllegalArgumentException("user " + user + " has no unseen item among " + numItems);
  }
}
