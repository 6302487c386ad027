package io.recvalue.core.unlearn;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsObjective;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.DenseOracle;
import io.recvalue.core.als.LocalAls;
import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.als.Planted;
import io.recvalue.core.als.SweepListener;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Unlearning} against dense references: the re-solve of the affected entities against a dense
 * solve of their objective, the update run to convergence against a retrain without the rows, and the
 * contract (nothing removed, a pair that is not a training row).
 */
@SparkTest
class UnlearningTest {
  private static final int K = 3;
  private static final StructType PAIRS = new StructType().add(USER_IDX, DataTypes.IntegerType)
      .add(ITEM_IDX, DataTypes.IntegerType);
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  /** A well-regularised planted problem, its model trained to convergence, and a removal. */
  private record Case(AlsObjective.Problem full, AlsObjective.Problem kept, boolean[] removed, double[] x, double[] y) {
    AlsParams params(int blocks) {
      return new AlsParams(K, full.lambda(), full.implicit(), full.alpha(), 1, 0.0, blocks, 7L, 5, "java");
    }

    AlsModel model() {
      return new AlsModel(K, Planted.factors(spark, USER_IDX, x, full.numUsers(), K),
          Planted.factors(spark, ITEM_IDX, y, full.numItems(), K), TrainingHistory.empty(), "given");
    }

    Dataset<Row> removedPairs() {
      List<Row> rows = new ArrayList<>();
      for (int j = 0; j < removed.length; j++) {
        if (removed[j]) {
          rows.add(RowFactory.create(full.users()[j], full.items()[j]));
        }
      }
      return spark.createDataFrame(rows, PAIRS);
    }
  }

  /**
   * Removes every row of user 1, every row of the least-rated item and one row in eleven, from a model
   * trained to convergence.
   */
  private static Case removal(boolean implicit) {
    AlsObjective.Problem p = Planted.problem(K, 30, 20, 10, implicit ? 0.3 : 0.1, implicit, 0.3, 5L);
    SplittableRandom rnd = new SplittableRandom(3);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    LocalAls.Result r = new LocalAls(p, null, new JavaCholeskySolver()).solve(x, y, 1e-14, 50_000);
    assertTrue(r.converged(), "the trained model did not converge: " + r);
    int[] perItem = new int[p.numItems()];
    for (int i : p.items()) {
      perItem[i]++;
    }
    int rarest = 0;
    for (int i = 1; i < perItem.length; i++) {
      rarest = perItem[i] < perItem[rarest] ? i : rarest;
    }
    boolean[] removed = new boolean[p.users().length];
    for (int j = 0; j < removed.length; j++) {
      removed[j] = p.users()[j] == 1 || p.items()[j] == rarest || j % 11 == 4;
    }
    return new Case(p, subset(p, removed, false), removed, x, y);
  }

  /** The rows of {@code p} whose flag is {@code keepFlag}, with the same entities. */
  private static AlsObjective.Problem subset(AlsObjective.Problem p, boolean[] flag, boolean keepFlag) {
    List<Integer> idx = new ArrayList<>();
    for (int j = 0; j < flag.length; j++) {
      if (flag[j] == keepFlag) {
        idx.add(j);
      }
    }
    int n = idx.size();
    int[] u = new int[n];
    int[] i = new int[n];
    double[] r = new double[n];
    double[] w = new double[n];
    for (int q = 0; q < n; q++) {
      int j = idx.get(q);
      u[q] = p.users()[j];
      i[q] = p.items()[j];
      r[q] = p.ratings()[j];
      w[q] = p.weights()[j];
    }
    return new AlsObjective.Problem(p.rank(), p.numUsers(), p.numItems(), u, i, r, w, p.lambda(), p.implicit(), p.alpha());
  }

  private static boolean[] hasRows(int[] entities, int n) {
    boolean[] has = new boolean[n];
    for (int e : entities) {
      has[e] = true;
    }
    return has;
  }

  /** Factors with the entities that have no rows set to 0 (implicit: they take no part in the Gramian). */
  private static double[] zeroAbsent(double[] f, boolean[] present) {
    double[] z = f.clone();
    for (int e = 0; e < present.length; e++) {
      if (!present[e]) {
        Arrays.fill(z, e * K, e * K + K, 0.0);
      }
    }
    return z;
  }

