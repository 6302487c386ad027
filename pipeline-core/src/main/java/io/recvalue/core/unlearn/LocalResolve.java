package io.recvalue.core.unlearn;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.InteractionChunk;
import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.linalg.BatchedSpdSolver;
import io.recvalue.core.linalg.SolverBackends;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;

/**
 * Steps 1 and 2 of {@link Unlearning} (the exact re-solve of the users that lost a row, then of the items that
 * lost a row) with the pairs as an array, in one pass over the training rows and a solve on the driver, where the
 * Spark SQL form of the same steps builds a block layout and joins for each.
 *
 * <p>Write {@code U_R}, {@code I_R} for the lost users and items. Item {@code i ∈ I_R}'s equation after step 1 is
 * <pre>  A_i = Σ_{u ∉ U_R} w (x_u x_uᵀ, r x_u)  +  Σ_{u ∈ U_R} w (x'_u x'_uᵀ, r x'_u)</pre>
 * over its rows that stay ({@link NormalEquations}; implicit feedback adds the Gramian of the new user table). The
 * first sum needs only the trained user factors, so the pass accumulates it on the executors, the trained user
 * factors broadcast as an array ({@link IndexedFactors}), and returns, besides it, the rows that stay of the users
 * in {@code U_R}. On the driver those rows give step 1 (each user's equation with the trained item factors) and
 * then the second sum. The pass also marks the removed pairs it meets and the lost entities that keep a row of
 * positive weight ({@link RemovedPairs.Marks}), which give the check that every pair is a training row and which
 * lost entities keep factors. A user's rows are accumulated in item order, so the result does not depend on how
 * {@code train} is partitioned beyond the order of the items' partial sums.
 *
 * <p>It runs where what the driver holds fits {@code maxDoubles} numbers: both factor tables, the lost items'
 * partial equations ({@code k² + k + 1} numbers each), and the lost users' rows that stay (3 numbers each). Beyond
 * that, {@link #run} returns null before the pass or after it (having read the rows once), and the caller takes
 * the Spark SQL form.
 */
final class LocalResolve {
  /** The fewest numbers {@link #maxLocalDoubles} allows a part (8 bytes each: 64 MiB). */
  static final long MIN_LOCAL_DOUBLES = 1L << 23;
  /** The most numbers {@link #maxLocalDoubles} allows a part (256 MiB), since each task of the pass holds one part. */
  static final long MAX_LOCAL_DOUBLES = 1L << 25;
  /** Equations solved per call of the solver, as in a sweep's blocks. */
  private static final int BATCH = 2048;

  private LocalResolve() {}

  /**
   * The numbers a part may hold on the driver: 1/32 of the driver's heap (three parts, so under a tenth of it), within
   * {@link #MIN_LOCAL_DOUBLES} and {@link #MAX_LOCAL_DOUBLES}. A task of the pass holds the lost items' partial
   * equations as one part, so the cap keeps that within an executor's heap where the driver's is larger.
   */
  static long maxLocalDoubles() {
    return Math.min(MAX_LOCAL_DOUBLES, Math.max(MIN_LOCAL_DOUBLES, Runtime.getRuntime().maxMemory() / 32 / Double.BYTES));
  }

