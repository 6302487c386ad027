package io.recvalue.valuation.judge;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.seed.Seeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Corrupts a known fraction of training interactions and marks exactly the corrupted rows
 * (docs/methods.md §8.4).
 *
 * <p>Which rows: each interaction draws {@code Seeds.uniform(seed, "noise.select", pair)} from its
 * {@code (user_idx, item_idx)}; the {@code ⌊fraction·n⌋} smallest draws ({@link Ranks}) are corrupted,
 * so the count is exact and the choice depends only on the seed and the pairs.
 *
 * <ul>
 *   <li>explicit: the rating is redrawn uniformly from the rating range, excluding its own value, so
 *       every marked row really changed: on an integer scale {@code min..max} one of the other
 *       {@code max − min} values; on a continuous scale a uniform draw in {@code [min, max]};
 *   <li>implicit: the interaction moves to an item drawn uniformly from the items the user has no
 *       interaction with (in {@code known}: train, validation and test) and that no other moved row of
 *       the user took; when the user has no free item left, the row stays unchanged and unmarked (so the
 *       marked count can fall below {@code ⌊fraction·n⌋} only for users who know almost every item).
 * </ul>
 *
 * <p>Output: the training layout plus {@link #CORRUPTED} (boolean), one row per input row.
 */
public final class NoiseInjection {
  /** The marker column. */
  public static final String CORRUPTED = "corrupted";

  private NoiseInjection() {}

  /** How to corrupt. */
  public record Spec(double fraction, long seed, boolean implicit, double ratingMin, double ratingMax,
      boolean integerRatings, int numItems) {
    public Spec {
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException("noise fraction must be in [0, 1), got " + fraction);
      }
      if (!implicit && !(ratingMin < ratingMax)) {
        throw new IllegalArgumentException("rating range [" + ratingMin + ", " + ratingMax
            + "] is empty: cannot redraw ratings");
      }
    }
  }

  /**
   * @param train training interactions ({@code user_idx, item_idx, rating, weight, timestamp})
   * @param known every known pair ({@code user_idx, item_idx}), for the implicit moves
   */
  public static Dataset<Row> corrupt(SparkSession spark, Dataset<Row> train, Dataset<Row> known, Spec spec) {
    Dataset<Row> base = train.select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP);
    long n = base.count();
    long m = Ranks.floorShare(spec.fraction(), n);
    long seed = spec.seed();
    UserDefinedFunction draw = functions.udf(
        (UDF2<Integer, Integer, Double>) (u, i) -> Seeds.uniform(seed, "noise.select", pair(u, i)),
        DataTypes.DoubleType);
    Dataset<Row> ranked = Ranks.rank(spark, base.withColumn("__draw", draw.apply(col(USER_IDX), col(ITEM_IDX))), "__draw");
    Dataset<Row> chosen = ranked.withColumn(CORRUPTED, col(Ranks.RANK).lt(m)).drop("__draw", Ranks.RANK);
    return spec.implicit() ? moveItems(spark, chosen, known, spec) : redrawRatings(chosen, spec);
  }

  private static Dataset<Row> redrawRatings(Dataset<Row> rows, Spec spec) {
    long seed = spec.seed();
    double lo = spec.ratingMin();
    double hi = spec.ratingMax();
    boolean integer = spec.integerRatings();
    UserDefinedFunction redraw = functions.udf((org.apache.spark.sql.api.java.UDF3<Integer, Integer, Double, Double>) (u, i, r) ->
        newRating(new SplittableRandom(Seeds.derive(seed, "noise.rating", pair(u, i))), r, lo, hi, integer),
        DataTypes.DoubleType);
    return rows.withColumn(RATING, functions.when(col(CORRUPTED),
            redraw.apply(col(USER_IDX), col(ITEM_IDX), col(RATING))).otherwise(col(RATING)))
        .select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP, CORRUPTED);
  }

  /** A rating from the range other than {@code r}. */
  static double newRating(SplittableRandom rnd, double r, double lo, double hi, boolean integer) {
    if (integer) {
      long span = Math.round(hi - lo);
      long v = Math.round(lo) + rnd.nextLong(span);
      if (r == Math.rint(r) && r >= lo && r <= hi && v >= r) {
        v++;
      }
      return v;
    }
    double v;
    do {
      v = lo + rnd.nextDouble() * (hi - lo);
    } while (v == r);
    return v;
  }

  private static Dataset<Row> moveItems(SparkSession spark, Dataset<Row> rows, Dataset<Row> known, Spec spec) {
    StructType schema = rows.schema();
    Dataset<Row> clean = rows.filter(functions.not(col(CORRUPTED)));
    JavaPairRDD<Integer, Row> moved = rows.filter(col(CORRUPTED)).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), r));
    JavaPairRDD<Integer, Iterable<Integer>> knownByUser = known.select(USER_IDX, ITEM_IDX).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), r.getInt(1)))
        .join(moved.mapValues(r -> 0).distinct())
        .mapToPair(t -> new Tuple2<>(t._1(), t._2()._1()))
        .groupByKey();
    long seed = spec.seed();
    int numItems = spec.numItems();
    JavaRDD<Row> out = moved.groupByKey().leftOuterJoin(knownByUser).flatMap(t -> {
      Set<Integer> taken = new HashSet<>();
      if (t._2()._2().isPresent()) {
        t._2()._2().get().forEach(taken::add);
      }
      List<Row> own = new ArrayList<>();
      t._2()._1().forEach(own::add);
      own.sort((a, b) -> Integer.compare(a.getInt(1), b.getInt(1)));
      own.forEach(r -> taken.add(r.getInt(1)));
      List<Row> result = new ArrayList<>();
      for (Row r : own) {
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, "noise.item", pair(r.getInt(0), r.getInt(1))));
        Integer target = freeItem(rnd, taken, numItems);
        if (target == null) {
          result.add(RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), false));
        } else {
          taken.add(target);
          result.add(RowFactory.create(r.get(0), target, r.get(2), r.get(3), r.get(4), true));
        }
      }
      return result.iterator();
    });
    return clean.unionByName(spark.createDataFrame(out, schema));
  }

  /** A uniform item outside {@code taken}, or null when there is none. */
  static Integer freeItem(SplittableRandom rnd, Set<Integer> taken, int numItems) {
    if (taken.size() >= numItems) {
      return null;
    }
    if (taken.size() * 2 < numItems) {
      while (true) {
        int i = rnd.nextInt(numItems);
        if (!taken.contains(i)) {
          return i;
        }
      }
    }
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < numItems; i++) {
      if (!taken.contains(i)) {
        free.add(i);
      }
    }
    return free.isEmpty() ? null : free.get(rnd.nextInt(free.size()));
  }

  static long pair(int user, int item) {
    return ((long) user << 32) | (item & 0xffffffffL);
  }
}
