package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The blocked layout of the training interactions, built once per fit (MLlib's in/out blocks).
 * User {@code u} lives in block {@code u % numBlocks}, item {@code i} in {@code i % numBlocks}; every
 * RDD here is keyed by block id and partitioned by the same {@link HashPartitioner}, so the joins of a
 * half-step are narrow. {@code userOut[s][d]} lists the positions (in user block {@code s}) of the users
 * that item block {@code d} needs, in the order of {@code itemIn(d).srcIds[s]}; likewise {@code itemOut}.
 * Interactions of weight 0 are dropped here (they contribute nothing to {@code F}); a negative, NaN or
 * null weight or rating, or a negative index, fails the job with the offending row.
 *
 * <p>Optional <em>nudge pairs</em> ({@link WeightedAls#fitNudgedIterates}) join the same blocks flagged as
 * plain squared terms {@code ν (t − s)²}: any finite non-zero weight {@code ν} (negative for the
 * {@code −β} phase of equilibrium propagation), target {@code t} in the rating column, no share of the
 * regularisation.
 */
final class AlsBlocks {
  final int numBlocks;
  /** 1, or 2 for a twinned problem ({@link TwinCopies}). */
  final int copies;
  final Partitioner partitioner;
  final JavaPairRDD<Integer, InBlock> userIn;
  final JavaPairRDD<Integer, InBlock> itemIn;
  final JavaPairRDD<Integer, int[][]> userOut;
  final JavaPairRDD<Integer, int[][]> itemOut;

  private AlsBlocks(int nb, int copies, Partitioner p, JavaPairRDD<Integer, InBlock> ui,
      JavaPairRDD<Integer, InBlock> ii, JavaPairRDD<Integer, int[][]> uo, JavaPairRDD<Integer, int[][]> io) {
    numBlocks = nb;
    this.copies = copies;
    partitioner = p;
    userIn = ui;
    itemIn = ii;
    userOut = uo;
    itemOut = io;
  }

  static AlsBlocks build(Dataset<Row> train, int numBlocks) {
    return build(train, null, numBlocks);
  }

  /** The layout of {@code train} plus the nudge pairs {@code nudge} (same columns; may be null). */
  static AlsBlocks build(Dataset<Row> train, Dataset<Row> nudge, int numBlocks) {
    return build(train, nudge, numBlocks, 1);
  }

  /**
   * The layout of two disconnected copies of {@code train} plus {@code nudge} ({@link TwinCopies}), the second
   * copy's nudge weights negated: each block is built once, as for one copy, and then twinned in place
   * ({@link InBlock#twinned}), so the rows are shuffled once.
   */
  static AlsBlocks buildTwinned(Dataset<Row> train, Dataset<Row> nudge, int numBlocks) {
    return build(train, nudge, numBlocks, 2);
  }

  private static AlsBlocks build(Dataset<Row> train, Dataset<Row> nudge, int numBlocks, int copies) {
    Partitioner part = new HashPartitioner(numBlocks);
    JavaRDD<InternalRow> rows = interactions(train);
    JavaRDD<InternalRow> nudges = nudge == null ? null : interactions(nudge);
    JavaPairRDD<Integer, InBlock> ui = inBlocks(rows, nudges, numBlocks, part, true);
    JavaPairRDD<Integer, InBlock> ii = inBlocks(rows, nudges, numBlocks, part, false);
    if (copies == 2) {
      ui = ui.mapValues(b -> b.twinned(numBlocks));
      ii = ii.mapValues(b -> b.twinned(numBlocks));
    }
    ui.setName("als.userInBlocks");
    ii.setName("als.itemInBlocks");
    ui.persist(StorageLevel.MEMORY_AND_DISK());
    ii.persist(StorageLevel.MEMORY_AND_DISK());
    JavaPairRDD<Integer, int[][]> uo = outBlocks(ui, numBlocks).setName("als.userOutBlocks");
    JavaPairRDD<Integer, int[][]> io = outBlocks(ii, numBlocks).setName("als.itemOutBlocks");
    uo.persist(StorageLevel.MEMORY_AND_DISK());
    io.persist(StorageLevel.MEMORY_AND_DISK());
    return new AlsBlocks(numBlocks, copies, part, ui, ii, uo, io);
  }

  /**
   * {@code user_idx, item_idx, rating, weight} as Spark's internal rows, read in place (each value is read once,
   * so a conversion to {@link Row} would cost more than the reading); the indexes must be {@code int}, rating and
   * weight are read as {@code double}.
   */
  private static JavaRDD<InternalRow> interactions(Dataset<Row> table) {
    for (String c : new String[] {USER_IDX, ITEM_IDX}) {
      DataType t = table.schema().apply(c).dataType();
      if (!t.equals(DataTypes.IntegerType)) {
        throw new IllegalArgumentException("column " + c + " must be int, is " + t.simpleString());
      }
    }
    return table.select(col(USER_IDX), col(ITEM_IDX), col(RATING).cast(DataTypes.DoubleType),
        col(WEIGHT).cast(DataTypes.DoubleType)).queryExecution().toRdd().toJavaRDD();
  }

  /**
   * These blocks with every nudge pair's weight multiplied by {@code scale}: the in-blocks copied (cached), the
   * out-blocks shared (the positions do not depend on the weights). Release the copy with
   * {@link #unpersistInBlocks}, not {@link #unpersist}, which would free the shared out-blocks.
   */
  AlsBlocks withNudgeScaled(double scale) {
    JavaPairRDD<Integer, InBlock> ui = userIn.mapValues(b -> b.withNudgeScaled(scale)).setName("als.userInBlocks.scaled");
    JavaPairRDD<Integer, InBlock> ii = itemIn.mapValues(b -> b.withNudgeScaled(scale)).setName("als.itemInBlocks.scaled");
    ui.persist(StorageLevel.MEMORY_AND_DISK());
    ii.persist(StorageLevel.MEMORY_AND_DISK());
    return new AlsBlocks(numBlocks, copies, partitioner, ui, ii, userOut, itemOut);
  }

  void unpersist() {
    unpersistInBlocks();
    userOut.unpersist(false);
    itemOut.unpersist(false);
  }

  void unpersistInBlocks() {
    userIn.unpersist(false);
    itemIn.unpersist(false);
  }

  private static JavaPairRDD<Integer, InBlock> inBlocks(JavaRDD<InternalRow> rows, JavaRDD<InternalRow> nudges, int nb,
      Partitioner part, boolean byUser) {
    JavaPairRDD<Integer, InteractionChunk> chunks = rows.mapPartitionsToPair(it -> chunk(it, nb, byUser, false));
    if (nudges != null) {
      chunks = chunks.union(nudges.mapPartitionsToPair(it -> chunk(it, nb, byUser, true)));
    }
    return chunks.groupByKey(part).mapValues(c -> InteractionChunk.concat(c).toInBlock(nb));
  }

  private static Iterator<Tuple2<Integer, InteractionChunk>> chunk(Iterator<InternalRow> it, int nb, boolean byUser,
      boolean plain) {
    InteractionChunk[] chunks = new InteractionChunk[nb];
    while (it.hasNext()) {
      InternalRow row = it.next();
      check(row, plain);
      double w = row.getDouble(3);
      if (w == 0.0) {
        continue;
      }
      int u = row.getInt(0);
      int i = row.getInt(1);
      int dst = byUser ? u : i;
      int b = dst % nb;
      if (chunks[b] == null) {
        chunks[b] = new InteractionChunk();
      }
      chunks[b].add(dst, byUser ? i : u, row.getDouble(2), w, plain);
    }
    List<Tuple2<Integer, InteractionChunk>> out = new ArrayList<>();
    for (int b = 0; b < nb; b++) {
      if (chunks[b] != null) {
        out.add(new Tuple2<>(b, chunks[b]));
      }
    }
    return out.iterator();
  }

  private static final String[] COLUMNS = {USER_IDX, ITEM_IDX, RATING, WEIGHT};

  private static void check(InternalRow row, boolean plain) {
    String what = plain ? "nudge pair" : "training interaction";
    for (int c = 0; c < 4; c++) {
      if (row.isNullAt(c)) {
        throw new IllegalArgumentException(what + " with null " + COLUMNS[c] + ": " + describe(row));
      }
    }
    if (row.getInt(0) < 0 || row.getInt(1) < 0) {
      throw new IllegalArgumentException(what + " with a negative index: " + describe(row));
    }
    double w = row.getDouble(3);
    if (plain) {
      if (!Double.isFinite(w) || !Double.isFinite(row.getDouble(2))) {
        throw new IllegalArgumentException("nudge pair needs a finite target and a finite weight: " + describe(row));
      }
    } else if (!(w >= 0.0) || Double.isInfinite(w) || !Double.isFinite(row.getDouble(2))) {
      throw new IllegalArgumentException(
          "training interaction needs a finite rating and a finite weight >= 0: " + describe(row));
    }
  }

  /** {@code [user_idx=…, item_idx=…, rating=…, weight=…]}, nulls named. */
  private static String describe(InternalRow row) {
    StringBuilder s = new StringBuilder("[");
    for (int c = 0; c < 4; c++) {
      s.append(c == 0 ? "" : ", ").append(COLUMNS[c]).append('=');
      s.append(row.isNullAt(c) ? "null" : c < 2 ? String.valueOf(row.getInt(c)) : String.valueOf(row.getDouble(c)));
    }
    return s.append(']').toString();
  }


  /** The out-blocks of one side, each from its own in-block, without a shuffle ({@link OutPositions}). */
  private static JavaPairRDD<Integer, int[][]> outBlocks(JavaPairRDD<Integer, InBlock> ownIn, int nb) {
    return ownIn.mapValues(b -> OutPositions.of(b.ptr, b.srcBlock, nb));
  }
}
