package io.recvalue.explain.groups;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.als.ValidationLoss;
import io.recvalue.valuation.spark.FactorTables;
import io.recvalue.valuation.spark.KVectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The true computation of the group game: the utility {@code U(S) = −L_V(θ(S))} of coalitions of
 * groups, where {@code θ(S)} is our weighted ALS warm-started at the trained model {@code θ*} and run
 * for {@code sweeps} sweeps (users, then items) with the weight of every interaction of a group outside
 * {@code S} multiplied by {@code 1 − ρ}. The groups are down-weighted, not deleted: removing a coarse
 * group outright leaves its items without data, a cold start that no additive surrogate fits.
 *
 * <p>The objective is the model's own ({@link NormalEquations}: the regularisation share
 * {@code λ w_j} moves with the weight), so, as the data values do, the game measures what a group adds
 * relative to the rest: scaling every weight by the same factor leaves explicit ALS's minimiser
 * unchanged, and {@code U(∅) = U(F)} at a converged model.
 *
 * <p><b>Batched on the executors.</b> A batch of coalitions is re-solved together: each entity's
 * training rows are cached once (grouped by user and by item), each half-step broadcasts the other
 * side's factors for every coalition of the batch ({@link FactorBank}) and every entity solves its
 * {@code batch} normal equations in one task; the validation loss of every coalition is one
 * {@code treeAggregate}. Batches are sized so that one side's broadcast stays within the budget, so
 * a large log re-solves fewer coalitions at a time rather than running out of memory; the factor
 * tables of one coalition must fit in the driver.
 *
 * <p>{@code L_V} is {@link ValidationLoss}'s: the mean squared error on the validation pairs
 * (explicit), or against 1 on held-out positives and 0 on the same seeded negatives (implicit).
 */
public final class CoalitionResolver {
  private final JavaSparkContext jsc;
  private final JavaRDD<EntityRows> byUser;
  private final JavaRDD<EntityRows> byItem;
  private final JavaRDD<double[]> validation;
  private final double[][] userStart;
  private final double[][] itemStart;
  private final Settings settings;
  private final int groups;

  /**
   * What the re-solves are.
   *
   * @param rank {@code k}
   * @param lambda {@code λ}
   * @param implicit implicit feedback
   * @param alpha confidence slope (implicit)
   * @param downWeight {@code ρ}: a group outside the coalition keeps {@code 1 − ρ} of its weight
   * @param sweeps warm-started sweeps per re-solve
   * @param broadcastBytes budget of one side's broadcast factors per batch
   */
  public record Settings(int rank, double lambda, boolean implicit, double alpha, double downWeight, int sweeps,
      long broadcastBytes) {
    public Settings {
      if (!(downWeight > 0 && downWeight <= 1)) {
        throw new IllegalArgumentException("explain.groups.down-weight must be in (0, 1], got " + downWeight);
      }
      if (sweeps < 1) {
        throw new IllegalArgumentException("explain.groups.sweeps must be >= 1, got " + sweeps);
      }
    }
  }

  private CoalitionResolver(JavaSparkContext jsc, JavaRDD<EntityRows> byUser, JavaRDD<EntityRows> byItem,
      JavaRDD<double[]> validation, double[][] userStart, double[][] itemStart, Settings settings, int groups) {
    this.jsc = jsc;
    this.byUser = byUser;
    this.byItem = byItem;
    this.validation = validation;
    this.userStart = userStart;
    this.itemStart = itemStart;
    this.settings = settings;
    this.groups = groups;
  }

  /**
   * Caches the grouped training rows by user and by item and the validation pairs.
   *
   * @param rows {@code user_idx, item_idx, rating, weight, group} (rows of weight 0 take no part)
   * @param validationRows {@code user_idx, item_idx, rating}
   * @param userFactors {@code user_idx, factors} of {@code θ*}
   * @param itemFactors {@code item_idx, factors} of {@code θ*}
   * @param numUsers dense user indices are {@code 0 .. numUsers−1}
   * @param numItems dense item indices are {@code 0 .. numItems−1}
   * @param seed the run's seed, for the implicit validation negatives
   */
  public static CoalitionResolver build(SparkSession spark, Dataset<Row> rows, int groups, Dataset<Row> validationRows,
      Dataset<Row> userFactors, Dataset<Row> itemFactors, int numUsers, int numItems, long seed, int partitions,
      Settings settings) {
    JavaRDD<Row> training = rows.filter(col(WEIGHT).gt(0))
        .select(USER_IDX, ITEM_IDX, RATING, WEIGHT, DataGroups.GROUP).javaRDD();
    JavaRDD<EntityRows> byUser = entities(training, true, partitions);
    JavaRDD<EntityRows> byItem = entities(training, false, partitions);
    boolean implicit = settings.implicit();
    JavaRDD<double[]> pairs = validationRows.select(USER_IDX, ITEM_IDX, RATING).javaRDD()
        .flatMap(r -> {
          int u = r.getInt(0);
          int i = r.getInt(1);
          if (!implicit) {
            return List.of(new double[] {u, i, ((Number) r.get(2)).doubleValue()}).iterator();
          }
          return List.of(new double[] {u, i, 1.0},
              new double[] {u, ValidationLoss.negative(seed, u, i, numItems), 0.0}).iterator();
        })
        .repartition(partitions);
    byUser.setName("explain.groups.users").persist(StorageLevel.MEMORY_AND_DISK()).count();
    byItem.setName("explain.groups.items").persist(StorageLevel.MEMORY_AND_DISK()).count();
    pairs.setName("explain.groups.validation").persist(StorageLevel.MEMORY_AND_DISK()).count();
    int k = settings.rank();
    return new CoalitionResolver(JavaSparkContext.fromSparkContext(spark.sparkContext()), byUser, byItem, pairs,
        start(userFactors, USER_IDX, numUsers, k), start(itemFactors, ITEM_IDX, numItems, k), settings, groups);
  }

