package io.recvalue.valuation.pg;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.NormalEquations;
import io.recvalue.valuation.spark.FactorTables;
import io.recvalue.valuation.spark.KVectors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Episodes as half-steps of our weighted ALS, all of an iteration's episodes in one pass over cached
 * blocks: every user block re-solves its user with the items fixed at {@code θ*}, every item block its
 * item with the users fixed ({@link EpisodeBlock}), and the rewards are minus the validation loss of
 * those responses (the mean of the two sides, each of which scores every validation pair). The
 * blocks are built once (the other side's factors joined to every training row
 * and validation pair); an iteration is then one {@code treeAggregate} with nothing shuffled: no
 * episode is stored, the masks are regenerated from their seeds inside the tasks.
 *
 * <p>What an episode measures is the first response of ALS to the mask, both sides answered
 * separately from {@code θ*} (a Jacobi half-sweep), not a converged retraining. That is what makes
 * per-entity credit exact; the policy is then judged by retrainings ({@code recvalue evaluate}).
 */
public final class HalfStepEngine implements EpisodeEngine {
  private final JavaRDD<Tuple2<Boolean, EpisodeBlock>> blocks;
  private final HalfStepModel users;
  private final HalfStepModel items;
  private final int features;

  private HalfStepEngine(JavaRDD<Tuple2<Boolean, EpisodeBlock>> blocks, HalfStepModel users,
      HalfStepModel items, int features) {
    this.blocks = blocks;
    this.users = users;
    this.items = items;
    this.features = features;
  }

  /** Builds and caches both sides' blocks. */
  public static HalfStepEngine build(PolicyFeatures f, AlsModel model, ValidationPairs validation,
      double lambda, boolean implicit, double alpha, int partitions) {
    int k = model.rank();
    Partitioner part = new HashPartitioner(partitions);
    JavaPairRDD<Integer, double[]> userF = factors(model.userFactors(), USER_IDX, k, part);
    JavaPairRDD<Integer, double[]> itemF = factors(model.itemFactors(), ITEM_IDX, k, part);
    JavaRDD<Piece> rows = pieces(f.rows());
    JavaPairRDD<Integer, Piece> byUser = rows.mapToPair(p -> new Tuple2<>(p.item, p)).join(itemF, part)
        .mapToPair(t -> new Tuple2<>(t._2._1.user, t._2._1.with(t._2._2)));
    JavaPairRDD<Integer, Piece> byItem = rows.mapToPair(p -> new Tuple2<>(p.user, p)).join(userF, part)
        .mapToPair(t -> new Tuple2<>(t._2._1.item, t._2._1.with(t._2._2)));
    JavaPairRDD<Integer, Pair> valByUser = validation.pairs().mapToPair(v -> new Tuple2<>((int) v[1], v))
        .join(itemF, part).mapToPair(t -> new Tuple2<>((int) t._2._1[0], new Pair(t._2._1, t._2._2)));
    JavaPairRDD<Integer, Pair> valByItem = validation.pairs().mapToPair(v -> new Tuple2<>((int) v[0], v))
        .join(userF, part).mapToPair(t -> new Tuple2<>((int) t._2._1[1], new Pair(t._2._1, t._2._2)));
    int d = f.size();
    JavaRDD<Tuple2<Boolean, EpisodeBlock>> all = blocks(byUser, valByUser, part, k, d, true)
        .union(blocks(byItem, valByItem, part, k, d, false));
    all.setName("value.pg.blocks").persist(StorageLevel.MEMORY_AND_DISK()).count();
    double[] gramX = implicit ? gram(userF, k) : null;
    double[] gramY = implicit ? gram(itemF, k) : null;
    return new HalfStepEngine(all, new HalfStepModel(k, lambda, implicit, alpha, gramY, true),
        new HalfStepModel(k, lambda, implicit, alpha, gramX, false), d);
  }

  @Override
  public String id() {
    return "half-step";
  }

  @Override
  public PgAccumulator iterate(Policy policy, EpisodeMasks masks, double threshold) {
    HalfStepModel u = users;
    HalfStepModel i = items;
    return blocks.treeAggregate(new PgAccumulator(masks.episodes(), features), (acc, t) -> {
      t._2.accumulate(policy, masks, threshold, t._1 ? u : i, acc);
      return acc;
    }, PgAccumulator::merge).scaleRewards(0.5);
  }