  /**
   * The update of steps 1 and 2, or null when it does not fit {@code maxDoubles} (nothing is returned or thrown
   * then, and the caller takes the other form).
   *
   * @throws NotATrainingRow when a removed pair is not a training row (the first, by user then item index)
   */
  static Unlearning.Result run(SparkSession spark, Dataset<Row> train, RemovedPairs pairs, LostEntities lost,
      AlsModel model, AlsParams params, long maxDoubles) {
    long t0 = System.nanoTime();
    int k = params.rank();
    int[] lostItems = lost.itemSet().value().stream().toArray();
    if ((long) lostItems.length * (k * k + k + 1) > maxDoubles) {
      return null;
    }
    IndexedFactors[] factors = IndexedFactors.collect(model, maxDoubles);
    if (factors == null) {
      return null;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<IndexedFactors> users = jsc.broadcast(factors[0]);
    Broadcast<int[]> slots = jsc.broadcast(lostItems);
    Pass all;
    try {
      all = pass(train, pairs, lost, users, slots, params, maxDoubles / 3);
    } finally {
      users.destroy();
      slots.destroy();
    }
    RemovedPairs.Check check = all.marks.check(pairs.keys());
    if (check.firstMissing() != null) {
      throw new NotATrainingRow(check.firstMissing()[0], check.firstMissing()[1]);
    }
    if (all.overflow) {
      return null;
    }
    BatchedSpdSolver solver = SolverBackends.create(SolverBackends.resolve(params.solverBackend()));
    BitSet droppedUsers = (BitSet) lost.userSet().value().clone();
    droppedUsers.andNot(all.marks.users);
    BitSet droppedItems = (BitSet) lost.itemSet().value().clone();
    droppedItems.andNot(all.marks.items);

    InteractionChunk rows = all.rows.sortedByDstThenSrc(); // users, then items
    double[] gramY = params.implicit() ? factors[1].gram(droppedItems, null, null) : null;
    // a lost user may have rows but no trained factors (a model trained on other rows): it is solved all the same
    int userBound = Math.max(factors[0].bound(), rows.size() == 0 ? 0 : rows.dst(rows.size() - 1) + 1);
    double[] xNew = new double[userBound * k];
    int[] resolvedUsers = solveUsers(rows, factors[1], gramY, params, solver, xNew);
    BitSet resolved = new BitSet();
    for (int u : resolvedUsers) {
      resolved.set(u);
    }
    double[] gramX = params.implicit() ? factors[0].gram(droppedUsers, resolved, xNew) : null;
    double[] yNew = solveItems(all, rows, lostItems, xNew, gramX, params, solver);

    List<Row> newUsers = new ArrayList<>();
    for (int u : resolvedUsers) {
      newUsers.add(RowFactory.create(u, Arrays.copyOfRange(xNew, u * k, u * k + k)));
    }
    List<Row> newItems = new ArrayList<>();
    long itemsResolved = 0;
    for (int s = 0; s < lostItems.length; s++) {
      if (all.marks.items.get(lostItems[s])) {
        newItems.add(RowFactory.create(lostItems[s], Arrays.copyOfRange(yNew, s * k, s * k + k)));
        itemsResolved++;
      }
    }
    Dataset<Row> userTable = replace(spark, model.userFactors(), lost.userSet(), newUsers);
    Dataset<Row> itemTable = replace(spark, model.itemFactors(), lost.itemSet(), newItems);
    double seconds = (System.nanoTime() - t0) / 1e9;
    AlsModel resolvedModel = new AlsModel(k, userTable, itemTable, TrainingHistory.empty(), solver.describe());
    return new Unlearning.Result(resolvedModel, pairs.without(train), lost.pairs(), resolvedUsers.length, itemsResolved,
        lost.users() - resolvedUsers.length, lost.items() - itemsResolved, 0, seconds, 0.0);
  }

  /** The pass over {@code train}: partial item equations, the lost users' rows that stay, and the marks. */
  private static Pass pass(Dataset<Row> train, RemovedPairs pairs, LostEntities lost, Broadcast<IndexedFactors> users,
      Broadcast<int[]> slots, AlsParams params, long maxRows) {
    Broadcast<long[]> keys = pairs.shared();
    Broadcast<BitSet> lostUsers = lost.userSet();
    Broadcast<BitSet> lostItems = lost.itemSet();
    int k = params.rank();
    int n = slots.value().length;
    boolean implicit = params.implicit();
    double alpha = params.alpha();
    // Spark's internal rows, read in place: the pass reads each value once, so a conversion to Row would cost more
    // than the reading.
    JavaRDD<InternalRow> table = train.select(USER_IDX, ITEM_IDX, WEIGHT, RATING).queryExecution().toRdd().toJavaRDD();
    long share = Math.max(1, maxRows / Math.max(1, table.getNumPartitions()));
    return table.mapPartitions(it -> {
      Pass p = new Pass(n, k);
      p.read(it, keys.value(), lostUsers.value(), lostItems.value(), slots.value(), users.value(), implicit, alpha,
          share);
      return List.of(p).iterator();
    }).treeAggregate(new Pass(n, k), Pass::merge, Pass::merge);
  }

  /**
   * Step 1: each user of {@code rows} (sorted by user) solved with the items at {@code items}; the factors go to
   * {@code xNew} at the user's index. Returns the users solved, ascending.
   */
  private static int[] solveUsers(InteractionChunk rows, IndexedFactors items, double[] gramY, AlsParams p, BatchedSpdSolver solver,
      double[] xNew) {
    int k = p.rank();
    List<int[]> groups = new ArrayList<>(); // [user, first row, end]
    for (int q = 0; q < rows.size(); ) {
      int end = q;
      while (end < rows.size() && rows.dst(end) == rows.dst(q)) {
        end++;
      }
      groups.add(new int[] {rows.dst(q), q, end});
      q = end;
    }
    int[] solved = new int[groups.size()];
    for (int start = 0; start < groups.size(); start += BATCH) {
      int count = Math.min(BATCH, groups.size() - start);
      double[] a = new double[count * k * k];
      double[] b = new double[count * k];
      for (int m = 0; m < count; m++) {
        int[] g = groups.get(start + m);
        double wsum = 0.0;
        for (int q = g[1]; q < g[2]; q++) {
          int i = rows.src(q);
          if (!items.has(i)) {
            throw new IllegalArgumentException("the model has no factors for " + ITEM_IDX + " " + i
                + ", which keeps rows (user_idx " + g[0] + ")");
          }
          NormalEquations.add(k, a, m * k * k, b, m * k, items.values, i * k, rows.rating(q), rows.weight(q),
              p.implicit(), p.alpha());
          wsum += rows.weight(q);
        }
        NormalEquations.finish(k, a, m * k * k, p.lambda() * wsum, gramY);
      }
      solver.solve(k, count, a, b);
      for (int m = 0; m < count; m++) {
        int u = groups.get(start + m)[0];
        solved[start + m] = u;
        System.arraycopy(b, m * k, xNew, u * k, k);
      }
    }
    return solved;
  }

  /**
   * Step 2: each lost item's equation, the pass's partial sum plus the lost users' rows at their new factors
   * {@code xNew}; returns the factors by slot (those of items without a row of positive weight are left 0).
   */
  private static double[] solveItems(Pass all, InteractionChunk rows, int[] lostItems, double[] xNew, double[] gramX, AlsParams p,
      BatchedSpdSolver solver) {
    int k = p.rank();
    int n = lostItems.length;
    double[] a = all.a;
    double[] b = all.b;
    double[] wsum = all.wsum;
    for (int q = 0; q < rows.size(); q++) {
      int s = Arrays.binarySearch(lostItems, rows.src(q));
      if (s >= 0) {
        NormalEquations.add(k, a, s * k * k, b, s * k, xNew, rows.dst(q) * k, rows.rating(q), rows.weight(q),
            p.implicit(), p.alpha());
        wsum[s] += rows.weight(q);
      }
    }
    List<Integer> live = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      if (all.marks.items.get(lostItems[s])) {
        live.add(s);
      }
    }
    double[] y = new double[n * k];
    for (int start = 0; start < live.size(); start += BATCH) {
      int count = Math.min(BATCH, live.size() - start);
      double[] ab = new double[count * k * k];
      double[] bb = new double[count * k];
      for (int m = 0; m < count; m++) {
        int s = live.get(start + m);
        System.arraycopy(a, s * k * k, ab, m * k * k, k * k);
        System.arraycopy(b, s * k, bb, m * k, k);
        NormalEquations.finish(k, ab, m * k * k, p.lambda() * wsum[s], gramX);
      }
      solver.solve(k, count, ab, bb);
      for (int m = 0; m < count; m++) {
        System.arraycopy(bb, m * k, y, live.get(start + m) * k, k);
      }
    }
    return y;
  }

