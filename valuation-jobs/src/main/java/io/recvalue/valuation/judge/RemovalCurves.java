package io.recvalue.valuation.judge;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.run.Console;
import io.recvalue.core.seed.Seeds;
import io.recvalue.core.train.Trainer;
import io.recvalue.valuation.output.ValueSchemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Point-removal curves (docs/methods.md §8.3): order the training interactions (by value, lowest or highest
 * first, or at random), remove the first {@code ⌊f·n⌋} for each fraction {@code f}, retrain from
 * scratch with the same trainer, settings and seed ({@link Trainer}: our ALS or MLlib's as a black
 * box), and score on the test split. Removing nothing is the same model for every order (the seeded
 * fit is deterministic), so it is trained once.
 */
final class RemovalCurves {
  private final SparkSession spark;
  private final Dataset<Row> train;
  private final Dataset<Row> test;
  private final Trainer trainer;
  private final AlsParams params;
  private final List<Double> fractions;
  private final long n;
  private final Console console;

  RemovalCurves(SparkSession spark, Dataset<Row> train, Dataset<Row> test, Trainer trainer, AlsParams params,
      List<Double> fractions, Console console) {
    this.spark = spark;
    this.trainer = trainer;
    this.train = train;
    this.test = test;
    this.params = params;
    this.fractions = fractions;
    this.n = train.count();
    this.console = console;
  }

  /** The curve of one order; {@code keyed} has {@code user_idx, item_idx} and a double {@code key}, ascending = removed first. */
  List<CurvePoint> curve(String method, long seed, String direction, Dataset<Row> keyed, ModelScores full) {
    Dataset<Row> ranked = Ranks.rank(spark, keyed.select(col(USER_IDX), col(ITEM_IDX), col("key")), "key")
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<CurvePoint> points = new ArrayList<>();
    try {
      for (double f : fractions) {
        if (f == 0) {
          points.add(point(method, seed, direction, 0, full, n));
          continue;
        }
        long removed = Ranks.floorShare(f, n);
        Dataset<Row> keep = ranked.filter(col(Ranks.RANK).geq(removed));
        Dataset<Row> kept = train.join(keep, train.col(USER_IDX).equalTo(keep.col(USER_IDX))
            .and(train.col(ITEM_IDX).equalTo(keep.col(ITEM_IDX))), "left_semi");
        ModelScores s = fitAndScore(kept);
        String order = method.equals(CurvePoint.RANDOM) ? "random order " + seed : method + " " + direction;
        console.progress("evaluate", "%s: removed %s, NDCG@10 %.4f%s", order, EvaluateSettings.percent(f),
            s.ndcgAt10(), s.rmse() == null ? "" : String.format(java.util.Locale.ROOT, ", RMSE %.4f", s.rmse()));
        points.add(point(method, seed, direction, f, s, n - removed));
      }
    } finally {
      ranked.unpersist();
    }
    return points;
  }

  /** Both directions for a value table ({@code user_idx, item_idx, value}). */
  List<CurvePoint> byValue(String method, long rootSeed, Dataset<Row> values, ModelScores full) {
    List<CurvePoint> out = new ArrayList<>(curve(method, rootSeed, CurvePoint.LOWEST_FIRST,
        values.withColumn("key", col(ValueSchemas.VALUE)), full));
    out.addAll(curve(method, rootSeed, CurvePoint.HIGHEST_FIRST,
        values.withColumn("key", functions.negate(col(ValueSchemas.VALUE))), full));
    return out;
  }

  /** A random order: key {@code Seeds.uniform(derive(root, "evaluate.random", seed), pair)}. */
  List<CurvePoint> random(long rootSeed, int seed, ModelScores full) {
    long s = Seeds.derive(rootSeed, "evaluate.random", seed);
    var key = functions.udf((UDF2<Integer, Integer, Double>) (u, i) ->
        Seeds.uniform(s, "order", NoiseInjection.pair(u, i)), DataTypes.DoubleType);
    return curve(CurvePoint.RANDOM, seed, CurvePoint.LOWEST_FIRST,
        train.withColumn("key", key.apply(col(USER_IDX), col(ITEM_IDX))), full);
  }

  ModelScores fitAndScore(Dataset<Row> rows) {
    AlsModel model = trainer.fit(spark, rows, null);
    try {
      return ModelScores.of(model, train, test, params.implicit(), params.numBlocks());
    } finally {
      model.unpersist();
    }
  }

  private static CurvePoint point(String method, long seed, String direction, double f, ModelScores s, long rows) {
    return new CurvePoint(method, seed, direction, f, s.rmse(), s.ndcgAt10(), s.recallAt20(), rows);
  }
}
