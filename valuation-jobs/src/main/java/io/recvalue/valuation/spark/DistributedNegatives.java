package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.NegativeSampler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;

/**
 * Seeded negatives for held-out positives on Spark, drawn by the local sampler's own function
 * ({@link NegativeSampler#forPositive}, purpose {@link NegativeSampler#PURPOSE}) from the user's known
 * items (training and held-out positives). The known items are gathered per user by an aggregation,
 * so the sample depends on the data and the seed, never on partitioning or order, and equals the
 * local {@link NegativeSampler#sample} seed for seed.
 */
public final class DistributedNegatives {
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
    int[] negatives = NegativeSampler.forPositive(user, item, perPositive, numItems, rootSeed,
        NegativeSampler.PURPOSE, seen::contains);
    List<int[]> out = new ArrayList<>(perPositive);
    for (int negative : negatives) {
      out.add(new int[] {user, item, negative});
    }
    return out;
  }
}
