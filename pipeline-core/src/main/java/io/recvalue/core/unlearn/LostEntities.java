package io.recvalue.core.unlearn;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.core.als.AlsModel;
import java.util.BitSet;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The users and items that lost at least one row, as bit sets of their indexes, for the counts an
 * update reports (re-solved, left without rows). A bit set costs one bit per index up to the largest
 * (12.5 MB for 10⁸ users), whatever the number of removed rows. Building the sets is one pass over the
 * removed pairs (which also counts them), or none when they are an array ({@link RemovedPairs}); counting the
 * lost entities a model still has is one pass over its two factor tables, with no shuffle: a Spark job each,
 * where joins would take several. With the array, that count comes instead from what the filter that drops the
 * pairs marks as the fit reads the training rows ({@link RemovedPairs.Dropped#check}), with no job of its own.
 */
final class LostEntities {
  private final long pairs;
  private final Broadcast<BitSet> users;
  private final Broadcast<BitSet> items;

  private LostEntities(long pairs, Broadcast<BitSet> users, Broadcast<BitSet> items) {
    this.pairs = pairs;
    this.users = users;
    this.items = items;
  }

  /** The users and items of {@code pairs} ({@code user_idx, item_idx}, distinct), and their number. */
  static LostEntities of(SparkSession spark, Dataset<Row> pairs) {
    Sets all = pairs.select(USER_IDX, ITEM_IDX).javaRDD().aggregate(new Sets(),
        (acc, r) -> acc.add(r.getInt(0), r.getInt(1)), Sets::merge);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return new LostEntities(all.n, jsc.broadcast(all.users), jsc.broadcast(all.items));
  }

  /** The users and items of {@code pairs}, read off the array on the driver (no Spark job). */
  static LostEntities of(SparkSession spark, RemovedPairs pairs) {
    Sets all = new Sets();
    for (long key : pairs.keys()) {
      all.add(RemovedPairs.user(key), RemovedPairs.item(key));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return new LostEntities(all.n, jsc.broadcast(all.users), jsc.broadcast(all.items));
  }

  /** The number of removed pairs. */
  long pairs() {
    return pairs;
  }

  long users() {
    return users.value().cardinality();
  }

  long items() {
    return items.value().cardinality();
  }

  /** The lost users' indexes, broadcast (not to be modified). */
  Broadcast<BitSet> userSet() {
    return users;
  }

  /** The lost items' indexes, broadcast (not to be modified). */
  Broadcast<BitSet> itemSet() {
    return items;
  }

  /** {@code [lost users with factors in model, lost items with factors in model]}, in one job. */
  long[] keptIn(AlsModel model) {
    Broadcast<BitSet> u = users;
    Broadcast<BitSet> i = items;
    JavaRDD<long[]> flags = model.userFactors().select(USER_IDX).javaRDD()
        .mapPartitions(it -> count(it, u, 0))
        .union(model.itemFactors().select(ITEM_IDX).javaRDD().mapPartitions(it -> count(it, i, 1)));
    return flags.fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
  }

  void destroy() {
    users.destroy();
    items.destroy();
  }

  private static java.util.Iterator<long[]> count(java.util.Iterator<Row> it, Broadcast<BitSet> set, int slot) {
    BitSet s = set.value();
    long[] c = new long[2];
    while (it.hasNext()) {
      if (s.get(it.next().getInt(0))) {
        c[slot]++;
      }
    }
    return List.of(c).iterator();
  }

  /** The partial sets of one partition. */
  private static final class Sets implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    long n;
    final BitSet users = new BitSet();
    final BitSet items = new BitSet();

    Sets add(int user, int item) {
      n++;
      if (user >= 0 && item >= 0) { // a negative index is no training row: the caller's check names it
        users.set(user);
        items.set(item);
      }
      return this;
    }

    Sets merge(Sets o) {
      n += o.n;
      users.or(o.users);
      items.or(o.items);
      return this;
    }
  }
}
