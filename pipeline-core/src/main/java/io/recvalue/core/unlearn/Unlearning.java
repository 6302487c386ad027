package io.recvalue.core.unlearn;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.SubsetHalfStep;
import io.recvalue.core.als.SweepListener;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.core.linalg.SolverBackends;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Removes training rows from a trained ALS model without training it again from scratch.
 *
 * <p>Let {@code R} be the removed (user, item) pairs, {@code T' = T \ R} the training rows that stay,
 * and {@code F'} the objective of docs/methods.md §1 on {@code T'}. A user's normal equation involves only its
 * own rows and the item factors ({@link io.recvalue.core.als.NormalEquations}), so with the items fixed,
 * only the users that lost a row ({@code U_R}) have a different minimiser. The update is:
 * <ol>
 *   <li><b>users of {@code R}</b>: {@code x_u ← argmin_x F'(x, Y)} for {@code u ∈ U_R}, the items at the
 *       trained {@code Y}: the same normal equation a sweep solves, built from {@code u}'s remaining rows,
 *       with {@code λ·Σw} over those rows (ALS-WR) on the diagonal;</li>
 *   <li><b>items of {@code R}</b>: {@code y_i ← argmin_y F'(X', y)} for {@code i ∈ I_R}, with the users
 *       at {@code X'} from step 1;</li>
 *   <li><b>warm sweeps</b>: {@code sweeps} full sweeps of {@link WeightedAls} on {@code T'} from the
 *       trained factors, which carry the change to the entities the two re-solves leave fixed (their neighbours,
 *       and for implicit data every entity through the Gramians).</li>
 * </ol>
 * With {@code sweeps ≥ 1}, steps 1 and 2 are not run on their own: the first warm sweep solves every
 * user's equation with the items at the trained {@code Y} and then every item's with the new users, so it
 * performs both re-solves exactly (and, for the entities that lost nothing, the step training would take
 * next). On a subset the re-solve costs joins and a block layout of its own, several times a sweep's
 * cost at the sizes measured (docs in benchmarks/unlearn.md), so it runs alone only at {@code sweeps = 0},
 * where nothing but the entities that lost rows may change; there, with the pairs as an array, it runs on the
 * driver after one pass over {@code train} ({@link LocalResolve}), unless that would hold too much there.
 *
 * <p>Each step minimises {@code F'} exactly over the factors it changes, so {@code F'} never increases
 * from its value at the trained factors (of the entities that keep rows); with enough sweeps the result
 * is a stationary point of {@code F'} reached from the trained factors, the point a retrain warm-started
 * from them converges to (tested).
 *
 * <p><b>Implicit feedback.</b> The Hu–Koren–Volinsky objective has a term for every (user, item) pair;
 * an observed pair has confidence {@code c = 1 + αr} and preference 1, every other pair confidence 1 and
 * preference 0. Removing a row makes its pair unobserved: it stays in the all-pairs term (through the
 * Gramian {@code YᵀY} of the fixed side, over all its factors) and only its correction
 * {@code (c − 1) y yᵀ}, {@code c y} leaves the user's equation. Nothing else is special.
 *
 * <p><b>Entities left without rows.</b> A user or item whose every row of positive weight is removed
 * has no factors afterwards, as training treats an entity without rows ({@link AlsModel}): it is not in
 * the factor tables, its predictions are dropped, and (implicit) it no longer enters the Gramians.
 *
 * <p><b>Nothing removed.</b> An empty {@code R} returns the trained factors unchanged and runs no sweep:
 * there is nothing to unlearn, and more sweeps would only continue training.
 *
 * <p>Rows are removed by pair: every row of {@code train} with a removed pair goes (ingest merges
 * duplicate pairs, so there is one). A removed pair that is not a row of {@code train} fails the update,
 * naming the first such pair, before anything is returned (with the pairs as an array, after the sweeps).
 *
 * <p><b>The jobs around the sweeps.</b> Up to {@link RemovedPairs#MAX_LOCAL} removed pairs (8 bytes each),
 * the pairs are collected, sorted, de-duplicated and broadcast as one array ({@link RemovedPairs}): the lost entities
 * are counted on the driver, and the rows that stay are a filter read by the pass that builds the sweep's blocks,
 * which marks as it reads the pairs it meets and the lost entities that keep a row (and so factors); the check
 * and those counts come from the marks after the fit (a pair that is no training row then fails the update after
 * its sweeps). One Spark job besides the fit, collecting the pairs (two when a partition of them holds more than
 * its share of the limit). More pairs, or {@code sweeps = 0} beyond what {@link LocalResolve} holds, take the
 * joins of Spark SQL instead (a shuffle of {@code train} when the pairs are too many to broadcast), with the
 * same result (tested).
 */
public final class Unlearning {
  private Unlearning() {}

  /**
   * The model without the removed rows, and what it took.
   *
   * @param model the updated model (the caller unpersists it)
   * @param remaining {@code train} without the removed rows, lazy and not cached (a caller that reads it more
   *     than once persists it)
   * @param removedRows distinct removed pairs
   * @param usersResolved users re-solved in step 1 (those that lost a row and kept one; with sweeps, solved
   *     in the first)
   * @param itemsResolved items re-solved in step 2
   * @param resolveSeconds wall time of steps 1 and 2 when run alone ({@code sweeps = 0}), else 0
   * @param usersDropped users that lost every row (no factors afterwards)
   * @param itemsDropped items that lost every row
   * @param sweeps warm sweeps run
   * @param sweepSeconds wall time of step 3
   */
  public record Result(AlsModel model, Dataset<Row> remaining, long removedRows, long usersResolved, long itemsResolved,
      long usersDropped, long itemsDropped, int sweeps, double resolveSeconds, double sweepSeconds) {}

  /**
   * @param train the training rows the model was trained on ({@code user_idx, item_idx, rating, weight})
   * @param removed the pairs to remove ({@code user_idx, item_idx}; other columns are ignored)
   * @param model the model trained on {@code train} with {@code params}
   * @param sweeps warm sweeps after the re-solves, {@code ≥ 0}
   * @throws NotATrainingRow when a removed pair is not a training row (the first, by user then item index)
   * @throws IllegalArgumentException when the model lacks factors for an entity that keeps rows (naming it)
   */
  public static Result run(SparkSession spark, Dataset<Row> train, Dataset<Row> removed, AlsModel model, AlsParams params,
      int sweeps, SweepListener listener) {
    return run(spark, train, removed, model, params, sweeps, listener, RemovedPairs.MAX_LOCAL);
  }

  /** {@link #run}, holding the pairs as an array on the driver up to {@code maxLocalPairs} of them. */
  static Result run(SparkSession spark, Dataset<Row> train, Dataset<Row> removed, AlsModel model, AlsParams params,
      int sweeps, SweepListener listener, int maxLocalPairs) {
    return run(spark, train, removed, model, params, sweeps, listener, maxLocalPairs, LocalResolve.maxLocalDoubles());
  }

  /**
   * {@link #run}, holding the pairs as an array up to {@code maxLocalPairs} of them and, without sweeps, re-solving
   * on the driver ({@link LocalResolve}) where it holds at most {@code maxLocalDoubles} numbers.
   */
  static Result run(SparkSession spark, Dataset<Row> train, Dataset<Row> removed, AlsModel model, AlsParams params,
      int sweeps, SweepListener listener, int maxLocalPairs, long maxLocalDoubles) {
    if (sweeps < 0) {
      throw new IllegalArgumentException("sweeps must be >= 0, got " + sweeps);
    }
    RemovedPairs local = RemovedPairs.collect(spark, removed, maxLocalPairs);
    if (local != null && (sweeps > 0 || local.size() == 0)) {
      return swept(spark, train, local, model, params, sweeps, listener);
    }
    if (local != null) {
      // The lost entities' broadcasts are read by the filters of the new factor tables: left to Spark's cleaner.
      Result resolved = LocalResolve.run(spark, train, local, LostEntities.of(spark, local), model, params,
          maxLocalDoubles);
      if (resolved != null) {
        return resolved;
      }
    }
    Dataset<Row> pairs = removed.select(col(USER_IDX), col(ITEM_IDX)).distinct().persist(StorageLevel.MEMORY_AND_DISK());
    LostEntities lost = LostEntities.of(spark, pairs); // materialises the cached pairs
    try {
      long removedRows = lost.pairs();
      requireInTraining(pairs, removedRows, train);
      // Spark broadcasts the pairs when they are few: the anti-join is then a filter on the pass over the rows
      // that builds the sweep's blocks. Not cached: the fit reads it once (its blocks are what it keeps).
      Dataset<Row> remaining = train.join(pairs, toSeq(USER_IDX, ITEM_IDX), "left_anti");
      if (removedRows == 0) {
        return new Result(model, remaining, 0, 0, 0, 0, 0, 0, 0.0, 0.0);
      }
      if (sweeps > 0) {
        return swept(spark, remaining, model, params, sweeps, listener, lost);
      }
      Dataset<Row> lostUsers = pairs.select(USER_IDX).distinct();
      Dataset<Row> lostItems = pairs.select(ITEM_IDX).distinct();
      long t0 = System.nanoTime();
      Dataset<Row> live = remaining.filter(col(WEIGHT).gt(0.0));
      // The user re-solve reads only the items of the lost users' remaining rows, so explicit feedback can use
      // the trained item table as it is; implicit feedback needs the items that keep rows for the Gramian.
      Dataset<Row> items = params.implicit()
          ? model.itemFactors().join(live.select(ITEM_IDX).distinct(), ITEM_IDX).persist(StorageLevel.MEMORY_AND_DISK())
          : model.itemFactors();
      int k = params.rank();
      Dataset<Row> newUsers = SubsetHalfStep.users(spark, live.join(lostUsers, USER_IDX),
          items, params.implicit() ? SubsetHalfStep.gram(items, k) : null, params);
      Dataset<Row> users = model.userFactors().join(lostUsers, toSeq(USER_IDX), "left_anti").unionByName(newUsers)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> newItems = SubsetHalfStep.items(spark, live.join(lostItems, ITEM_IDX),
          users, params.implicit() ? SubsetHalfStep.gram(users, k) : null, params);
      Dataset<Row> allItems = items.join(lostItems, toSeq(ITEM_IDX), "left_anti").unionByName(newItems)
          .persist(StorageLevel.MEMORY_AND_DISK());
      long usersResolved = newUsers.count();
      long itemsResolved = newItems.count();
      long usersDropped = lost.users() - usersResolved;
      long itemsDropped = lost.items() - itemsResolved;
      users.count();
      allItems.count();
      for (Dataset<Row> d : List.of(newUsers, newItems)) {
        d.unpersist(false);
      }
      if (items != model.itemFactors()) {
        items.unpersist(false);
      }
      double resolveSeconds = (System.nanoTime() - t0) / 1e9;
      String solver = SolverBackends.create(SolverBackends.resolve(params.solverBackend())).describe();
      AlsModel resolved = new AlsModel(k, users, allItems, TrainingHistory.empty(), solver);
      return new Result(resolved, remaining, removedRows, usersResolved, itemsResolved, usersDropped, itemsDropped,
          0, resolveSeconds, 0.0);
    } finally {
      lost.destroy();
      pairs.unpersist(false);
    }
  }

  /**
   * The update with sweeps, the pairs held as an array. The check that every pair is a training row comes from the
   * marks the fit's block build leaves as it reads the rows ({@link RemovedPairs.Dropped#check}), so a pair that
   * is no training row fails the update after the sweeps, not before; nothing has been written then.
   */
  private static Result swept(SparkSession spark, Dataset<Row> train, RemovedPairs pairs, AlsModel model, AlsParams params,
      int sweeps, SweepListener listener) {
    if (pairs.size() == 0) {
      return new Result(model, pairs.without(train), 0, 0, 0, 0, 0, 0, 0.0, 0.0);
    }
    // The lost entities' broadcasts are read by the filter the new model's lineage holds (later jobs on the model
    // serialise it), so they are left to Spark's cleaner, as the pairs' array is, rather than destroyed here.
    LostEntities lost = LostEntities.of(spark, pairs);
    RemovedPairs.Dropped dropped = pairs.dropFrom(train, lost);
    long t1 = System.nanoTime();
    AlsModel swept = sweep(spark, dropped.rows(), model, params, sweeps, listener);
    double sweepSeconds = (System.nanoTime() - t1) / 1e9;
    RemovedPairs.Check check = dropped.check();
    if (check.firstMissing() != null) {
      swept.unpersist();
      throw new NotATrainingRow(check.firstMissing()[0], check.firstMissing()[1]);
    }
    return result(swept, pairs.without(train), lost, new long[] {check.usersKept(), check.itemsKept()}, sweeps,
        sweepSeconds);
  }

  /** The warm sweeps on the rows that stay; the lost entities that keep factors counted in the new model. */
  private static Result swept(SparkSession spark, Dataset<Row> remaining, AlsModel model, AlsParams params, int sweeps,
      SweepListener listener, LostEntities lost) {
    long t1 = System.nanoTime();
    AlsModel swept = sweep(spark, remaining, model, params, sweeps, listener);
    double sweepSeconds = (System.nanoTime() - t1) / 1e9;
    return result(swept, remaining, lost, lost.keptIn(swept), sweeps, sweepSeconds);
  }

  private static AlsModel sweep(SparkSession spark, Dataset<Row> remaining, AlsModel model, AlsParams params, int sweeps,
      SweepListener listener) {
    return WeightedAls.fit(spark, remaining, params.withMaxIter(sweeps).withTol(0), model, null, listener);
  }

  /** @param kept {@code [lost users that keep factors, lost items that keep factors]} */
  private static Result result(AlsModel swept, Dataset<Row> remaining, LostEntities lost, long[] kept, int sweeps,
      double sweepSeconds) {
    return new Result(swept, remaining, lost.pairs(), kept[0], kept[1], lost.users() - kept[0], lost.items() - kept[1],
        sweeps, 0.0, sweepSeconds);
  }

  /**
   * Fails naming the first removed pair (by user, then item index) that is not a training row. The usual
   * case, every pair found, costs one pass over {@code train} filtered by the (broadcast) pairs; only a
   * failing check pays the anti-join that finds the pair to name.
   *
   * @param distinctPairs the number of rows of {@code pairs} (distinct pairs)
   */
  static void requireInTraining(Dataset<Row> pairs, long distinctPairs, Dataset<Row> train) {
    if (distinctPairs == 0) {
      return;
    }
    long found = train.select(USER_IDX, ITEM_IDX).join(pairs, toSeq(USER_IDX, ITEM_IDX), "left_semi").distinct().count();
    if (found == distinctPairs) {
      return;
    }
    List<Row> missing = pairs.join(train.select(USER_IDX, ITEM_IDX), toSeq(USER_IDX, ITEM_IDX), "left_anti")
        .orderBy(USER_IDX, ITEM_IDX).limit(1).collectAsList();
    throw new NotATrainingRow(missing.get(0).getInt(0), missing.get(0).getInt(1));
  }

  private static scala.collection.Seq<String> toSeq(String... names) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(names)).toSeq();
  }
}
