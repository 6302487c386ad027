package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * NDCG@K and Recall@K by MLlib's RankingMetrics against their written definitions (binary relevance;
 * {@code DCG = Σ_{r<K} rel_r / log2(r + 2)}, IDCG over {@code min(K, |relevant|)} hits; recall over
 * {@code |relevant|}): a hand-computed case with more relevant items than K, fewer predictions than K
 * and no hit, and random cases.
 */
@SparkTest
class RankingMetricsTest {
  private final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());

  @Test
  void handComputedCase() {
    List<Tuple2<int[], int[]>> users = List.of(
        new Tuple2<>(new int[] {5, 3, 9}, new int[] {3, 7}),          // one hit at rank 2 of 2 relevant
        new Tuple2<>(new int[] {1, 2, 3}, new int[] {1, 2, 3, 4, 5}), // K = 3 hits of 5 relevant
        new Tuple2<>(new int[] {4}, new int[] {8}));                  // one prediction, no hit
    double l2 = 1 / log2(3);
    double ndcg = (l2 / (1 + l2) + 1 + 0) / 3;
    double recall = (1.0 / 2 + 3.0 / 5 + 0) / 3;
    Metrics.Ranking r = Metrics.ranking(jsc.parallelize(users, 2), 3);
    assertEquals(ndcg, r.ndcg(), 1e-15);
    assertEquals(recall, r.recall(), 1e-15);
    assertEquals(3, r.users());
  }

  @Test
  void randomCasesMatchTheDefinitions() {
    SplittableRandom rnd = new SplittableRandom(17);
    for (int k : new int[] {1, 5, 10}) {
      List<Tuple2<int[], int[]>> users = new ArrayList<>();
      double ndcg = 0;
      double recall = 0;
      for (int u = 0; u < 40; u++) {
        int[] predicted = rnd.ints(0, 30).distinct().limit(rnd.nextInt(k + 1)).toArray();
        int[] relevant = rnd.ints(0, 30).distinct().limit(1 + rnd.nextInt(12)).sorted().toArray();
        users.add(new Tuple2<>(predicted, relevant));
        ndcg += ndcg(predicted, relevant, k) / 40;
        recall += recall(predicted, relevant) / 40;
      }
      Metrics.Ranking r = Metrics.ranking(jsc.parallelize(users, 3), k);
      assertEquals(ndcg, r.ndcg(), 1e-12, "K=" + k);
      assertEquals(recall, r.recall(), 1e-12, "K=" + k);
      assertEquals(40, r.users());
    }
  }

  private static double ndcg(int[] predicted, int[] relevant, int k) {
    double dcg = 0;
    for (int r = 0; r < predicted.length; r++) {
      dcg += Arrays.binarySearch(relevant, predicted[r]) >= 0 ? 1 / log2(r + 2) : 0;
    }
    double idcg = 0;
    for (int r = 0; r < Math.min(k, relevant.length); r++) {
      idcg += 1 / log2(r + 2);
    }
    return dcg / idcg;
  }

  private static double recall(int[] predicted, int[] relevant) {
    return Arrays.stream(predicted).filter(i -> Arrays.binarySearch(relevant, i) >= 0).count() / (double) relevant.length;
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }
}
