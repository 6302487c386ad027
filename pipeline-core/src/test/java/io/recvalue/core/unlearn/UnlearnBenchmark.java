package io.recvalue.core.unlearn;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.pow;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.Metrics;
import io.recvalue.core.als.SweepListener;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.IngestJob;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/**
 * Unlearning against retraining from scratch, in one process (opt-in: {@code -Drecvalue.benchmark.unlearn=DIR};
 * {@code -Drecvalue.benchmark.unlearn.fraction=F} (default 0.01), {@code -Drecvalue.benchmark.unlearn.sweeps=0,2,5},
 * {@code -Drecvalue.benchmark.unlearn.data=small|full} (MovieTweetings, default small),
 * {@code -Drecvalue.shared.data=PATH} for the shared data folder).
 *
 * <p>On MovieTweetings (ingested with the sample's settings, {@code train.*} defaults): train the
 * model {@code A} from scratch; remove a seeded random fraction of the training rows; update {@code A}
 * with {@link Unlearning} at each sweep count; retrain from scratch without the rows with the run seed
 * ({@code R}) and with another seed ({@code R'}). Reported: test RMSE of each; the RMS prediction gap to
 * {@code R} on the test pairs and on the removed pairs, beside {@code A}'s (how much the removal changes
 * the model) and {@code R'}'s (the seed-to-seed spread of retraining); wall time against {@code R}'s.
 */
@SparkTest
class UnlearnBenchmark {
  @Test
  void unlearningAgainstRetraining() throws Exception {
    String out = System.getProperty("recvalue.benchmark.unlearn");
    assumeTrue(out != null, "set -Drecvalue.benchmark.unlearn=DIR to run this benchmark");
    double fraction = Double.parseDouble(System.getProperty("recvalue.benchmark.unlearn.fraction", "0.01"));
    List<Integer> sweepCounts = new ArrayList<>();
    for (String s : System.getProperty("recvalue.benchmark.unlearn.sweeps", "0,2,5").split(",")) {
      sweepCounts.add(Integer.parseInt(s.trim()));
    }
    SparkSession spark = SparkTestSession.get();
    Path dir = Path.of(out);
    Files.createDirectories(dir);
    RecvalueConfig config = ConfigLoader.load(List.of(), List.of("input.user-col=user_id", "input.item-col=item_id",
        "input.rating-col=rating", "input.timestamp-col=timestamp", "input.timestamp-format=epoch-seconds",
        "ingest.rating-min=0", "ingest.rating-max=10"));
    String data = System.getProperty("recvalue.benchmark.unlearn.data", "small");
    Path log = TestData.shared("movietweetings/" + data + "/ratings.csv.gz");
    String run = dir.resolve("run-" + data).toString();
    if (!Files.exists(dir.resolve("run-" + data + "/ingest/_SUCCESS"))) {
      StageContext ctx = new StageContext(spark, config, run, Optional.of(log.toString()),
          new RunManifest("ingest", List.of(), config), Console.standard());
      StageRunner.run(ctx, List.of(new IngestJob()));
    }
    SplitTables split = SplitTables.read(spark, run);
    Dataset<Row> train = split.train().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> test = split.test().persist(StorageLevel.MEMORY_AND_DISK());
    AlsParams params = TrainJob.params(config, spark.sparkContext().defaultParallelism());
    WeightedAls.fit(spark, train, params.withMaxIter(2), null, null).unpersist(); // warm-up of the JVM and Spark
    AlsModel a = WeightedAls.fit(spark, train, params, null, null);
    Dataset<Row> removed = train.sample(false, fraction, params.seed()).select(USER_IDX, ITEM_IDX, "rating")
        .persist(StorageLevel.MEMORY_AND_DISK());
    long n = train.count();
    long m = removed.count();
    Dataset<Row> remaining = train.join(removed.select(USER_IDX, ITEM_IDX), scala.collection.JavaConverters
        .asScalaBuffer(List.of(USER_IDX, ITEM_IDX)).toSeq(), "left_anti").persist(StorageLevel.MEMORY_AND_DISK());
    remaining.count();
    long t0 = System.nanoTime();
    AlsModel r = WeightedAls.fit(spark, remaining, params, null, null);
    r.userFactors().count();
    double retrainSeconds = (System.nanoTime() - t0) / 1e9;
    AlsModel r2 = WeightedAls.fit(spark, remaining, params.withSeed(params.seed() + 1), null, null);

    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "MovieTweetings-" + data + ": %,d training rows, %,d removed (%.1f %%, seeded random);"
            + " rank %d, lambda %s, retrain %d sweeps (tol %s)%n%n", n, m, 100.0 * m / n, params.rank(), params.lambda(),
        r.history().iterations().size(), params.tol()));
    md.append("| model | test RMSE | RMS gap to retrain, test pairs | RMS gap to retrain, removed pairs | seconds | time / retrain |\n");
    md.append("|---|---|---|---|---|---|\n");
    row(md, "trained on all rows (A)", a, r, test, removed, Double.NaN, retrainSeconds);
    row(md, "retrain, other seed (R')", r2, r, test, removed, Double.NaN, retrainSeconds);
    row(md, "retrain from scratch (R)", r, r, test, removed, retrainSeconds, retrainSeconds);
    for (int sweeps : sweepCounts) {
      long t1 = System.nanoTime();
      Unlearning.Result u = Unlearning.run(spark, train, removed, a, params, sweeps, SweepListener.NONE);
      u.model().userFactors().count();
      double seconds = (System.nanoTime() - t1) / 1e9;
      row(md, String.format(Locale.ROOT, "unlearn, %d sweeps (%d users, %d items re-solved in %.1f s; sweeps %.1f s)",
          sweeps, u.usersResolved(), u.itemsResolved(), u.resolveSeconds(), u.sweepSeconds()), u.model(), r, test,
          removed, seconds, retrainSeconds);
      u.model().unpersist();
      u.remaining().unpersist();
    }
    System.out.println(md);
    Files.writeString(dir.resolve("unlearn-benchmark-" + data + ".md"), md.toString());
  }

  private static void row(StringBuilder md, String name, AlsModel m, AlsModel retrain, Dataset<Row> test,
      Dataset<Row> removed, double seconds, double retrainSeconds) {
    md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %s | %s |%n", name, Metrics.rmse(m, test),
        gap(m, retrain, test), gap(m, retrain, removed), Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.1f", seconds),
        Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.2f", seconds / retrainSeconds)));
  }

  /** {@code sqrt(mean (s_m − s_retrain)²)} over the pairs both models score. */
  private static double gap(AlsModel m, AlsModel retrain, Dataset<Row> pairs) {
    Dataset<Row> p = pairs.select(USER_IDX, ITEM_IDX);
    Dataset<Row> a = m.predict(p).withColumnRenamed(AlsModel.PREDICTION, "__a");
    Dataset<Row> b = retrain.predict(p).withColumnRenamed(AlsModel.PREDICTION, "__b");
    Row r = a.join(b, scala.collection.JavaConverters.asScalaBuffer(List.of(USER_IDX, ITEM_IDX)).toSeq())
        .agg(avg(pow(col("__a").minus(col("__b")), 2))).first();
    return r.isNullAt(0) ? Double.NaN : Math.sqrt(r.getDouble(0));
  }
}