  /** {@code table} without the entities of {@code lostSet}, with {@code replacements} instead; cached, lazily. */
  private static Dataset<Row> replace(SparkSession spark, Dataset<Row> table, Broadcast<BitSet> lostSet,
      List<Row> replacements) {
    int idx = 0;
    Dataset<Row> kept = table.filter((FilterFunction<Row>) r -> !lostSet.value().get(r.getInt(idx)));
    return kept.unionByName(spark.createDataFrame(replacements, table.schema()));
  }

  /** What the pass finds in one partition, and merged. */
  private static final class Pass implements Serializable {
    private static final long serialVersionUID = 1L;
    final RemovedPairs.Marks marks = new RemovedPairs.Marks();
    final double[] a;
    final double[] b;
    final double[] wsum;
    final InteractionChunk rows = new InteractionChunk();
    boolean overflow;

    Pass(int slots, int k) {
      a = new double[slots * k * k];
      b = new double[slots * k];
      wsum = new double[slots];
    }

    /** Reads {@code user_idx, item_idx, weight, rating} rows. */
    void read(Iterator<InternalRow> it, long[] keys, BitSet lostUsers, BitSet lostItems, int[] slots, IndexedFactors x,
        boolean implicit, double alpha, long share) {
      int k = x.k;
      while (it.hasNext()) {
        InternalRow r = it.next();
        if (r.isNullAt(0) || r.isNullAt(1)) {
          throw new IllegalArgumentException("training row with a null " + USER_IDX + " or " + ITEM_IDX);
        }
        int u = r.getInt(0);
        int i = r.getInt(1);
        double w = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
        if (!marks.stays(keys, lostUsers, lostItems, u, i, w > 0.0) || !(w > 0.0)) {
          continue;
        }
        if (u >= 0 && lostUsers.get(u)) {
          if (rows.size() < share) {
            rows.add(u, i, rating(r, u, i), w);
          } else {
            overflow = true;
          }
        } else if (i >= 0 && lostItems.get(i)) {
          if (!x.has(u)) {
            throw new IllegalArgumentException("the model has no factors for " + USER_IDX + " " + u
                + ", which keeps rows (item_idx " + i + ")");
          }
          int s = Arrays.binarySearch(slots, i);
          NormalEquations.add(k, a, s * k * k, b, s * k, x.values, u * k, rating(r, u, i), w, implicit, alpha);
          wsum[s] += w;
        }
      }
    }

    private static double rating(InternalRow r, int u, int i) {
      if (r.isNullAt(3)) {
        throw new IllegalArgumentException("training row (" + USER_IDX + " " + u + ", " + ITEM_IDX + " " + i
            + ") has a null " + RATING);
      }
      return r.getDouble(3);
    }

    Pass merge(Pass o) {
      for (int q = 0; q < a.length; q++) {
        a[q] += o.a[q];
      }
      for (int q = 0; q < b.length; q++) {
        b[q] += o.b[q];
      }
      for (int q = 0; q < wsum.length; q++) {
        wsum[q] += o.wsum[q];
      }
      rows.addAll(o.rows);
      overflow |= o.overflow;
      marks.pairs.or(o.marks.pairs);
      marks.users.or(o.marks.users);
      marks.items.or(o.marks.items);
      return this;
    }
  }
}