  @Override
  public void release() {
    blocks.unpersist(false);
  }

  private static JavaRDD<Tuple2<Boolean, EpisodeBlock>> blocks(JavaPairRDD<Integer, Piece> rows,
      JavaPairRDD<Integer, Pair> validation, Partitioner part, int k, int d, boolean userSide) {
    return rows.cogroup(validation, part).filter(t -> t._2._1.iterator().hasNext())
        .map(t -> new Tuple2<>(userSide, block(t._2._1, t._2._2, k, d)));
  }

  private static EpisodeBlock block(Iterable<Piece> rows, Iterable<Pair> validation, int k, int d) {
    List<Piece> r = new ArrayList<>();
    rows.forEach(r::add);
    r.sort((a, b) -> a.user != b.user ? Integer.compare(a.user, b.user) : Integer.compare(a.item, b.item));
    int n = r.size();
    int[] us = new int[n];
    int[] is = new int[n];
    double[] other = new double[n * k];
    double[] ratings = new double[n];
    double[] weights = new double[n];
    double[] feats = new double[n * d];
    for (int j = 0; j < n; j++) {
      Piece p = r.get(j);
      us[j] = p.user;
      is[j] = p.item;
      System.arraycopy(p.other, 0, other, j * k, k);
      ratings[j] = p.rating;
      weights[j] = p.weight;
      System.arraycopy(p.features, 0, feats, j * d, d);
    }
    List<Pair> v = new ArrayList<>();
    validation.forEach(v::add);
    v.sort((a, b) -> a.user != b.user ? Integer.compare(a.user, b.user) : Integer.compare(a.item, b.item));
    int m = v.size();
    double[] vo = new double[m * k];
    double[] targets = new double[m];
    double[] scales = new double[m];
    boolean[] held = new boolean[m];
    for (int q = 0; q < m; q++) {
      Pair p = v.get(q);
      System.arraycopy(p.other, 0, vo, q * k, k);
      targets[q] = p.target;
      scales[q] = p.weight;
      held[q] = p.heldout;
    }
    return new EpisodeBlock(us, is, other, ratings, weights, feats, vo, targets, scales, held);
  }

  private static JavaPairRDD<Integer, double[]> factors(Dataset<Row> table, String idx, int k, Partitioner part) {
    return table.select(idx, FactorTables.FACTORS).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), KVectors.fromList(r.getList(1), k, idx + " " + r.getInt(0))))
        .partitionBy(part);
  }

  private static JavaRDD<Piece> pieces(Dataset<Row> rows) {
    return rows.select(USER_IDX, ITEM_IDX, "rating", "weight", PolicyFeatures.FEATURES).javaRDD().map(r -> {
      List<Double> f = r.getList(4);
      double[] x = new double[f.size()];
      for (int q = 0; q < x.length; q++) {
        x[q] = f.get(q);
      }
      return new Piece(r.getInt(0), r.getInt(1), r.getDouble(2), r.getDouble(3), x, null);
    });
  }

  private static double[] gram(JavaPairRDD<Integer, double[]> f, int k) {
    double[] g = f.values().treeAggregate(new double[k * k], (acc, v) -> {
      NormalEquations.addOuter(k, acc, 0, v, 0, 1.0);
      return acc;
    }, (a, b) -> {
      for (int q = 0; q < a.length; q++) {
        a[q] += b[q];
      }
      return a;
    });
    NormalEquations.symmetrize(k, g);
    return g;
  }

  /** A training row on its way into a block, with the other side's factor once joined. */
  record Piece(int user, int item, double rating, double weight, double[] features, double[] other)
      implements Serializable {
    Piece with(double[] factor) {
      return new Piece(user, item, rating, weight, features, factor);
    }
  }

  /** A validation pair {@code {user, item, target, weight, heldout}} with the other side's factor. */
  record Pair(int user, int item, double target, double weight, boolean heldout, double[] other)
      implements Serializable {
    Pair(double[] v, double[] other) {
      this((int) v[0], (int) v[1], v[2], v[3], v[4] == 1, other);
    }
  }
}
