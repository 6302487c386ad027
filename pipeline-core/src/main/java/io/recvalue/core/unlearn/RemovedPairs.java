package io.recvalue.core.unlearn;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.AccumulatorV2;

/**
 * The distinct removed pairs as one sorted array of keys {@code (user << 32) | item}, held on the driver
 * and broadcast to the executors: membership is a binary search, with no join. Collecting the pairs is usually
 * one small Spark job (de-duplicated on the driver); the lost users and items are then read off the array on the
 * driver, and the rows that stay are {@code train} filtered by the broadcast (read by the pass that builds the
 * sweep's blocks). The check that every pair is a training row, and the count of the lost entities that keep rows,
 * come from what that filter marks as it reads ({@link Dropped#check}), or else from one pass over {@code train}
 * without a shuffle ({@link #check}). The array costs 8 bytes per removed pair on the driver and on each executor, which
 * is why {@link Unlearning} uses it only up to {@link #MAX_LOCAL} pairs. The broadcast is not destroyed
 * here: the rows that stay are read through it after the update returns (Spark's cleaner releases it once
 * unreferenced).
 */
final class RemovedPairs {
  /** The most pairs held as an array (8 bytes each: 64 MiB), beyond which the joins of Spark SQL are used. */
  static final int MAX_LOCAL = 1 << 23;

  private final long[] keys;
  private final Broadcast<long[]> shared;

  private RemovedPairs(long[] keys, Broadcast<long[]> shared) {
    this.keys = keys;
    this.shared = shared;
  }

  static long key(int user, int item) {
    return ((long) user << 32) | (item & 0xffffffffL);
  }

  /**
   * The distinct pairs of {@code removed} ({@code user_idx, item_idx}), or null when it has more than {@code max}
   * rows. Usually one Spark job: each of the table's {@code P} partitions sends its keys when it has at most
   * {@code ⌈max / P⌉} rows, and only its count otherwise, so the driver never receives much more than {@code max}
   * keys; only when a partition held more than its share, and the counts sum to at most {@code max}, a second job
   * collects the keys.
   */
  static RemovedPairs collect(SparkSession spark, Dataset<Row> removed, int max) {
    JavaRDD<Row> rows = removed.select(USER_IDX, ITEM_IDX).javaRDD();
    int share = (int) Math.min(max, ((long) max + rows.getNumPartitions() - 1) / Math.max(1, rows.getNumPartitions()));
    List<Part> parts = rows.mapPartitions(it -> List.of(Part.of(it, share)).iterator()).collect();
    long n = 0;
    boolean whole = true;
    for (Part p : parts) {
      n += p.count;
      whole &= p.keys != null;
    }
    if (n > max) {
      return null;
    }
    List<long[]> keys = new ArrayList<>();
    if (whole) {
      parts.forEach(p -> keys.add(p.keys));
    } else {
      rows.mapPartitions(it -> List.of(Part.of(it, Integer.MAX_VALUE).keys).iterator()).collect().forEach(keys::add);
    }
    return collect(spark, keys, (int) n);
  }

  /** One partition's removed keys (null when there were more than its share) and how many rows it has. */
  private static final class Part implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final long count;
    final long[] keys;

    private Part(long count, long[] keys) {
      this.count = count;
      this.keys = keys;
    }

