package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.valuation.math.BprObjective;
import io.recvalue.valuation.math.QuadraticPairs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The validation gradient {@code g = ∇L_V(θ*)} on Spark. {@code L_V} is a function of the scores
 * of a bounded set of pairs (see {@link io.recvalue.valuation.math.ValidationObjective}), so
 * {@code g} touches only the users and items of those pairs: the pairs are joined with their
 * factor rows, {@code ∂L/∂s} comes from the math package's objective evaluated on each partition's
 * batch ({@link QuadraticPairs#scoreGradient} with the global weights {@code c_p}, or
 * {@link BprObjective#scoreGradient} rescaled from the batch to the global mean), and the chain
 * rule {@code ∇_{x_u} += (∂L/∂s) y_i}, {@code ∇_{y_i} += (∂L/∂s) x_u} is summed by user and by item.
 */
public final class DistributedValidation {
  private DistributedValidation() {}

  /** A validation gradient and the number of scored pairs (BPR: triples) behind it. */
  public record Gradient(DistributedBlockVector g, long pairs) {}

  /**
   * {@code g} for a validation table ({@code user_idx, item_idx, rating}); {@code train}
   * ({@code user_idx, item_idx}) supplies the known pairs negatives must avoid.
   */
  public static Gradient gradient(ValidationKind kind, Dataset<Row> validation, Dataset<Row> train,
      DistributedBlockVector theta, int negativesPerPositive, long seed, int numItems,
      Partitioner userPart, Partitioner itemPart) {
    if (kind == ValidationKind.BPR) {
      return bpr(DistributedNegatives.sample(pairs(train), pairs(validation), 1, seed, numItems,
          userPart), theta, userPart, itemPart);
    }
    return quadratic(quadraticTargets(kind, validation, train, negativesPerPositive, seed,
        numItems, userPart), theta, userPart, itemPart);
  }

  /**
   * The pairs {@code {user, item, target}} of a quadratic {@code L_V = (1/n) Σ_p (t_p − s_p)²}:
   * {@code mse} scores the held-out ratings; {@code squared} scores held-out positives (target 1)
   * and their seeded negatives (target 0). {@code bpr} is not quadratic and is refused.
   */
  public static JavaRDD<double[]> quadraticTargets(ValidationKind kind, Dataset<Row> validation,
      Dataset<Row> train, int negativesPerPositive, long seed, int numItems,
      Partitioner userPart) {
    switch (kind) {
      case MSE:
        return validation.select(USER_IDX, ITEM_IDX, RATING).javaRDD()
            .map(r -> new double[] {r.getInt(0), r.getInt(1), r.getDouble(2)});
      case SQUARED: {
        JavaPairRDD<Integer, Integer> positives = pairs(validation);
        JavaRDD<int[]> neg = DistributedNegatives.sample(pairs(train), positives,
            negativesPerPositive, seed, numItems, userPart);
        return positives.map(t -> new double[] {t._1, t._2, 1.0})
            .union(neg.map(n -> new double[] {n[0], n[2], 0.0}));
      }
      default:
        throw new IllegalArgumentException("validation objective " + kind.id()
            + " is not a quadratic function of the scores (use mse or squared)");
    }
  }

  /** {@code L = (1/n) Σ_p (t_p − s_p)²} over rows {@code {user, item, target}}. */
  static Gradient quadratic(JavaRDD<double[]> targets, DistributedBlockVector theta,
      Partitioner userPart, Partitioner itemPart) {
    targets.setName("value.validation.pairs").persist(StorageLevel.MEMORY_AND_DISK());
    long n = targets.count();
    if (n == 0) {
      targets.unpersist(false);
      throw new IllegalArgumentException("validation set is empty");
    }
    Gradient g = new Gradient(weighted(targets, 1.0 / n, theta, userPart, itemPart), n);
    targets.unpersist(false);
    return g;
  }

  /**
   * The validation gradient split by segments of the pairs: {@code g = Σ_G g_G} with
   * {@code g_G = ∇ (1/n) Σ_{p∈G} (t_p − s_p)²}, the same pairs and weights as {@link #gradient} (the
   * negatives are drawn once, then split), so the parts add up to the whole. A pair is in segment
   * {@code segmentOf[u]} of its user ({@code byUser}) or {@code segmentOf[i]} of its item.
   */
  public static Gradient[] segmented(ValidationKind kind, Dataset<Row> validation, Dataset<Row> train,
      DistributedBlockVector theta, int negativesPerPositive, long seed, int numItems,
      Partitioner userPart, Partitioner itemPart, int[] segmentOf, boolean byUser, int segments) {
    if (kind == ValidationKind.BPR) {
      throw new IllegalArgumentException("value.validation-segments needs a quadratic validation objective"
          + " (mse or squared), not bpr");
    }
    JavaRDD<double[]> targets = quadraticTargets(kind, validation, train, negativesPerPositive, seed, numItems,
        userPart).setName("value.validation.pairs").persist(StorageLevel.MEMORY_AND_DISK());
    long n = targets.count();
    if (n == 0) {
      targets.unpersist(false);
      throw new IllegalArgumentException("validation set is empty");
    }
    int side = byUser ? 0 : 1;
    Gradient[] out = new Gradient[segments];
    for (int q = 0; q < segments; q++) {
      int segment = q;
      JavaRDD<double[]> part = targets.filter(t -> segmentOf[(int) t[side]] == segment);
      out[q] = new Gradient(weighted(part, 1.0 / n, theta, userPart, itemPart).persist("value.validation.segment"),
          part.count());
      out[q].g().materialize();
    }
    targets.unpersist(false);
    return out;
  }

  /** {@code ∇ c Σ_p (t_p − s_p)²} over rows {@code {user, item, target}}. */
  private static DistributedBlockVector weighted(JavaRDD<double[]> targets, double c, DistributedBlockVector theta,
      Partitioner userPart, Partitioner itemPart) {
    JavaRDD<Scored> scored = attach(targets.map(t -> new Scored(
        new int[] {(int) t[0], (int) t[1]}, t[2])), 2, theta, userPart, itemPart);
    JavaPairRDD<Integer, double[]> contrib = scored.mapPartitionsToPair(rows -> {
      List<Scored> batch = drain(rows);
      int m = batch.size();
      double[] s = new double[m];
      double[] tg = new double[m];
      double[] w = new double[m];
      for (int p = 0; p < m; p++) {
        s[p] = batch.get(p).score(0);
        tg[p] = batch.get(p).target;
        w[p] = c;
      }
      double[] d = new QuadraticPairs(new int[m], new int[m], tg, w).scoreGradient(s);
      List<Tuple2<Integer, double[]>> out = new ArrayList<>();
      for (int p = 0; p < m; p++) {
        batch.get(p).emit(0, d[p], out);
      }
      return out.iterator();
    });
    return sum(contrib, theta.k(), userPart, itemPart);
  }

  /** {@code L = −(1/Q) Σ_q log σ(s_pos − s_neg)} over triples {@code {user, pos, neg}}. */
  static Gradient bpr(JavaRDD<int[]> triples, DistributedBlockVector theta, Partitioner userPart,
      Partitioner itemPart) {
    triples.setName("value.validation.triples").persist(StorageLevel.MEMORY_AND_DISK());
    long q = triples.count();
    if (q == 0) {
      triples.unpersist(false);
      throw new IllegalArgumentException("validation set is empty");
    }
    JavaRDD<Scored> scored = attach(triples.map(t -> new Scored(t, 0)), 3, theta, userPart,
        itemPart);
    JavaPairRDD<Integer, double[]> contrib = scored.mapPartitionsToPair(rows -> {
      List<Scored> batch = drain(rows);
      int m = batch.size();
      double[] s = new double[2 * m];
      int[] none = new int[m];
      for (int t = 0; t < m; t++) {
        s[t] = batch.get(t).score(0);
        s[t + m] = batch.get(t).score(1);
      }
      List<Tuple2<Integer, double[]>> out = new ArrayList<>();
      if (m > 0) {
        double[] d = new BprObjective(none, none, none).scoreGradient(s);
        for (int t = 0; t < m; t++) {
          batch.get(t).emit(0, d[t] * m / q, out);
          batch.get(t).emit(1, d[t + m] * m / q, out);
        }
      }
      return out.iterator();
    });
    Gradient g = new Gradient(sum(contrib, theta.k(), userPart, itemPart), q);
    triples.unpersist(false);
    return g;
  }

  private static JavaPairRDD<Integer, Integer> pairs(Dataset<Row> table) {
    return table.select(USER_IDX, ITEM_IDX).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), r.getInt(1)));
  }

  /**
   * Joins each row {@code {user, item_1[, item_2]}} with {@code x_user} and every {@code y_item};
   * rows whose user or items have no factor row cannot be scored and are dropped.
   */
  private static JavaRDD<Scored> attach(JavaRDD<Scored> rows, int slots,
      DistributedBlockVector theta, Partitioner userPart, Partitioner itemPart) {
    for (int slot = 1; slot < slots; slot++) {
      int sl = slot;
      rows = rows.mapToPair(r -> new Tuple2<>(r.keys[sl], r)).join(theta.items(), itemPart)
          .values().map(t -> t._1.withRow(sl, t._2));
    }
    return rows.mapToPair(r -> new Tuple2<>(r.keys[0], r)).join(theta.users(), userPart).values()
        .map(t -> t._1.withRow(0, t._2));
  }

  private static List<Scored> drain(Iterator<Scored> rows) {
    List<Scored> batch = new ArrayList<>();
    rows.forEachRemaining(batch::add);
    return batch;
  }

  /** Sums contributions keyed {@code u ≥ 0} (users) and {@code −1 − i} (items). */
  private static DistributedBlockVector sum(JavaPairRDD<Integer, double[]> contrib, int k,
      Partitioner userPart, Partitioner itemPart) {
    return new DistributedBlockVector(k,
        contrib.filter(t -> t._1 >= 0).reduceByKey(userPart, KVectors::addInPlace),
        contrib.filter(t -> t._1 < 0).mapToPair(t -> new Tuple2<>(-1 - t._1, t._2))
            .reduceByKey(itemPart, KVectors::addInPlace));
  }
}
