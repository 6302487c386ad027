package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
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

/**
 * One block build for several nudged fits: a fit with the nudge scaled equals a fit built from the scaled pairs,
 * the blocks survive a fit for the next one, a start in the block layout equals the same start as factor tables,
 * and a point in the block layout finds every entity's factor.
 */
@SparkTest
class NudgedProblemTest {
  private static final int K = 4;
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  @Test
  void scaledFitsOnSharedBlocksEqualFitsOnTheirOwnBlocksFromEitherStart() {
    Trained t = trained(11L);
    AlsObjective.Problem p = t.problem();
    Dataset<Row> train = t.train();
    AlsParams params = t.params();
    AlsModel warm = t.warm();
    NudgedProblem shared = NudgedProblem.build(train, nudge(p, 1.0), 3);
    for (double scale : new double[] {-1.0, 1.0, -1.0}) {
      FactorIterates got = shared.fit(spark, scale, params, warm, SweepListener.NONE, 2);
      FactorIterates want = WeightedAls.fitNudgedIterates(spark, train, nudge(p, scale), params, warm,
          SweepListener.NONE, 2);
      for (double[] w : new double[][] {{1.0}, {0.0}}) {
        double[] a = dense(got.combine(w).toModel(spark, "got"), p);
        double[] b = dense(want.combine(w).toModel(spark, "want"), p);
        assertTrue(Planted.maxAbsDiff(a, b) < 1e-13, "scale " + scale + ": " + Planted.maxAbsDiff(a, b));
      }
      FactorIterates packedStart = shared.fit(spark, scale, params, PackedFactors.of(warm, 3), SweepListener.NONE, 2);
      double[] fromPacked = dense(packedStart.last(), p);
      assertTrue(Planted.maxAbsDiff(fromPacked, dense(got.last(), p)) == 0.0, "a start in the block layout: "
          + Planted.maxAbsDiff(fromPacked, dense(got.last(), p)));
      packedStart.unpersist();
      double[] plain = dense(WeightedAls.fit(spark, train, params, warm, null), p);
      assertTrue(Planted.maxAbsDiff(dense(got.last(), p), plain) > 1e-6, "the nudge moves the fit");
      got.unpersist();
      want.unpersist();
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> shared.fit(spark, 0.0, params, warm, SweepListener.NONE, 2));
    assertEquals("nudge scale must be finite and non-zero, is 0.0", e.getMessage());
    IllegalArgumentException blocks = assertThrows(IllegalArgumentException.class,
        () -> shared.fit(spark, -1.0, new AlsParams(K, p.lambda(), false, p.alpha(), 4, 0.0, 2, 99L, 5, "java"), warm,
            SweepListener.NONE, 2));
    assertEquals("blocks built for 3 blocks, fit asks for 2", blocks.getMessage());
    shared.unpersist();
  }

