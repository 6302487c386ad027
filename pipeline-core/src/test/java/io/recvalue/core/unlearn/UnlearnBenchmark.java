package io.recvalue.core.unlearn;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
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
 * Unlearning against retraining from scratch, in one process (opt-in: {@code -Drecvalue.benchmark.unlearn=DIR}).
 * Settings: {@code -Drecvalue.benchmark.unlearn.data=small|full|jester-medium|jester-full|generated=DIR} (DIR: a
 * folder {@code recvalue generate} wrote, read with its {@code recvalue.properties}; MovieTweetings small
 * by default), {@code .fractions=0.001,0.01,0.1} (default 0.01), {@code .selection=random|lowest-valued|poisoned},
 * {@code .sweeps=0,2,5}, {@code .ndcg-users=N} (NDCG@10 over a seeded sample of {@code N} test users, the same
 * users for every model; by default over every test user, which ranks every item for each of them and is out of
 * reach from about 10⁷ rows), and {@code -Drecvalue.shared.data=PATH} for the shared data folder.
 *
 * <p>The log is ingested with its settings ({@code train.*} defaults). For each fraction:
 * <ul>
 *   <li><b>random</b>: the model {@code A} is trained on every training row; a seeded random fraction of
 *       the rows is removed;</li>
 *   <li><b>lowest-valued</b>: {@code A} as for random; the fraction of the training rows with the lowest
 *       values is removed, the rows a data engineer prunes first. The values are those {@code recvalue value}
 *       wrote for the benchmark's own run folder ({@code DIR/run-DATA/value/interactions}, after {@code recvalue
 *       train} and {@code recvalue value} on it with the same settings; the benchmark names the commands when
 *       they are missing), so the indexes are the ones the benchmark ingested;</li>
 *   <li><b>poisoned</b>: a seeded random fraction of the training rows has its rating flipped
 *       ({@code min + max − r}); {@code A} is trained on that poisoned table, and the flipped rows are the
 *       ones removed, so the retrain is the model on the clean rest.</li>
 * </ul>
 * Then {@code A} is updated with {@link Unlearning} at each sweep count, and the rows' model is retrained
 * from scratch with the run seed ({@code R}) and another seed ({@code R'}). Reported per model: test RMSE,
 * validation RMSE (the split the values are computed against) and NDCG@10; the RMS prediction gap to {@code R} on the test pairs and on the removed pairs (rotation-free),
 * also as a share of {@code A}'s gap there (the removal's own effect; {@code R'} gives the seed-to-seed spread
 * of retraining); the share of the retrain's test-RMSE gain it recovers ({@code (RMSE_A − RMSE) / (RMSE_A −
 * RMSE_R)}, meaningful where the removal helps, as on a poisoned set); wall time and the speed-up over
 * {@code R}'s (both after an untimed warm-up in the same JVM: a 2-sweep fit and an update of it).
 */
@SparkTest
class UnlearnBenchmark {
  /** The value column of {@code value/interactions} (written by the value stage, in valuation-jobs). */
  private static final String VALUE = "value";

