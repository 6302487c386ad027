package io.recvalue.core.train;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsObjective;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.Planted;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.core.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The two trainers behind {@link Trainer}: a mask of 0/1 weights trains exactly what the kept rows
 * alone train (both trainers); our ALS's episodes are exactly {@code n} warm-started sweeps; MLlib's
 * black box refuses real-valued weights naming the row, and an unknown trainer id is refused naming
 * the known ones.
 */
@SparkTest
class TrainersTest {
  private static final int K = 3;
  private final SparkSession spark = SparkTestSession.get();
  private final AlsObjective.Problem p = Planted.problem(K, 30, 20, 6, 0.05, false, 0, 11L);
  private final AlsParams params = new AlsParams(K, p.lambda(), false, 0, 8, 0.0, 2, 5L, 10, "java");

  /** Ratings with weight 1 everywhere, then every third row masked out (weight 0). */
  private Dataset<Row> masked() {
    Dataset<Row> unit = Planted.table(spark, p).withColumn(WEIGHT, lit(1.0));
    return unit.withColumn(WEIGHT, when(col(USER_IDX).plus(col(ITEM_IDX)).mod(3).equalTo(0), 0.0).otherwise(1.0));
  }

  private double[][] dense(AlsModel m) {
    double[][] f = {Planted.dense(m.userFactors(), p.numUsers(), K), Planted.dense(m.itemFactors(), p.numItems(), K)};
    m.unpersist();
    return f;
  }

  private static double diff(double[][] a, double[][] b) {
    return Math.max(Planted.maxAbsDiff(a[0], b[0]), Planted.maxAbsDiff(a[1], b[1]));
  }

  @Test
  void aMaskTrainsWhatTheKeptRowsTrain() {
    Dataset<Row> rows = masked();
    Dataset<Row> kept = rows.filter(col(WEIGHT).equalTo(1.0));
    assertTrue(kept.count() < rows.count(), "the mask drops rows");
    for (Trainer t : new Trainer[] {new WeightedAlsTrainer(params), new MllibAlsTrainer(params)}) {
      double d = diff(dense(t.fit(spark, rows, null)), dense(t.fit(spark, kept, null)));
      assertTrue(d < 1e-9, t.id() + ": masked vs filtered, max factor difference " + d);
    }
  }

  @Test
  void ourEpisodesAreExactlyTheRequestedWarmStartedSweeps() {
    Dataset<Row> rows = masked();
    Trainer als = new WeightedAlsTrainer(params);
    AlsModel start = als.fit(spark, Planted.table(spark, p), null);
    AlsModel episode = als.forEpisodes(2).fit(spark, rows, start);
    assertEquals(2, episode.history().iterations().size());
    AlsModel direct = WeightedAls.fit(spark, rows, params.withMaxIter(2).withTol(0), start, null);
    double d = diff(dense(episode), dense(direct));
    assertTrue(d == 0, "an episode is WeightedAls with 2 sweeps from the same start: " + d);
    start.unpersist();
  }

  @Test
  void mllibIsABlackBoxThatTakesMasksOnly() {
    Trainer mllib = Trainers.of("evaluate.trainer", "mllib", params);
    assertFalse(mllib.warmStarts());
    assertFalse(mllib.weighted());
    assertSame(mllib, mllib.forEpisodes(2), "a cold-starting trainer cannot shorten its training");
    Dataset<Row> weighted = Planted.table(spark, p).orderBy(USER_IDX, ITEM_IDX);
    Row first = weighted.first();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mllib.fit(spark, weighted.filter(col(USER_IDX).equalTo(first.getInt(0))
            .and(col(ITEM_IDX).equalTo(first.getInt(1)))), null));
    assertEquals("the mllib trainer takes 0/1 weights (masks) only; the row (user_idx " + first.getInt(0)
        + ", item_idx " + first.getInt(1) + ") has weight " + first.getDouble(3)
        + " (use the als trainer for real-valued weights)", e.getMessage());
  }

  @Test
  void anUnknownTrainerIsRefusedNamingTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainers.of("evaluate.trainer", "xgboost", params));
    assertEquals("evaluate.trainer must be one of als, mllib; got 'xgboost'", e.getMessage());
  }
}