  @Test
  void bothPhasesAsOneFitOfTwoCopiesEqualTheTwoFitsIterateByIterate() {
    Trained t = trained(19L);
    AlsObjective.Problem p = t.problem();
    Dataset<Row> train = t.train();
    AlsParams params = t.params();
    AlsModel warm = t.warm();
    PackedFactors start = PackedFactors.of(warm, 3);
    NudgedProblem separate = NudgedProblem.build(train, nudge(p, 1.0), 3);
    NudgedProblem both = NudgedProblem.buildBothPhases(train, nudge(p, 1.0), 3);
    FactorIterates twins = both.fit(spark, 1.0, params, TwinCopies.pair(start, start), SweepListener.NONE, 3);
    FactorIterates[] want = {separate.fit(spark, 1.0, params, start, SweepListener.NONE, 3),
        separate.fit(spark, -1.0, params, start, SweepListener.NONE, 3)};
    for (int c = 0; c < 2; c++) {
      FactorIterates got = TwinCopies.copy(spark, twins, c);
      for (double[] w : new double[][] {{1.0, 0.0}, {0.0, 1.0}, {0.25, 0.75}}) {
        double diff = Planted.maxAbsDiff(dense(got.combine(w).toModel(spark, "got"), p),
            dense(want[c].combine(w).toModel(spark, "want"), p));
        assertEquals(0.0, diff, "copy " + c + ", iterates combined by " + java.util.Arrays.toString(w));
      }
      assertEquals(0.0, Planted.maxAbsDiff(dense(got.last(), p), dense(want[c].last(), p)), "copy " + c);
    }
    // the phases' difference Gramian reads the two copies as it reads the two fits
    double[][] g = FactorIterates.differenceGram(TwinCopies.copy(spark, twins, 0), TwinCopies.copy(spark, twins, 1));
    double[][] h = FactorIterates.differenceGram(want[0], want[1]);
    for (int i = 0; i < h.length; i++) {
      assertArrayEquals(h[i], g[i], 1e-12 * Math.abs(h[i][i]), "Gramian row " + i);
    }
    // the fit's objective is the sum of the two phases' objectives (evaluated on the last sweeps only)
    for (int s = 0; s < 4; s++) {
      double sum = want[0].last().history().iterations().get(s).objective()
          + want[1].last().history().iterations().get(s).objective();
      double got = twins.last().history().iterations().get(s).objective();
      if (s == 3 || !Double.isNaN(sum)) {
        assertEquals(sum, got, 1e-12 * Math.abs(sum), "sweep " + (s + 1));
      } else {
        assertTrue(Double.isNaN(got), "sweep " + (s + 1) + " not evaluated");
      }
    }
    // a continuation from the copies' last iterates, paired again, is both phases' continuations
    FactorIterates more = both.fit(spark, 1.0, params.withMaxIter(2), TwinCopies.pair(
        TwinCopies.copy(twins.lastFactors(), 0), TwinCopies.copy(twins.lastFactors(), 1)), SweepListener.NONE, 1);
    for (int c = 0; c < 2; c++) {
      FactorIterates alone = separate.fit(spark, c == 0 ? 1.0 : -1.0, params.withMaxIter(2), want[c].lastFactors(),
          SweepListener.NONE, 1);
      assertEquals(0.0, Planted.maxAbsDiff(dense(TwinCopies.copy(more.lastFactors(), c).toModel(spark, "got"), p),
          dense(alone.last(), p)), "continued copy " + c);
      alone.unpersist();
    }
    // an entity the start lacks is seeded alike in both copies, as in two separate fits
    PackedFactors partial = PackedFactors.of(new AlsModel(K, warm.userFactors().filter("user_idx != 4"),
        warm.itemFactors().filter("item_idx != 2"), TrainingHistory.empty(), "partial"), 3);
    FactorIterates fromPartial = both.fit(spark, 1.0, params, TwinCopies.pair(partial, partial), SweepListener.NONE, 1);
    for (int c = 0; c < 2; c++) {
      FactorIterates alone = separate.fit(spark, c == 0 ? 1.0 : -1.0, params, partial, SweepListener.NONE, 1);
      assertEquals(0.0, Planted.maxAbsDiff(dense(TwinCopies.copy(spark, fromPartial, c).last(), p), dense(alone.last(), p)),
          "copy " + c + " from a start without user 4 and item 2");
      alone.unpersist();
    }
    fromPartial.unpersist();
    IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
        () -> both.fit(spark, 1.0, params, start, SweepListener.NONE, 1));
    assertEquals("a fit of 2 copies starts from factors in the block layout holding as many (TwinCopies.pair for"
        + " two)", single.getMessage());
    IllegalArgumentException implicit = assertThrows(IllegalArgumentException.class,
        () -> both.fit(spark, 1.0, new AlsParams(K, p.lambda(), true, p.alpha(), 4, 0.0, 3, 99L, 5, "java"),
            TwinCopies.pair(start, start), SweepListener.NONE, 1));
    assertEquals("two copies fitted as one problem need explicit feedback: the implicit objective's all-pairs term"
        + " would couple them", implicit.getMessage());
    IllegalStateException whole = assertThrows(IllegalStateException.class,
        () -> twins.lastFactors().toModel(spark, "twins"));
    assertEquals("twinned factors: take a copy first (TwinCopies.copy)", whole.getMessage());
    more.unpersist();
    twins.unpersist();
    want[0].unpersist();
    want[1].unpersist();
    both.unpersist();
    separate.unpersist();
  }

  @Test
  void aModelPackedIntoBlocksFindsEveryFactorAndNothingElseAndRefusesAnEntityTwice() {
    AlsObjective.Problem p = Planted.problem(K, 40, 25, 7, 0.05, false, 0.6, 13L);
    SplittableRandom rnd = new SplittableRandom(5);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    AlsModel model = new AlsModel(K, Planted.factors(spark, USER_IDX, x, p.numUsers(), K),
        Planted.factors(spark, ITEM_IDX, y, p.numItems(), K), TrainingHistory.empty(), "given");
    PackedFactors packed = PackedFactors.of(model, 3);
    assertEquals(3, packed.users().getNumPartitions());
    List<scala.Tuple2<Integer, double[]>> blocks = packed.users().collect();
    int found = 0;
    for (scala.Tuple2<Integer, double[]> b : blocks) {
      PackedFactors.Block block = PackedFactors.Block.of(b._2, K);
      for (int u = 0; u < p.numUsers(); u++) {
        int at = block.offset(u, K);
        if (u % 3 != b._1) {
          assertEquals(-1, at, "user " + u + " is not in block " + b._1);
          continue;
        }
        found++;
        for (int c = 0; c < K; c++) {
          assertEquals(x[u * K + c], block.packed()[at + c], "user " + u);
        }
      }
      assertEquals(-1, block.offset(p.numUsers() + 3 * 7 + b._1, K), "an id beyond the table");
    }
    assertEquals(p.numUsers(), found);
    assertEquals(0.0, Planted.maxAbsDiff(dense(packed.toModel(spark, "packed"), p), concat(x, y)));
    Dataset<Row> twice = model.userFactors().union(model.userFactors().filter("user_idx = 7"));
    org.apache.spark.SparkException e = assertThrows(org.apache.spark.SparkException.class, () -> PackedFactors.of(
        new AlsModel(K, twice, model.itemFactors(), TrainingHistory.empty(), "given"), 3).users().count());
    assertTrue(e.getMessage().contains("user_idx 7 has two factor rows"), e.getMessage());
  }

  /** A planted explicit problem, its table, 4 sweeps' parameters in 3 blocks, and a model trained 20 sweeps. */
  private record Trained(AlsObjective.Problem problem, Dataset<Row> train, AlsParams params, AlsModel warm) { }

  private static Trained trained(long seed) {
    AlsObjective.Problem p = Planted.problem(K, 40, 25, 7, 0.05, false, 0.6, seed);
    Dataset<Row> train = Planted.table(spark, p);
    AlsParams params = new AlsParams(K, p.lambda(), false, p.alpha(), 4, 0.0, 3, 99L, 5, "java");
    return new Trained(p, train, params, WeightedAls.fit(spark, train, params.withMaxIter(20), null, null));
  }

  private static Dataset<Row> nudge(AlsObjective.Problem p, double scale) {
    List<Row> rows = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(17);
    for (int q = 0; q < 30; q++) {
      // a user and an item that have training interactions, paired anew
      rows.add(RowFactory.create(p.users()[rnd.nextInt(p.users().length)], p.items()[rnd.nextInt(p.items().length)],
          rnd.nextDouble() * 4, scale * 0.01));
    }
    return spark.createDataFrame(rows, new StructType().add(USER_IDX, DataTypes.IntegerType)
        .add(ITEM_IDX, DataTypes.IntegerType).add(RATING, DataTypes.DoubleType).add(WEIGHT, DataTypes.DoubleType));
  }

  private static double[] dense(AlsModel m, AlsObjective.Problem p) {
    return concat(Planted.dense(m.userFactors(), p.numUsers(), K), Planted.dense(m.itemFactors(), p.numItems(), K));
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
