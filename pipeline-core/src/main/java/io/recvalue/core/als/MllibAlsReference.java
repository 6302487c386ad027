package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark MLlib's {@code ALS} with the same rank, {@code λ} ({@code regParam}), implicit/alpha, sweeps,
 * seed, blocks and checkpoint interval, {@code coldStartStrategy = "drop"}; its {@code float} factors are
 * returned as an {@link AlsModel} in our layout (cast to {@code double}), so {@link Metrics} treats both
 * alike. MLlib ignores the {@code weight} column and has no tolerance: it runs {@code maxIter} sweeps.
 */
public final class MllibAlsReference {
  private MllibAlsReference() {}

  /** The converted model and the wall-clock seconds of {@code ALS.fit} (which materialises the factors). */
  public record Result(AlsModel model, double seconds) {}

  public static Result fit(SparkSession spark, Dataset<Row> train, AlsParams p) {
    ALS als = new ALS().setRank(p.rank()).setRegParam(p.lambda()).setImplicitPrefs(p.implicit()).setAlpha(p.alpha())
        .setMaxIter(p.maxIter()).setSeed(p.seed()).setNumUserBlocks(p.numBlocks()).setNumItemBlocks(p.numBlocks())
        .setCheckpointInterval(p.checkpointInterval()).setColdStartStrategy("drop")
        .setUserCol(USER_IDX).setItemCol(ITEM_IDX).setRatingCol(RATING);
    Dataset<Row> input = train.select(col(USER_IDX), col(ITEM_IDX), col(RATING).cast("float").as(RATING));
    long t0 = System.nanoTime();
    ALSModel m = als.fit(input);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Dataset<Row> users = convert(m.userFactors(), USER_IDX);
    Dataset<Row> items = convert(m.itemFactors(), ITEM_IDX);
    return new Result(new AlsModel(p.rank(), users, items, TrainingHistory.empty(), "spark-mllib ALS " + spark.version() + " (float)"), seconds);
  }

  private static Dataset<Row> convert(Dataset<Row> f, String idCol) {
    Dataset<Row> d = f.select(col("id").as(idCol), col("features").cast("array<double>").as(FactorBlocks.FACTORS))
        .persist(StorageLevel.MEMORY_AND_DISK());
    d.count();
    return d;
  }
}