  /**
   * Both forms of the re-solve: on the driver after one pass ({@link LocalResolve}, three Spark jobs in all: the
   * pairs, the factor tables, the pass), and by Spark SQL's joins (forced by a limit of 0 pairs held).
   */
  @ParameterizedTest(name = "implicit={0}, on the driver={1}")
  @CsvSource({"false,true", "true,true", "false,false", "true,false"})
  void theReSolveOfTheAffectedEntitiesIsTheirDenseMinimiser(boolean implicit, boolean onTheDriver) {
    Case c = removal(implicit);
    Unlearning.Result[] result = new Unlearning.Result[1];
    int jobs = JobCount.of(spark, "resolve-" + implicit + "-" + onTheDriver, () -> result[0] = Unlearning.run(spark,
        Planted.table(spark, c.full()), c.removedPairs(), c.model(), c.params(3), 0, SweepListener.NONE,
        onTheDriver ? RemovedPairs.MAX_LOCAL : 0));
    Unlearning.Result out = result[0];
    if (onTheDriver) {
      assertEquals(3, jobs, "Spark jobs of the re-solve on the driver");
    } else {
      assertTrue(jobs > 3, "the joins ran " + jobs + " Spark jobs");
    }
    AlsObjective.Problem kept = c.kept();
    boolean[] userLeft = hasRows(kept.users(), kept.numUsers());
    boolean[] itemLeft = hasRows(kept.items(), kept.numItems());
    boolean[] lostUser = new boolean[kept.numUsers()];
    boolean[] lostItem = new boolean[kept.numItems()];
    for (int j = 0; j < c.removed().length; j++) {
      if (c.removed()[j]) {
        lostUser[c.full().users()[j]] = true;
        lostItem[c.full().items()[j]] = true;
      }
    }
    // Step 1 by a dense solve of F' over all users, items at the trained factors (those left without rows: none).
    double[] y0 = zeroAbsent(c.y(), itemLeft);
    double[] xDense = DenseOracle.minimiseOverUsers(withEveryEntity(kept, userLeft, true), y0);
    double[] x1 = c.x().clone();
    for (int u = 0; u < kept.numUsers(); u++) {
      if (lostUser[u]) {
        System.arraycopy(xDense, u * K, x1, u * K, K);
      }
    }
    double[] yDense = DenseOracle.minimiseOverItems(withEveryEntity(kept, itemLeft, false), zeroAbsent(x1, userLeft));
    double[] y1 = c.y().clone();
    for (int i = 0; i < kept.numItems(); i++) {
      if (lostItem[i]) {
        System.arraycopy(yDense, i * K, y1, i * K, K);
      }
    }
    double[] gotX = Planted.dense(out.model().userFactors(), kept.numUsers(), K);
    double[] gotY = Planted.dense(out.model().itemFactors(), kept.numItems(), K);
    assertMatches("user", gotX, x1, lostUser, userLeft);
    assertMatches("item", gotY, y1, lostItem, itemLeft);
    long lostUsers = count(lostUser);
    long lostItems = count(lostItem);
    assertEquals(count(c.removed()), out.removedRows());
    assertEquals(lostUsers - out.usersDropped(), out.usersResolved());
    assertEquals(lostItems - out.itemsDropped(), out.itemsResolved());
    assertTrue(out.usersDropped() >= 1 && out.itemsDropped() >= 1, "the case removes a whole user and item");
    assertEquals(kept.users().length, out.remaining().count());
    out.model().unpersist();
  }

  /**
   * {@code p} where each entity of one side that has no rows gets one light row (with an item or user
   * 0, fixed in the solve): its block of the dense system, singular without it for explicit data, is then
   * regular. The blocks are independent, so the others' minimisers do not change; its own is not compared.
   */
  private static AlsObjective.Problem withEveryEntity(AlsObjective.Problem p, boolean[] present, boolean users) {
    List<int[]> extra = new ArrayList<>();
    for (int e = 0; e < present.length; e++) {
      if (!present[e]) {
        extra.add(new int[] {users ? e : 0, users ? 0 : e});
      }
    }
    if (extra.isEmpty()) {
      return p;
    }
    int n = p.users().length;
    int m = n + extra.size();
    int[] u = Arrays.copyOf(p.users(), m);
    int[] i = Arrays.copyOf(p.items(), m);
    double[] r = Arrays.copyOf(p.ratings(), m);
    double[] w = Arrays.copyOf(p.weights(), m);
    for (int q = 0; q < extra.size(); q++) {
      u[n + q] = extra.get(q)[0];
      i[n + q] = extra.get(q)[1];
      w[n + q] = 1e-3;
    }
    return new AlsObjective.Problem(p.rank(), p.numUsers(), p.numItems(), u, i, r, w, p.lambda(), p.implicit(), p.alpha());
  }