    static Part of(Iterator<Row> rows, int cap) {
      long[] k = new long[64];
      long n = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        if (r.isNullAt(0) || r.isNullAt(1)) {
          throw new IllegalArgumentException("removed pair with a null " + USER_IDX + " or " + ITEM_IDX + ": " + r);
        }
        if (n < cap) {
          if (n == k.length) {
            k = Arrays.copyOf(k, (int) Math.min(cap, 2L * n));
          }
          k[(int) n] = key(r.getInt(0), r.getInt(1));
        }
        n++;
      }
      return new Part(n, n <= cap ? Arrays.copyOf(k, (int) n) : null);
    }
  }

  private static RemovedPairs collect(SparkSession spark, List<long[]> parts, int n) {
    long[] all = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    Arrays.sort(all);
    int m = 0;
    for (int q = 0; q < all.length; q++) {
      if (q == 0 || all[q] != all[q - 1]) {
        all[m++] = all[q];
      }
    }
    long[] keys = Arrays.copyOf(all, m);
    return new RemovedPairs(keys, JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(keys));
  }

  long size() {
    return keys.length;
  }

  /** The distinct keys, ascending (not to be modified). */
  long[] keys() {
    return keys;
  }

  /** The keys as broadcast to the executors. */
  Broadcast<long[]> shared() {
    return shared;
  }

  static int user(long key) {
    return (int) (key >> 32);
  }

  static int item(long key) {
    return (int) key;
  }

  /** {@code train} without the rows of a removed pair: a filter, evaluated where the rows are read. */
  Dataset<Row> without(Dataset<Row> train) {
    Broadcast<long[]> b = shared;
    UserDefinedFunction stays = udf((UDF2<Integer, Integer, Boolean>) (u, i) ->
        u == null || i == null || Arrays.binarySearch(b.value(), key(u, i)) < 0, DataTypes.BooleanType);
    return train.filter(stays.apply(col(USER_IDX), col(ITEM_IDX)));
  }

  /**
   * {@link #without}, marking as it reads what {@link #check} looks for: once a job has read every partition (the
   * fit's block build), {@link Dropped#check} answers from those marks, with no pass of its own. The rows read
   * {@code lost}'s broadcasts, so they are for reading while {@code lost} lives; {@link #without} is not.
   *
   * <p>Both filters are functions of the three columns they read (Spark SQL functions), so the rows stay Spark's
   * internal rows; a filter on {@link Row} would convert every row to one and back. This one has side effects (the
   * marks), so it is declared non-deterministic: Spark evaluates it once per row read, where the plan reads it.
   * A null index stays (the block build names that row).
   */
  Dropped dropFrom(Dataset<Row> train, LostEntities lost) {
    Broadcast<long[]> b = shared;
    Broadcast<BitSet> lostUsers = lost.userSet();
    Broadcast<BitSet> lostItems = lost.itemSet();
    MarksAccumulator acc = new MarksAccumulator();
    train.sparkSession().sparkContext().register(acc, "unlearn.removed-pairs.marks");
    UserDefinedFunction stays = udf((UDF3<Integer, Integer, Double, Boolean>) (u, i, w) -> {
      if (u == null || i == null) {
        return true;
      }
      Marks m = acc.local();
      m.partitions.set(TaskContext.getPartitionId());
      return m.stays(b.value(), lostUsers.value(), lostItems.value(), u, i, w != null && w > 0.0);
    }, DataTypes.BooleanType).asNondeterministic();
    Dataset<Row> rows = train.filter(stays.apply(col(USER_IDX), col(ITEM_IDX), col(WEIGHT)));
    return new Dropped(rows, train, lost, acc);
  }

  /** {@code train} without the removed rows, and what reading it found. */
  final class Dropped {
    private final Dataset<Row> rows;
    private final Dataset<Row> train;
    private final LostEntities lost;
    private final MarksAccumulator marks;

    private Dropped(Dataset<Row> rows, Dataset<Row> train, LostEntities lost, MarksAccumulator marks) {
      this.rows = rows;
      this.train = train;
      this.lost = lost;
      this.marks = marks;
    }

    /** The rows that stay, lazy and not cached, to be read while the lost entities' broadcasts live. */
    Dataset<Row> rows() {
      return rows;
    }

    /**
     * What {@link RemovedPairs#check} finds: from the marks of the reads so far where they cover every partition
     * of {@code train} (no Spark job), otherwise by that pass. A mark is a fact (a pair met, a kept row met),
     * and a partition counts as covered once a task read from it; the reads are jobs that read whole partitions.
     */
    Check check() {
      Marks m = marks.value();
      if (m.partitions.cardinality() < train.rdd().getNumPartitions()) {
        return RemovedPairs.this.check(train, lost);
      }
      return m.check(keys);
    }
  }

  /**
   * What one pass over {@code train} ({@code user_idx, item_idx, weight}) finds.
   *
   * @param firstMissing the first removed pair (by user, then item index) that is no row of {@code train}, or null
   * @param usersKept the lost users with a row of positive weight that stays (they keep factors; the others have none)
   * @param itemsKept the same for the lost items
   */
  record Check(int[] firstMissing, long usersKept, long itemsKept) {}

  /**
   * One pass over {@code train} without a shuffle: each partition marks the positions of the removed keys it
   * holds and the lost users and items ({@code lost}, the entities of these pairs) of the positive-weight rows it
   * keeps; the marks are or-ed together on the executors first ({@code treeAggregate}), so the driver receives a
   * few bit sets, not one per partition.
   */
  Check check(Dataset<Row> train, LostEntities lost) {
    Broadcast<long[]> b = shared;
    Broadcast<BitSet> lostUsers = lost.userSet();
    Broadcast<BitSet> lostItems = lost.itemSet();
    Marks m = train.select(USER_IDX, ITEM_IDX, WEIGHT).javaRDD().mapPartitions(rows -> {
      long[] k = b.value();
      BitSet lu = lostUsers.value();
      BitSet li = lostItems.value();
      Marks s = new Marks();
      while (rows.hasNext()) {
        Row r = rows.next();
        s.stays(k, lu, li, r.getInt(0), r.getInt(1), r, 2);
      }
      return List.of(s).iterator();
    }).treeAggregate(new Marks(), Marks::merge, Marks::merge);
    return m.check(keys);
  }

  /**
   * The marks of a read: removed keys met (by position in the array), lost users and items with a positive-weight
   * row that stays (by index), and the partitions read from.
   */
  static final class Marks implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final BitSet pairs = new BitSet();
    final BitSet users = new BitSet();
    final BitSet items = new BitSet();
    final BitSet partitions = new BitSet();

    /** Marks one row ({@code weight} at column {@code wi} of {@code r}); true when it stays. */
    boolean stays(long[] keys, BitSet lostUsers, BitSet lostItems, int u, int i, Row r, int wi) {
      return stays(keys, lostUsers, lostItems, u, i, !r.isNullAt(wi) && r.getDouble(wi) > 0.0);
    }

    /** Marks one row, of positive weight or not; true when it stays. */
    boolean stays(long[] keys, BitSet lostUsers, BitSet lostItems, int u, int i, boolean positive) {
      int p = Arrays.binarySearch(keys, key(u, i));
      if (p >= 0) {
        pairs.set(p);
        return false;
      }
      if (positive) {
        if (u >= 0 && lostUsers.get(u)) {
          users.set(u);
        }
        if (i >= 0 && lostItems.get(i)) {
          items.set(i);
        }
      }
      return true;
    }

    Check check(long[] keys) {
      int p = pairs.nextClearBit(0);
      return new Check(p >= keys.length ? null : new int[] {user(keys[p]), item(keys[p])}, users.cardinality(),
          items.cardinality());
    }

    boolean isEmpty() {
      return pairs.isEmpty() && users.isEmpty() && items.isEmpty() && partitions.isEmpty();
    }

    Marks merge(Marks o) {
      Marks s = new Marks();
      for (Marks from : List.of(this, o)) {
        s.pairs.or(from.pairs);
        s.users.or(from.users);
        s.items.or(from.items);
        s.partitions.or(from.partitions);
      }
      return s;
    }
  }

  /** The marks of the rows a filter reads: a copy per task, or-ed on the driver as tasks finish. */
  private static final class MarksAccumulator extends AccumulatorV2<Marks, Marks> {
    private static final long serialVersionUID = 1L;
    private Marks marks = new Marks();

    /** This task's marks, to add to in place. */
    Marks local() {
      return marks;
    }

    @Override
    public boolean isZero() {
      return marks.isEmpty();
    }

    @Override
    public AccumulatorV2<Marks, Marks> copy() {
      MarksAccumulator c = new MarksAccumulator();
      c.marks = marks.merge(new Marks());
      return c;
    }

    @Override
    public void reset() {
      marks = new Marks();
    }

    @Override
    public void add(Marks v) {
      marks = marks.merge(v);
    }

    @Override
    public void merge(AccumulatorV2<Marks, Marks> other) {
      marks = marks.merge(other.value());
    }

    @Override
    public Marks value() {
      return marks;
    }
  }
}