  private static JavaRDD<EntityRows> entities(JavaRDD<Row> training, boolean byUser, int partitions) {
    return training.mapToPair(r -> new Tuple2<>(r.getInt(byUser ? 0 : 1), r))
        .groupByKey(partitions)
        .map(t -> {
          List<Row> list = new ArrayList<>();
          t._2.forEach(list::add);
          list.sort((a, b) -> Integer.compare(a.getInt(byUser ? 1 : 0), b.getInt(byUser ? 1 : 0)));
          int n = list.size();
          int[] others = new int[n];
          double[] ratings = new double[n];
          double[] weights = new double[n];
          int[] groupOf = new int[n];
          for (int j = 0; j < n; j++) {
            Row r = list.get(j);
            others[j] = r.getInt(byUser ? 1 : 0);
            ratings[j] = r.getDouble(2);
            weights[j] = r.getDouble(3);
            groupOf[j] = r.getInt(4);
          }
          return new EntityRows(t._1, others, ratings, weights, groupOf);
        });
  }

  private static double[][] start(Dataset<Row> factors, String idx, int n, int k) {
    double[][] f = new double[n][];
    for (Row r : factors.select(idx, FactorTables.FACTORS).collectAsList()) {
      int e = r.getInt(0);
      if (e < 0 || e >= n) {
        throw new IllegalArgumentException(idx + " " + e + " of the trained factors is outside 0.." + (n - 1));
      }
      f[e] = KVectors.fromList(r.getList(1), k, idx + " " + e);
    }
    return f;
  }

  /** Coalitions re-solved together, so that one side's broadcast stays within the budget. */
  public int batchSize() {
    long perCoalition = FactorBank.bytes(Math.max(userStart.length, itemStart.length), settings.rank(), 1);
    return (int) Math.max(1, Math.min(256, settings.broadcastBytes() / Math.max(1, perCoalition)));
  }

  /** {@code U(S)} of every coalition in {@code masks} (bit {@code g}: group {@code g} is in). */
  public double[] utilities(long[] masks) {
    double[] out = new double[masks.length];
    int batch = batchSize();
    for (int from = 0; from < masks.length; from += batch) {
      long[] part = Arrays.copyOfRange(masks, from, Math.min(masks.length, from + batch));
      System.arraycopy(batchUtilities(part), 0, out, from, part.length);
    }
    return out;
  }

  private double[] batchUtilities(long[] masks) {
    Settings s = settings;
    int k = s.rank();
    int batch = masks.length;
    double[][] multipliers = new double[batch][groups];
    for (int c = 0; c < batch; c++) {
      for (int g = 0; g < groups; g++) {
        multipliers[c][g] = (masks[c] >>> g & 1L) == 1L ? 1.0 : 1.0 - s.downWeight();
      }
    }
    FactorBank users = new FactorBank(k, batch, userStart);
    FactorBank items = new FactorBank(k, batch, itemStart);
    for (int sweep = 0; sweep < s.sweeps(); sweep++) {
      users = halfStep(byUser, items, users, multipliers);
      items = halfStep(byItem, users, items, multipliers);
    }
    return validationUtilities(users, items, batch);
  }

  /** Re-solves every entity of {@code side} against {@code other}; entities without rows keep their factors. */
  private FactorBank halfStep(JavaRDD<EntityRows> side, FactorBank other, FactorBank current, double[][] multipliers) {
    double lambda = settings.lambda();
    boolean implicit = settings.implicit();
    double alpha = settings.alpha();
    Broadcast<FactorBank> bc = jsc.broadcast(other);
    Broadcast<double[][]> grams = implicit ? jsc.broadcast(other.grams()) : null;
    double[][] m = multipliers;
    List<Tuple2<Integer, double[]>> solved = side.map(e -> new Tuple2<>(e.id(),
        e.solve(bc.value(), m, grams == null ? null : grams.value(), lambda, implicit, alpha))).collect();
    bc.destroy();
    if (grams != null) {
      grams.destroy();
    }
    double[][] next = current.factors.clone();
    for (Tuple2<Integer, double[]> t : solved) {
      next[t._1] = t._2;
    }
    return new FactorBank(current.k, current.coalitions, next);
  }

  /** {@code −L_V} per coalition; pairs whose user or item has no factors are left out. */
  private double[] validationUtilities(FactorBank users, FactorBank items, int batch) {
    Broadcast<FactorBank> bu = jsc.broadcast(users);
    Broadcast<FactorBank> bi = jsc.broadcast(items);
    int k = settings.rank();
    double[] sums = validation.treeAggregate(new double[batch + 1], (acc, p) -> {
      double[] x = bu.value().factors[(int) p[0]];
      double[] y = bi.value().factors[(int) p[1]];
      if (x != null && y != null) {
        for (int c = 0; c < batch; c++) {
          double e = p[2] - NormalEquations.dot(k, x, bu.value().offset(x, c), y, bi.value().offset(y, c));
          acc[c] += e * e;
        }
        acc[batch] += 1;
      }
      return acc;
    }, (a, b) -> {
      for (int c = 0; c <= batch; c++) {
        a[c] += b[c];
      }
      return a;
    });
    bu.destroy();
    bi.destroy();
    double[] u = new double[batch];
    for (int c = 0; c < batch; c++) {
      u[c] = sums[batch] > 0 ? -sums[c] / sums[batch] : Double.NaN;
    }
    return u;
  }

  public int groups() {
    return groups;
  }

  /** Releases the cached rows. */
  public void release() {
    byUser.unpersist(false);
    byItem.unpersist(false);
    validation.unpersist(false);
  }
}
