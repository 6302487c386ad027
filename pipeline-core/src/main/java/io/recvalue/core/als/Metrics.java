package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.pow;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.evaluation.RankingMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Evaluation of a factor model, shared by our ALS and MLlib's (after {@link MllibAlsReference} converts
 * its factors), so that comparisons are like for like.
 *
 * <p>Ranking: for each test user with factors, every item with factors that is not among the user's
 * training interactions is scored {@code x_u·y_i} and the top {@code K} kept ({@link TopK}); relevance
 * is binary (the user's distinct test items). Scores are computed block against block (users and items
 * each in {@code numBlocks} groups, one task per pair); neither factor table is collected. The metrics
 * of the (predicted list, relevant items) pairs are MLlib's {@link RankingMetrics}, whose binary
 * definitions are these: {@code NDCG@K = DCG/IDCG} with {@code DCG = Σ_{r<K} rel_r / log(r + 2)} and
 * {@code IDCG} the same for {@code min(K, |test items|)} hits (the base of the logarithm cancels);
 * {@code Recall@K = hits / |test items|}; both averaged over the users. Test items without factors or
 * seen in training count as misses.
 */
public final class Metrics {
  private Metrics() {}

  /** Mean NDCG@K and Recall@K over the evaluated users, and how many users were evaluated. */
  public record Ranking(double ndcg, double recall, long users) {}

  /** Root mean squared error of {@code rating} vs prediction on the pairs the model covers. */
  public static double rmse(AlsModel model, Dataset<Row> pairs) {
    Row r = model.predict(pairs).agg(avg(pow(col(RATING).minus(col(AlsModel.PREDICTION)), 2))).first();
    return r.isNullAt(0) ? Double.NaN : Math.sqrt(r.getDouble(0));
  }

  public static Ranking ranking(AlsModel model, Dataset<Row> train, Dataset<Row> test, int topK, int numBlocks) {
    JavaPairRDD<Integer, int[]> testItems = itemsByUser(test);
    JavaPairRDD<Integer, int[]> seen = itemsByUser(train.join(test.select(USER_IDX).distinct(), USER_IDX));
    JavaPairRDD<Integer, double[]> users = factors(model.userFactors(), USER_IDX);
    JavaPairRDD<Integer, RankingBlocks.Query> queries = testItems.join(users).leftOuterJoin(seen)
        .mapValues(t -> new RankingBlocks.Query(t._1._2, t._2.isPresent() ? t._2.get() : new int[0], t._1._1));
    JavaPairRDD<Integer, TopK> top = RankingBlocks.topK(queries, factors(model.itemFactors(), ITEM_IDX), topK, numBlocks);
    return ranking(queries.join(top).values().map(t -> new Tuple2<>(t._2.ids(), t._1.relevant())), topK);
  }

  /**
   * Mean NDCG@K and Recall@K of (predicted items in rank order, relevant items) pairs, one per user, by
   * MLlib's {@link RankingMetrics}, and how many users there were.
   */
  static Ranking ranking(JavaRDD<Tuple2<int[], int[]>> predictedAndRelevant, int topK) {
    JavaRDD<Tuple2<List<Integer>, List<Integer>>> lists = predictedAndRelevant
        .map(t -> new Tuple2<>(boxed(t._1), boxed(t._2)))
        .setName("metrics.ranking.lists")
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      RankingMetrics<Integer> metrics = RankingMetrics.of(lists);
      long users = lists.count();
      return new Ranking(metrics.ndcgAt(topK), metrics.recallAt(topK), users);
    } finally {
      lists.unpersist(false);
    }
  }

  private static List<Integer> boxed(int[] ids) {
    return Arrays.stream(ids).boxed().collect(Collectors.toList());
  }

  /** Distinct items per user, sorted. */
  static JavaPairRDD<Integer, int[]> itemsByUser(Dataset<Row> interactions) {
    return interactions.select(USER_IDX, ITEM_IDX).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), r.getInt(1)))
        .groupByKey()
        .mapValues(items -> {
          int[] a = new int[0];
          int n = 0;
          for (int i : items) {
            if (n == a.length) {
              a = Arrays.copyOf(a, Math.max(4, 2 * n));
            }
            a[n++] = i;
          }
          return Arrays.stream(a, 0, n).sorted().distinct().toArray();
        });
  }

  static JavaPairRDD<Integer, double[]> factors(Dataset<Row> table, String idCol) {
    return table.select(idCol, FactorBlocks.FACTORS).javaRDD().mapToPair(r -> {
      List<Double> l = r.getList(1);
      double[] v = new double[l.size()];
      for (int p = 0; p < v.length; p++) {
        v[p] = l.get(p);
      }
      return new Tuple2<>(r.getInt(0), v);
    });
  }
}