  @Test
  void unlearningAgainstRetraining() throws Exception {
    String out = System.getProperty("recvalue.benchmark.unlearn");
    assumeTrue(out != null, "set -Drecvalue.benchmark.unlearn=DIR to run this benchmark");
    List<Double> fractions = new ArrayList<>();
    for (String s : System.getProperty("recvalue.benchmark.unlearn.fractions",
        System.getProperty("recvalue.benchmark.unlearn.fraction", "0.01")).split(",")) {
      fractions.add(Double.parseDouble(s.trim()));
    }
    List<Integer> sweepCounts = new ArrayList<>();
    for (String s : System.getProperty("recvalue.benchmark.unlearn.sweeps", "0,2,5").split(",")) {
      sweepCounts.add(Integer.parseInt(s.trim()));
    }
    String selection = System.getProperty("recvalue.benchmark.unlearn.selection", "random");
    if (!List.of("random", "lowest-valued", "poisoned").contains(selection)) {
      throw new IllegalArgumentException(
          "recvalue.benchmark.unlearn.selection must be random, lowest-valued or poisoned, got " + selection);
    }
    String data = System.getProperty("recvalue.benchmark.unlearn.data", "small");
    SparkSession spark = SparkTestSession.get();
    Path dir = Path.of(out);
    Files.createDirectories(dir);
    RecvalueConfig config;
    Path log;
    String name;
    String configFile = null;
    String runName = data;
    if (data.startsWith("generated=")) {
      // a folder `recvalue generate` wrote: its interactions and the settings that read them
      Path folder = Path.of(data.substring("generated=".length())).toAbsolutePath();
      config = ConfigLoader.load(List.of(folder.resolve("recvalue.properties")), List.of());
      log = folder.resolve("interactions");
      name = "generated log " + folder.getFileName();
      runName = "generated-" + folder.getFileName();
    } else if (data.startsWith("jester-")) {
      String size = data.substring("jester-".length());
      configFile = "conf/examples/jester.properties";
      config = ConfigLoader.load(List.of(TestData.projectRoot().resolve(configFile)), List.of());
      log = TestData.shared("jester/" + size + "/ratings.csv.gz");
      name = "Jester-" + size;
    } else {
      config = ConfigLoader.load(List.of(), List.of("input.user-col=user_id", "input.item-col=item_id",
          "input.rating-col=rating", "input.timestamp-col=timestamp", "input.timestamp-format=epoch-seconds",
          "ingest.rating-min=0", "ingest.rating-max=10"));
      log = TestData.shared("movietweetings/" + data + "/ratings.csv.gz");
      name = "MovieTweetings-" + data;
    }
    String run = dir.resolve("run-" + runName).toString();
    if (!Files.exists(dir.resolve("run-" + runName + "/ingest/_SUCCESS"))) {
      StageContext ctx = new StageContext(spark, config, run, Optional.of(log.toString()),
          new RunManifest("ingest", List.of(), config), Console.standard());
      StageRunner.run(ctx, List.of(new IngestJob()));
    }
    double flipSum = config.getDouble("ingest.rating-min") + config.getDouble("ingest.rating-max");
    SplitTables split = SplitTables.read(spark, run);
    Dataset<Row> clean = split.train().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> test = split.test().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> validation = split.validation().persist(StorageLevel.MEMORY_AND_DISK());
    int ndcgUsers = Integer.getInteger("recvalue.benchmark.unlearn.ndcg-users", 0);
    Dataset<Row> rankedTest = ndcgUsers > 0 ? sampleUsers(test, ndcgUsers).persist(StorageLevel.MEMORY_AND_DISK()) : test;
    AlsParams params = TrainJob.params(config, spark.sparkContext().defaultParallelism());
    // Warm-up of the JVM and Spark for both sides (a 2-sweep fit, and an update of it), untimed.
    AlsModel warm = WeightedAls.fit(spark, clean, params.withMaxIter(2), null, null);
    Unlearning.Result warmed = Unlearning.run(spark, clean, clean.sample(false, 0.001, params.seed() + 7), warm, params, 1,
        SweepListener.NONE);
    warmed.model().unpersist();
    warmed.remaining().unpersist();
    warm.unpersist();
    long n = clean.count();
    AlsModel trainedOnClean = selection.equals("poisoned") ? null : WeightedAls.fit(spark, clean, params, null, null);
    Dataset<Row> values = selection.equals("lowest-valued") ? values(spark, run, configFile) : null;

    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%s: %,d training rows, %s removal; rank %d, lambda %s, tol %s, at most %d sweeps;"
        + " NDCG@10 over %s%n%n",
        name, n, switch (selection) {
          case "random" -> "seeded random";
          case "lowest-valued" -> "lowest-valued (the value stage's values, lowest first)";
          default -> "poisoned (ratings flipped to min + max − r, then removed)";
        },
        params.rank(), params.lambda(), params.tol(), params.maxIter(),
        ndcgUsers > 0 ? String.format(Locale.ROOT, "a seeded sample of %,d test users",
            rankedTest.select(USER_IDX).distinct().count()) : "every test user"));
    md.append("| removed | model | test RMSE | validation RMSE | NDCG@10 | gap to R, test pairs | gap to R, removed pairs | gap / A's gap (removed) "
        + "| share of R's RMSE gain | seconds | speed-up over R |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (double fraction : fractions) {
      Dataset<Row> chosen = (values != null
          ? values.orderBy(col(VALUE), col(USER_IDX), col(ITEM_IDX)).limit((int) Math.round(fraction * n))
          : clean.sample(false, fraction, params.seed())).select(USER_IDX, ITEM_IDX)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> train;
      AlsModel a;
      if (trainedOnClean != null) {
        train = clean;
        a = trainedOnClean;
      } else {
        train = clean.join(chosen.withColumn("__flip", lit(true)), toSeq(USER_IDX, ITEM_IDX), "left_outer")
            .withColumn(RATING, org.apache.spark.sql.functions.when(col("__flip").isNotNull(), lit(flipSum).minus(col(RATING)))
                .otherwise(col(RATING)))
            .drop("__flip").persist(StorageLevel.MEMORY_AND_DISK());
        a = WeightedAls.fit(spark, train, params, null, null);
      }
      Dataset<Row> removed = clean.join(chosen, toSeq(USER_IDX, ITEM_IDX)).persist(StorageLevel.MEMORY_AND_DISK());
      long m = removed.count();
      Dataset<Row> remaining = clean.join(chosen, toSeq(USER_IDX, ITEM_IDX), "left_anti").persist(StorageLevel.MEMORY_AND_DISK());
      remaining.count();
      long t0 = System.nanoTime();
      AlsModel r = WeightedAls.fit(spark, remaining, params, null, null);
      r.userFactors().count();
      r.itemFactors().count();
      double retrainSeconds = (System.nanoTime() - t0) / 1e9;
      AlsModel r2 = WeightedAls.fit(spark, remaining, params.withSeed(params.seed() + 1), null, null);
      Reference ref = new Reference(r, test, rankedTest, validation, removed, remaining, Metrics.rmse(a, test), Metrics.rmse(r, test),
          gap(a, r, removed), retrainSeconds, params.numBlocks());
      String what = String.format(Locale.ROOT, "%.1f %% (%,d)", 100.0 * m / n, m);
      row(md, what, "A: trained on " + (trainedOnClean != null ? "every row" : "the poisoned table"), a, ref, Double.NaN);
      row(md, what, "R': retrain, other seed", r2, ref, Double.NaN);
      row(md, what, String.format(Locale.ROOT, "R: retrain from scratch (%d sweeps)", r.history().iterations().size()), r, ref,
          retrainSeconds);
      for (int sweeps : sweepCounts) {
        long t1 = System.nanoTime();
        Unlearning.Result u = Unlearning.run(spark, train, chosen, a, params, sweeps, SweepListener.NONE);
        u.model().userFactors().count();
        u.model().itemFactors().count();
        double seconds = (System.nanoTime() - t1) / 1e9;
        row(md, what, String.format(Locale.ROOT, "unlearn, %d sweeps (%,d users, %,d items re-solved in %.1f s; sweeps %.1f s)",
            sweeps, u.usersResolved(), u.itemsResolved(), u.resolveSeconds(), u.sweepSeconds()), u.model(), ref, seconds);
        u.model().unpersist();
        u.remaining().unpersist();
      }
      System.out.println(md);
      r.unpersist();
      r2.unpersist();
      if (trainedOnClean == null) {
        a.unpersist();
        train.unpersist();
      }
      for (Dataset<Row> d : List.of(chosen, removed, remaining)) {
        d.unpersist();
      }
    }
    if (values != null) {
      values.unpersist();
    }
    System.out.println(md);
    Files.writeString(dir.resolve("unlearn-benchmark-" + runName + "-" + selection + ".md"), md.toString());
  }

  /**
   * The values {@code recvalue value} wrote for the benchmark's run folder, cached; fails naming the commands
   * that write them when they are missing.
   */
  private static Dataset<Row> values(SparkSession spark, String run, String configFile) {
    Path table = Path.of(run, "value", "interactions");
    if (!Files.exists(table.resolve("_SUCCESS"))) {
      String config = configFile == null ? "CONFIG" : configFile;
      throw new IllegalStateException("lowest-valued removal needs the value stage's values in " + table
          + "; write them with: deploy/bin/recvalue train --output " + run + " --config " + config
          + " --set train.compare-mllib=false, then deploy/bin/recvalue value --output " + run + " --config " + config);
    }
    return spark.read().parquet(table.toString()).select(USER_IDX, ITEM_IDX, VALUE)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** What every row of one fraction is measured against. */
  private record Reference(AlsModel retrain, Dataset<Row> test, Dataset<Row> rankedTest, Dataset<Row> validation, Dataset<Row> removed, Dataset<Row> remaining,
      double rmseTrained, double rmseRetrain, double trainedGapRemoved, double retrainSeconds, int numBlocks) {}

  private static void row(StringBuilder md, String what, String name, AlsModel m, Reference ref, double seconds) {
    double rmse = Metrics.rmse(m, ref.test());
    double ndcg = Metrics.ranking(m, ref.remaining(), ref.rankedTest(), 10, ref.numBlocks()).ndcg();
    double gapRemoved = gap(m, ref.retrain(), ref.removed());
    double gain = ref.rmseTrained() - ref.rmseRetrain();
    md.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.3f | %s | %s | %s |%n", what, name, rmse,
        Metrics.rmse(m, ref.validation()), ndcg,
        gap(m, ref.retrain(), ref.test()), gapRemoved, gapRemoved / ref.trainedGapRemoved(),
        gain > 0 ? String.format(Locale.ROOT, "%.2f", (ref.rmseTrained() - rmse) / gain) : "(no gain)",
        Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.1f", seconds),
        Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.1f×", ref.retrainSeconds() / seconds)));
  }

  /**
   * The rows of {@code test} of {@code users} test users, the users chosen by a seeded hash of their index (the
   * same users on every call).
   */
  private static Dataset<Row> sampleUsers(Dataset<Row> test, int users) {
    Dataset<Row> chosen = test.select(USER_IDX).distinct()
        .orderBy(hash(col(USER_IDX), lit(17)), col(USER_IDX)).limit(users);
    return test.join(chosen, USER_IDX);
  }

  /** {@code sqrt(mean (s_m − s_retrain)²)} over the pairs both models score. */
  private static double gap(AlsModel m, AlsModel retrain, Dataset<Row> pairs) {
    Dataset<Row> p = pairs.select(USER_IDX, ITEM_IDX);
    Dataset<Row> a = m.predict(p).withColumnRenamed(AlsModel.PREDICTION, "__a");
    Dataset<Row> b = retrain.predict(p).withColumnRenamed(AlsModel.PREDICTION, "__b");
    Row r = a.join(b, toSeq(USER_IDX, ITEM_IDX)).agg(avg(pow(col("__a").minus(col("__b")), 2))).first();
    return r.isNullAt(0) ? Double.NaN : Math.sqrt(r.getDouble(0));
  }

  private static scala.collection.Seq<String> toSeq(String... names) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(names)).toSeq();
  }
}