  private static void assertMatches(String side, double[] got, double[] expected, boolean[] lost, boolean[] present) {
    for (int e = 0; e < present.length; e++) {
      for (int q = 0; q < K; q++) {
        double g = got[e * K + q];
        double x = expected[e * K + q];
        if (!present[e]) {
          assertTrue(Double.isNaN(g), side + " " + e + " lost every row but has factors");
        } else if (lost[e]) {
          assertEquals(x, g, 1e-10 * Math.max(1.0, Math.abs(x)), side + " " + e + " re-solved");
        } else {
          assertEquals(x, g, 0.0, side + " " + e + " did not lose a row and must keep its factors exactly");
        }
      }
    }
  }

  private static long count(boolean[] b) {
    long n = 0;
    for (boolean v : b) {
      n += v ? 1 : 0;
    }
    return n;
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void runToConvergenceItPredictsAsARetrainWithoutTheRows(boolean implicit) {
    Case c = removal(implicit);
    AlsObjective.Problem kept = c.kept();
    boolean[] userLeft = hasRows(kept.users(), kept.numUsers());
    boolean[] itemLeft = hasRows(kept.items(), kept.numItems());
    // The retrain: local ALS on the kept rows from the trained factors (no rotation between the two), converged.
    double[] rx = c.x().clone();
    double[] ry = c.y().clone();
    LocalAls.Result r = new LocalAls(kept, null, new JavaCholeskySolver()).solve(rx, ry, 1e-14, 50_000);
    assertTrue(r.converged(), "retrain did not converge: " + r);
    double[] retrain = predictions(rx, ry, userLeft, itemLeft);
    double[] before = predictions(c.x(), c.y(), userLeft, itemLeft);
    Unlearning.Result converged = Unlearning.run(spark, Planted.table(spark, c.full()), c.removedPairs(), c.model(),
        c.params(2), sweepsToConverge(implicit), SweepListener.NONE);
    List<TrainingHistory.Iteration> its = converged.model().history().iterations();
    TrainingHistory.Iteration last = its.get(its.size() - 1);
    double gap = maxAbsDiff(predictions(converged.model(), userLeft, itemLeft), retrain);
    assertTrue(gap < 1e-8, "converged update vs retrain: max prediction gap " + gap + " after " + last);
    assertTrue(last.relativeChange() < 1e-12, "the update has not converged: " + last);
    assertTrue(Double.isNaN(Planted.dense(converged.model().userFactors(), kept.numUsers(), K)[K]), "user 1 lost every row");
    converged.model().unpersist();

    Unlearning.Result quick = Unlearning.run(spark, Planted.table(spark, c.full()), c.removedPairs(), c.model(),
        c.params(2), 2, SweepListener.NONE);
    double quickGap = maxAbsDiff(predictions(quick.model(), userLeft, itemLeft), retrain);
    double staleGap = maxAbsDiff(before, retrain);
    assertTrue(quickGap < staleGap, "two sweeps: gap to the retrain " + quickGap + " vs the trained model's " + staleGap);
    quick.model().unpersist();
  }

  /**
   * Enough sweeps for these small problems to converge (checked by the test itself: the objective's
   * relative change of the last sweep); implicit feedback converges more slowly.
   */
  private static int sweepsToConverge(boolean implicit) {
    return implicit ? 160 : 80;
  }

  /** {@code x_u·y_i} for every pair of entities that keep rows (others NaN). */
  private static double[] predictions(double[] x, double[] y, boolean[] userLeft, boolean[] itemLeft) {
    double[] s = new double[userLeft.length * itemLeft.length];
    for (int u = 0; u < userLeft.length; u++) {
      for (int i = 0; i < itemLeft.length; i++) {
        s[u * itemLeft.length + i] = userLeft[u] && itemLeft[i] ? NormalEquations.dot(K, x, u * K, y, i * K) : Double.NaN;
      }
    }
    return s;
  }

  private static double[] predictions(AlsModel m, boolean[] userLeft, boolean[] itemLeft) {
    return predictions(Planted.dense(m.userFactors(), userLeft.length, K), Planted.dense(m.itemFactors(), itemLeft.length, K),
        userLeft, itemLeft);
  }

  /** Largest difference over the pairs both score; a pair that only one scores is an infinite difference. */
  private static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int q = 0; q < a.length; q++) {
      if (Double.isNaN(a[q]) != Double.isNaN(b[q])) {
        return Double.POSITIVE_INFINITY;
      }
      if (!Double.isNaN(a[q])) {
        m = Math.max(m, Math.abs(a[q] - b[q]));
      }
    }
    return m;
  }

  @Test
  void removingNothingChangesNothing() {
    Case c = removal(false);
    Unlearning.Result out = Unlearning.run(spark, Planted.table(spark, c.full()), spark.createDataFrame(List.of(), PAIRS),
        c.model(), c.params(2), 2, SweepListener.NONE);
    double[] gotX = Planted.dense(out.model().userFactors(), c.full().numUsers(), K);
    double[] gotY = Planted.dense(out.model().itemFactors(), c.full().numItems(), K);
    assertTrue(Planted.maxAbsDiff(gotX, c.x()) <= 1e-12, "users changed");
    assertTrue(Planted.maxAbsDiff(gotY, c.y()) <= 1e-12, "items changed");
    assertEquals(0, out.removedRows());
    assertEquals(0, out.sweeps());
    assertEquals(c.full().users().length, out.remaining().count());
  }

  /**
   * The pairs held as a broadcast array (the usual case) and taken out by Spark SQL's joins (more pairs than
   * the array may hold, forced here by a limit of 0) give the same model, counts and rows that stay. The
   * removed table lists one pair twice, which both count once.
   */
  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void bothWaysOfTakingOutThePairsGiveTheSameUpdate(boolean implicit) {
    Case c = removal(implicit);
    Dataset<Row> train = Planted.table(spark, c.full());
    Dataset<Row> removed = c.removedPairs().union(c.removedPairs().limit(1));
    Unlearning.Result local = Unlearning.run(spark, train, removed, c.model(), c.params(2), 2, SweepListener.NONE);
    Unlearning.Result joined = Unlearning.run(spark, train, removed, c.model(), c.params(2), 2, SweepListener.NONE, 0);
    int nu = c.full().numUsers();
    int ni = c.full().numItems();
    // entities left without rows are NaN in both (maxAbsDiff: a NaN on one side only is an infinite difference)
    assertTrue(maxAbsDiff(Planted.dense(local.model().userFactors(), nu, K),
        Planted.dense(joined.model().userFactors(), nu, K)) <= 1e-12, "users differ");
    assertTrue(maxAbsDiff(Planted.dense(local.model().itemFactors(), ni, K),
        Planted.dense(joined.model().itemFactors(), ni, K)) <= 1e-12, "items differ");
    assertEquals(count(c.removed()), local.removedRows());
    assertEquals(List.of(joined.removedRows(), joined.usersResolved(), joined.itemsResolved(), joined.usersDropped(),
        joined.itemsDropped()), List.of(local.removedRows(), local.usersResolved(), local.itemsResolved(),
        local.usersDropped(), local.itemsDropped()));
    assertTrue(local.usersDropped() >= 1 && local.itemsDropped() >= 1, "the case removes a whole user and item");
    assertEquals(c.kept().users().length, local.remaining().count());
    assertEquals(c.kept().users().length, joined.remaining().count());
    local.model().unpersist();
    joined.model().unpersist();
  }

  @ParameterizedTest(name = "pairs held as an array: {0}, sweeps {1}")
  @CsvSource({"true,2", "false,2", "true,0", "false,0"})
  void aRemovedPairThatIsNotATrainingRowIsNamed(boolean asArray, int sweeps) {
    Case c = removal(false);
    boolean[] rated = new boolean[c.full().numItems()];
    for (int j = 0; j < c.full().users().length; j++) {
      if (c.full().users()[j] == 2) {
        rated[c.full().items()[j]] = true;
      }
    }
    int unrated = 0;
    while (rated[unrated]) {
      unrated++;
    }
    Dataset<Row> removed = spark.createDataFrame(List.of(RowFactory.create(c.full().users()[0], c.full().items()[0]),
        RowFactory.create(7, 9999), RowFactory.create(2, unrated)), PAIRS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Unlearning.run(spark,
        Planted.table(spark, c.full()), removed, c.model(), c.params(2), sweeps, SweepListener.NONE,
        asArray ? RemovedPairs.MAX_LOCAL : 0));
    assertTrue(e.getMessage().contains("(user_idx 2, item_idx " + unrated + ")"), e.getMessage());
  }

  /**
   * A lost user whose rows that stay all have weight 0 gets no factors (training leaves out an entity without
   * a row of positive weight), and both ways of taking out the pairs count it among the users left without rows.
   * The counts are checked against a count over the rows here.
   */
  @ParameterizedTest(name = "pairs held as an array: {0}, sweeps {1}")
  @CsvSource({"true,2", "false,2", "true,0", "false,0"})
  void aLostUserWhoseRowsThatStayWeighNothingIsLeftWithoutFactors(boolean asArray, int sweeps) {
    Case c = removal(false);
    AlsObjective.Problem p = c.full();
    int n = p.users().length;
    int silenced = -1;
    for (int j = 0; j < n && silenced < 0; j++) {
      int u = p.users()[j];
      if (c.removed()[j] && u != 1) {
        for (int q = 0; q < n; q++) {
          silenced = p.users()[q] == u && !c.removed()[q] ? u : silenced;
        }
      }
    }
    assertTrue(silenced >= 0, "the case has a lost user that keeps rows");
    double[] w = p.weights().clone();
    for (int j = 0; j < n; j++) {
      if (p.users()[j] == silenced && !c.removed()[j]) {
        w[j] = 0.0;
      }
    }
    AlsObjective.Problem weighed = new AlsObjective.Problem(p.rank(), p.numUsers(), p.numItems(), p.users(), p.items(),
        p.ratings(), w, p.lambda(), p.implicit(), p.alpha());
    boolean[] lostUser = new boolean[p.numUsers()];
    boolean[] lostItem = new boolean[p.numItems()];
    boolean[] userKeeps = new boolean[p.numUsers()];
    boolean[] itemKeeps = new boolean[p.numItems()];
    for (int j = 0; j < n; j++) {
      if (c.removed()[j]) {
        lostUser[p.users()[j]] = true;
        lostItem[p.items()[j]] = true;
      } else if (w[j] > 0) {
        userKeeps[p.users()[j]] = true;
        itemKeeps[p.items()[j]] = true;
      }
    }
    long usersKept = 0;
    long itemsKept = 0;
    for (int u = 0; u < lostUser.length; u++) {
      usersKept += lostUser[u] && userKeeps[u] ? 1 : 0;
    }
    for (int i = 0; i < lostItem.length; i++) {
      itemsKept += lostItem[i] && itemKeeps[i] ? 1 : 0;
    }
    Unlearning.Result out = Unlearning.run(spark, Planted.table(spark, weighed), c.removedPairs(), c.model(), c.params(2),
        sweeps, SweepListener.NONE, asArray ? RemovedPairs.MAX_LOCAL : 0);
    assertEquals(List.of(usersKept, count(lostUser) - usersKept, itemsKept, count(lostItem) - itemsKept),
        List.of(out.usersResolved(), out.usersDropped(), out.itemsResolved(), out.itemsDropped()));
    assertEquals(0, out.model().userFactors().filter(org.apache.spark.sql.functions.col(USER_IDX).equalTo(silenced))
        .count(), "user " + silenced + " has factors");
    out.model().unpersist();
  }

  /**
   * The re-solve on the driver does not depend on how the training rows are partitioned (beyond the order of the
   * items' partial sums), and where what it would hold exceeds its limit it gives way to the joins, with the same
   * result: before the pass (the factor tables do not fit), and after it (the lost users' rows do not).
   */
  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void theReSolveOnTheDriverIsInvariantToPartitionsAndGivesWayBeyondItsLimit(boolean implicit) {
    Case c = removal(implicit);
    Dataset<Row> table = Planted.table(spark, c.full());
    int nu = c.full().numUsers();
    int ni = c.full().numItems();
    RemovedPairs pairs = RemovedPairs.collect(spark, c.removedPairs(), RemovedPairs.MAX_LOCAL);
    LostEntities lost = LostEntities.of(spark, pairs);
    Unlearning.Result one = LocalResolve.run(spark, table.coalesce(1), pairs, lost, c.model(), c.params(2),
        LocalResolve.maxLocalDoubles());
    Unlearning.Result five = LocalResolve.run(spark, table.repartition(5), pairs, lost, c.model(), c.params(2),
        LocalResolve.maxLocalDoubles());
    Unlearning.Result joined = Unlearning.run(spark, table, c.removedPairs(), c.model(), c.params(2), 0,
        SweepListener.NONE, 0);
    for (Unlearning.Result r : List.of(five, joined)) {
      assertTrue(maxAbsDiff(Planted.dense(one.model().userFactors(), nu, K), Planted.dense(r.model().userFactors(), nu, K))
          <= 1e-12, "users differ");
      assertTrue(maxAbsDiff(Planted.dense(one.model().itemFactors(), ni, K), Planted.dense(r.model().itemFactors(), ni, K))
          <= 1e-12, "items differ");
      assertEquals(List.of(r.removedRows(), r.usersResolved(), r.itemsResolved(), r.usersDropped(), r.itemsDropped()),
          List.of(one.removedRows(), one.usersResolved(), one.itemsResolved(), one.usersDropped(), one.itemsDropped()));
    }

    // Too small for the factor tables: null before the pass, and Unlearning takes the joins.
    assertEquals(null, LocalResolve.run(spark, table, pairs, lost, c.model(), c.params(2), 1));
    Unlearning.Result small = Unlearning.run(spark, table, c.removedPairs(), c.model(), c.params(2), 0,
        SweepListener.NONE, RemovedPairs.MAX_LOCAL, 1);
    assertTrue(maxAbsDiff(Planted.dense(one.model().userFactors(), nu, K), Planted.dense(small.model().userFactors(), nu, K))
        <= 1e-12, "users differ after giving way");

    // Room for the factor tables and the items' partial equations, not for the lost users' rows (one partition).
    long factorNumbers = (long) (nu + ni) * (K + 1); // the model has factors for every entity
    long limit = Math.max(factorNumbers, (long) lost.items() * (K * K + K + 1));
    long lostUserRows = 0;
    for (int j = 0; j < c.full().users().length; j++) {
      lostUserRows += !c.removed()[j] && lost.userSet().value().get(c.full().users()[j]) ? 1 : 0;
    }
    assertTrue(limit / 3 < lostUserRows, "the case must hold more lost users' rows (" + lostUserRows + ") than fit");
    assertEquals(null, LocalResolve.run(spark, table.coalesce(1), pairs, lost, c.model(), c.params(2), limit),
        "the rows that do not fit");
    for (Unlearning.Result r : List.of(one, five, joined, small)) {
      r.model().unpersist();
    }
  }

  /**
   * A lost user that keeps rows but has no trained factors (a model trained on other rows; here the user of the largest
   * index, so beyond the trained table's indexes) is re-solved all the same on the driver, as by the joins, and
   * (implicit feedback) enters the new users' Gramian there as well.
   */
  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void aLostUserWithoutTrainedFactorsIsSolvedAsByTheJoins(boolean implicit) {
    Case c = removal(implicit);
    AlsObjective.Problem p = c.full();
    int user = p.numUsers() - 1;
    boolean lost = false;
    boolean keeps = false;
    for (int j = 0; j < p.users().length; j++) {
      if (p.users()[j] == user) {
        lost |= c.removed()[j];
        keeps |= !c.removed()[j];
      }
    }
    assertTrue(lost && keeps, "the case's last user must lose a row and keep one");
    AlsModel model = new AlsModel(K, c.model().userFactors().filter(org.apache.spark.sql.functions.col(USER_IDX)
        .notEqual(user)), c.model().itemFactors(), TrainingHistory.empty(), "given");
    Dataset<Row> table = Planted.table(spark, p);
    Unlearning.Result[] driver = new Unlearning.Result[1];
    int jobs = JobCount.of(spark, "no-factors-" + implicit, () -> driver[0] = Unlearning.run(spark, table,
        c.removedPairs(), model, c.params(2), 0, SweepListener.NONE));
    assertEquals(3, jobs, "Spark jobs of the re-solve on the driver");
    Unlearning.Result joined = Unlearning.run(spark, table, c.removedPairs(), model, c.params(2), 0, SweepListener.NONE, 0);
    double[] x = Planted.dense(driver[0].model().userFactors(), p.numUsers(), K);
    assertTrue(!Double.isNaN(x[user * K]), "user " + user + " was not solved");
    assertTrue(maxAbsDiff(x, Planted.dense(joined.model().userFactors(), p.numUsers(), K)) <= 1e-12, "users differ");
    assertTrue(maxAbsDiff(Planted.dense(driver[0].model().itemFactors(), p.numItems(), K),
        Planted.dense(joined.model().itemFactors(), p.numItems(), K)) <= 1e-12, "items differ");
    driver[0].model().unpersist();
    joined.model().unpersist();
  }
}
