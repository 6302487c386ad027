package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Spark solver against the local reference: one sweep, fixed point, blocking invariance. */
@SparkTest
class WeightedAlsTest {
  private static final int K = 4;
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  static AlsObjective.Problem problem(boolean implicit) {
    return Planted.problem(K, 40, 25, 7, 0.05, implicit, 0.6, 11L);
  }

  static AlsParams params(AlsObjective.Problem p, int maxIter, int blocks) {
    return new AlsParams(K, p.lambda(), p.implicit(), p.alpha(), maxIter, 0.0, blocks, 99L, 5, "java");
  }

  static AlsModel fit(AlsObjective.Problem p, AlsParams params, double[] x0, double[] y0) {
    AlsModel warm = x0 == null ? null : new AlsModel(K, Planted.factors(spark, USER_IDX, x0, p.numUsers(), K),
        Planted.factors(spark, ITEM_IDX, y0, p.numItems(), K), TrainingHistory.empty(), "given");
    return WeightedAls.fit(spark, Planted.table(spark, p), params, warm, null);
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void oneSweepEqualsLocalHalfStepsAndReportsTheExactObjective(boolean implicit) {
    AlsObjective.Problem p = problem(implicit);
    SplittableRandom rnd = new SplittableRandom(1);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    AlsModel m = fit(p, params(p, 1, 3), x, y);
    LocalAls.solveUsers(p, x, y, new JavaCholeskySolver());
    LocalAls.solveItems(p, x, y, new JavaCholeskySolver());
    double[] sx = Planted.dense(m.userFactors(), p.numUsers(), K);
    double[] sy = Planted.dense(m.itemFactors(), p.numItems(), K);
    assertTrue(Planted.maxAbsDiff(sx, x) < 1e-12, "users " + Planted.maxAbsDiff(sx, x));
    assertTrue(Planted.maxAbsDiff(sy, y) < 1e-12, "items " + Planted.maxAbsDiff(sy, y));
    double f = AlsObjective.value(p, x, y);
    assertEquals(f, m.history().finalObjective(), 1e-11 * Math.abs(f));
    double[] gy = new double[y.length];
    AlsObjective.gradient(p, x, y, new double[x.length], gy);
    assertTrue(Planted.maxAbsDiff(gy, new double[gy.length]) < 1e-10, "dF/dY after the item half-step");
    m.unpersist();
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void convergedFactorsAreAFixedPoint(boolean implicit) {
    AlsObjective.Problem p = problem(implicit);
    SplittableRandom rnd = new SplittableRandom(2);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    double change = Double.POSITIVE_INFINITY;
    for (int s = 0; s < 20000 && change > 1e-13; s++) {
      double[] x0 = x.clone();
      double[] y0 = y.clone();
      LocalAls.solveUsers(p, x, y, new JavaCholeskySolver());
      LocalAls.solveItems(p, x, y, new JavaCholeskySolver());
      change = Math.max(Planted.maxAbsDiff(x, x0), Planted.maxAbsDiff(y, y0));
    }
    assertTrue(change <= 1e-13, "local ALS did not converge: " + change);
    double f = AlsObjective.value(p, x, y);
    AlsModel m = fit(p, params(p, 2, 2), x, y);
    assertTrue(Planted.maxAbsDiff(Planted.dense(m.userFactors(), p.numUsers(), K), x) < 1e-8, "users moved");
    assertTrue(Planted.maxAbsDiff(Planted.dense(m.itemFactors(), p.numItems(), K), y) < 1e-8, "items moved");
    assertEquals(f, m.history().finalObjective(), 1e-12 * Math.abs(f));
    m.unpersist();
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void oneAndFourBlocksGiveTheSameFactors(boolean implicit) {
    AlsObjective.Problem p = problem(implicit);
    AlsModel one = fit(p, params(p, 6, 1), null, null);
    AlsModel four = fit(p, params(p, 6, 4), null, null);
    double du = Planted.maxAbsDiff(Planted.dense(one.userFactors(), p.numUsers(), K), Planted.dense(four.userFactors(), p.numUsers(), K));
    double di = Planted.maxAbsDiff(Planted.dense(one.itemFactors(), p.numItems(), K), Planted.dense(four.itemFactors(), p.numItems(), K));
    assertTrue(du < 1e-9 && di < 1e-9, "1 vs 4 blocks: users " + du + ", items " + di);
    one.unpersist();
    four.unpersist();
  }

  @Test
  void theListenerHearsOfEverySweepAsTheHistoryRecordsIt() {
    AlsObjective.Problem p = problem(false);
    List<TrainingHistory.Iteration> heard = new ArrayList<>();
    AlsModel m = WeightedAls.fit(spark, Planted.table(spark, p), params(p, 3, 2), null, null, heard::add);
    assertEquals(3, heard.size());
    assertEquals(m.history().iterations(), heard);
    m.unpersist();
  }

  @Test
  void aFixedNumberOfExplicitSweepsSkipsTheObjectiveJobsButNotTheArithmetic() throws Exception {
    AlsObjective.Problem p = problem(false);
    AlsParams fixed = params(p, 7, 3); // checkpoint interval 5: sweeps 5, 6 and 7 are evaluated
    AlsParams stopping = new AlsParams(K, p.lambda(), false, p.alpha(), 7, 1e-300, 3, 99L, 5, "java");
    JobCounter jobs = new JobCounter();
    spark.sparkContext().addSparkListener(jobs);
    try {
      AlsModel eager = WeightedAls.fit(spark, Planted.table(spark, p), stopping, null, null);
      int eagerJobs = jobs.drain();
      AlsModel lazy = WeightedAls.fit(spark, Planted.table(spark, p), fixed, null, null);
      int lazyJobs = jobs.drain();
      assertEquals(7, eager.history().iterations().size());
      assertEquals(7, lazy.history().iterations().size());
      double du = Planted.maxAbsDiff(Planted.dense(eager.userFactors(), p.numUsers(), K), Planted.dense(lazy.userFactors(), p.numUsers(), K));
      double di = Planted.maxAbsDiff(Planted.dense(eager.itemFactors(), p.numItems(), K), Planted.dense(lazy.itemFactors(), p.numItems(), K));
      assertTrue(du == 0 && di == 0, "lazy vs evaluated sweeps: users " + du + ", items " + di);
      for (TrainingHistory.Iteration it : lazy.history().iterations()) {
        double expected = eager.history().iterations().get(it.iteration() - 1).objective();
        if (it.iteration() >= 5) {
          // the per-block shares are summed in task completion order: equal to rounding, not bit for bit
          assertEquals(expected, it.objective(), 1e-12 * Math.abs(expected), "sweep " + it.iteration());
        } else {
          assertTrue(Double.isNaN(it.objective()), "sweep " + it.iteration() + " is lazy: " + it.objective());
          assertEquals("objective not evaluated (lazy sweep)", it.describe().substring(0, it.describe().indexOf(',')));
        }
      }
      double change = eager.history().iterations().get(6).relativeChange();
      assertEquals(change, lazy.history().iterations().get(6).relativeChange(), 1e-6 * change, "the last relative change");
      assertEquals(4, eagerJobs - lazyJobs, "one objective job fewer for each of sweeps 1-4 (eager " + eagerJobs
          + ", lazy " + lazyJobs + ")");
      eager.unpersist();
      lazy.unpersist();
    } finally {
      spark.sparkContext().removeSparkListener(jobs);
    }
  }

  @Test
  void keptIteratesAreTheFactorsAfterTheirSweepsAndTheirDifferencesMeetBlockByBlock() {
    AlsObjective.Problem p = problem(false);
    SplittableRandom rnd = new SplittableRandom(3);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    AlsModel warm = new AlsModel(K, Planted.factors(spark, USER_IDX, x, p.numUsers(), K),
        Planted.factors(spark, ITEM_IDX, y, p.numItems(), K), TrainingHistory.empty(), "given");
    FactorIterates it = WeightedAls.fitNudgedIterates(spark, Planted.table(spark, p), null, params(p, 5, 3), warm,
        SweepListener.NONE, 6);
    assertEquals(6, it.size());
    List<double[]> local = new ArrayList<>();
    local.add(concat(x, y));
    for (int s = 1; s <= 5; s++) {
      LocalAls.solveUsers(p, x, y, new JavaCholeskySolver());
      LocalAls.solveItems(p, x, y, new JavaCholeskySolver());
      local.add(concat(x, y));
      double[] unit = new double[5];
      unit[s - 1] = 1;
      AlsModel m = it.combine(unit).toModel(spark, "combined");
      double[] got = concat(Planted.dense(m.userFactors(), p.numUsers(), K), Planted.dense(m.itemFactors(), p.numItems(), K));
      assertTrue(Planted.maxAbsDiff(got, local.get(s)) < 1e-12, "iterate " + s + ": " + Planted.maxAbsDiff(got, local.get(s)));
    }
    assertEquals(5, it.last().history().iterations().size());
    double[][] gram = FactorIterates.differenceGram(it, null);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        double want = 0;
        for (int c = 0; c < local.get(0).length; c++) {
          want += (local.get(i + 1)[c] - local.get(i)[c]) * (local.get(j + 1)[c] - local.get(j)[c]);
        }
        assertEquals(want, gram[i][j], 1e-10 * Math.abs(gram[i][i]), "G[" + i + "][" + j + "]");
      }
    }
    double[][] none = FactorIterates.differenceGram(it, it);
    for (double[] row : none) {
      for (double g : row) {
        assertEquals(0.0, g, "a fit paired with itself has no difference");
      }
    }
    AlsObjective.Problem other = Planted.problem(K, 30, 25, 7, 0.05, false, 0.6, 12L);
    FactorIterates elsewhere = WeightedAls.fitNudgedIterates(spark, Planted.table(spark, other), null,
        params(other, 5, 3), null, SweepListener.NONE, 6);
    org.apache.spark.SparkException mismatch = org.junit.jupiter.api.Assertions.assertThrows(
        org.apache.spark.SparkException.class, () -> FactorIterates.differenceGram(it, elsewhere));
    assertTrue(mismatch.getMessage().contains("the two fits' blocks hold different entities"), mismatch.getMessage());
    elsewhere.unpersist();
    it.unpersist();
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> WeightedAls.fitNudgedIterates(spark, Planted.table(spark, p), null, params(p, 5, 3), warm,
            SweepListener.NONE, 7));
    assertEquals("iterates kept 7 must be in [1, maxIter + 1 = 6] with tol 0 (tol 0.0)", e.getMessage());
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Counts the Spark jobs started since the last {@link #drain()}. */
  private static final class JobCounter extends org.apache.spark.scheduler.SparkListener {
    private final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
      started.incrementAndGet();
    }

    int drain() throws java.util.concurrent.TimeoutException {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      return started.getAndSet(0);
    }
  }
}
