package io.recvalue.valuation.judge;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.row_number;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.generate.GeneratorSettings;
import io.recvalue.core.generate.SyntheticLog;
import io.recvalue.core.jobs.IngestJob;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.train.Trainer;
import io.recvalue.core.train.Trainers;
import io.recvalue.valuation.method.Progress;
import io.recvalue.valuation.method.ValuationContext;
import io.recvalue.valuation.method.ValuationMethods;
import io.recvalue.valuation.pg.PgTables;
import io.recvalue.valuation.spark.ValuationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * Noise detection and denoising by the value methods, side by side in one process (opt-in:
 * {@code -Drecvalue.benchmark.pg=DIR}; {@code -Drecvalue.benchmark.pg.data=generated|movietweetings|msweb},
 * {@code -Drecvalue.benchmark.pg.trainer=als|mllib}, {@code -Drecvalue.benchmark.pg.rows=N},
 * {@code -Drecvalue.benchmark.pg.set=key=value;...}).
 *
 * <p>On a generated log the noise is the generator's own ({@code is_noise}, 10 % of the rows) and the
 * oracle is {@code −|rating − clean_score|}; on a real log 10 % of the training ratings are corrupted
 * by {@link NoiseInjection}, as {@code recvalue evaluate} does. For each method: ROC-AUC of low value
 * against the noise flag, wall time against one training; then the model retrained from scratch
 * without the lowest-valued 10 % (pg: its keep decision) beside random 10 %, the whole log and the
 * clean log: test RMSE (explicit) and NDCG@10, and the share of the full-to-clean gap closed.
 */
@SparkTest
class PgNoiseBenchmark {
  private static final double BUDGET = 0.1;

  @Test
  void noiseDetectionAndDenoising() throws Exception {
    String out = System.getProperty("recvalue.benchmark.pg");
    assumeTrue(out != null, "set -Drecvalue.benchmark.pg=DIR to run this benchmark");
    String data = System.getProperty("recvalue.benchmark.pg.data", "generated");
    SparkSession spark = SparkTestSession.get();
    Path dir = Path.of(out, data);
    Files.createDirectories(dir);
    List<String> sets = new ArrayList<>();
    for (String kv : System.getProperty("recvalue.benchmark.pg.set", "").split(";")) {
      if (!kv.isBlank()) {
        sets.add(kv.trim());
      }
    }
    Prepared p = switch (data) {
      case "generated" -> generated(spark, dir, sets);
      case "movietweetings" -> real(spark, dir, "movietweetings/small/ratings.csv.gz", List.of(
          "input.user-col=user_id", "input.item-col=item_id", "input.rating-col=rating", "input.timestamp-col=timestamp",
          "input.timestamp-format=epoch-seconds", "ingest.rating-min=0", "ingest.rating-max=10",
          "train.max-iter=20"), sets);
      case "msweb" -> real(spark, dir, "msweb/full/interactions.csv.gz", List.of("input.user-col=user_id",
          "input.item-col=item_id", "input.rating-col=", "input.timestamp-col=", "ingest.feedback=implicit",
          "ingest.duplicates=sum", "train.max-iter=20"), sets);
      default -> throw new IllegalArgumentException("unknown data " + data);
    };
    report(spark, p, dir, data);
  }

  /** The split, the noisy training set, its flags ({@code user_idx, item_idx, noise boolean[, oracle]}) and settings. */
  private record Prepared(RecvalueConfig config, Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test,
      Dataset<Row> flags, boolean oracle, String description) {}

  private static Prepared generated(SparkSession spark, Path dir, List<String> sets) throws Exception {
    long rows = Long.getLong("recvalue.benchmark.pg.rows", 100_000);
    GeneratorSettings g = GeneratorSettings.of(rows, (int) Math.max(100, rows / 50), (int) Math.max(50, rows / 200), 5,
        0.1).withPartitions(2, 100_000);
    Path gen = dir.resolve("gen");
    if (!Files.exists(gen.resolve(SyntheticLog.PROPERTIES))) {
      SyntheticLog.write(spark, g, gen.toString());
    }
    List<String> settings = new ArrayList<>(List.of("train.rank=5", "train.max-iter=20"));
    settings.addAll(sets);
    RecvalueConfig config = ConfigLoader.load(List.of(gen.resolve(SyntheticLog.PROPERTIES)), settings);
    String run = ingest(spark, config, gen.resolve(SyntheticLog.LOG_FOLDER).toString(), dir);
    Dataset<Row> log = spark.read().option("header", true).option("inferSchema", true)
        .csv(gen.resolve(SyntheticLog.LOG_FOLDER).toString())
        .withColumn("n", row_number().over(Window.partitionBy("user_id", "item_id").orderBy(desc("timestamp"))))
        .filter("n = 1");
    Dataset<Row> users = spark.read().parquet(run + "/ingest/user_index");
    Dataset<Row> items = spark.read().parquet(run + "/ingest/item_index");
    Dataset<Row> train = spark.read().parquet(run + "/ingest/train");
    Dataset<Row> flags = log.join(users.withColumn("user_id", col("user_id").cast("long")), "user_id")
        .join(items.withColumn("item_id", col("item_id").cast("long")), "item_id")
        .select(col("user_idx"), col("item_idx"), col("is_noise").equalTo(1).as("noise"),
            abs(col("rating").minus(col(SyntheticLog.CLEAN_SCORE))).multiply(-1.0).as("oracle"))
        .join(train.select("user_idx", "item_idx"), seq("user_idx", "item_idx"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new Prepared(config, train.persist(StorageLevel.MEMORY_AND_DISK()),
        spark.read().parquet(run + "/ingest/validation"), spark.read().parquet(run + "/ingest/test"), flags, true,
        String.format(Locale.ROOT, "generated log, %,d rows, %d users, %d items, planted rank 5, 10 %% noise rows (a"
            + " wrong rating drawn uniformly)", rows, g.users(), g.items()));
  }

  private static Prepared real(SparkSession spark, Path dir, String file, List<String> base, List<String> sets)
      throws Exception {
    List<String> settings = new ArrayList<>(base);
    settings.addAll(sets);
    RecvalueConfig config = ConfigLoader.load(List.of(), settings);
    Path input = Path.of(System.getProperty("recvalue.shared.data", "../../shared/data")).resolve(file);
    assumeTrue(Files.exists(input), "no " + input);
    String run = ingest(spark, config, input.toString(), dir);
    io.recvalue.core.jobs.SplitTables split = new io.recvalue.core.jobs.SplitTables(spark.read().parquet(run + "/ingest/train"),
        spark.read().parquet(run + "/ingest/validation"), spark.read().parquet(run + "/ingest/test"),
        spark.read().parquet(run + "/ingest/user_index"), spark.read().parquet(run + "/ingest/item_index"));
    boolean implicit = config.getString("ingest.feedback").equals("implicit");
    NoiseInjection.Spec spec = NoiseDetection.spec(split, split.train(), implicit, BUDGET, config);
    Dataset<Row> known = split.train().select("user_idx", "item_idx").union(split.validation().select("user_idx",
        "item_idx")).union(split.test().select("user_idx", "item_idx"));
    Dataset<Row> corrupted = NoiseInjection.corrupt(spark, split.train(), known, spec)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> flags = corrupted.select(col("user_idx"), col("item_idx"), col(NoiseInjection.CORRUPTED).as("noise"));
    return new Prepared(config, corrupted.select("user_idx", "item_idx", "rating", "weight", "timestamp")
        .persist(StorageLevel.MEMORY_AND_DISK()), split.validation(), split.test(), flags, false,
        file + ", 10 % of the training " + (implicit ? "pairs moved to a random unseen item" : "ratings replaced by a"
            + " different value") + " (NoiseInjection, run seed)");
  }

  private static String ingest(SparkSession spark, RecvalueConfig config, String input, Path dir) throws Exception {
    String run = dir.resolve("run").toString();
    if (!Files.exists(dir.resolve("run").resolve("ingest"))) {
      StageContext ctx = new StageContext(spark, config, run, Optional.of(input), new RunManifest("ingest", List.of(),
          config), Console.standard());
      StageRunner.run(ctx, List.of(new IngestJob()));
    }
    return run;
  }

  private static void report(SparkSession spark, Prepared p, Path dir, String data) throws Exception {
    boolean implicit = p.config().getString("ingest.feedback").equals("implicit");
    int parallelism = spark.sparkContext().defaultParallelism();
    AlsParams params = TrainJob.params(p.config(), parallelism);
    String trainerId = System.getProperty("recvalue.benchmark.pg.trainer", "als");
    Trainer trainer = Trainers.of("trainer", trainerId, params);
    RecvalueConfig config = p.config().with("value.pg-trainer", trainerId, "benchmark");
    trainer.fit(spark, p.train(), null).unpersist();
    long t0 = System.nanoTime();
    AlsModel model = trainer.fit(spark, p.train(), null);
    model.userFactors().count();
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    long n = p.train().count();
    List<String> lines = new ArrayList<>();
    lines.add("| method | ROC-AUC | corrupted in lowest 10 % | seconds | / training |");
    lines.add("|---|---:|---:|---:|---:|");
    Map<String, Dataset<Row>> ranked = new LinkedHashMap<>();
    Progress progress = (f, a) -> System.err.println("[benchmark] " + String.format(Locale.ROOT, f, a));
    ValuationContext ctx = new ValuationContext(spark, config, p.train(), p.validation(), model, parallelism, progress);
    List<String> methods = new ArrayList<>(List.of("pg", "residual", "blockdiag", "influence"));
    if (trainerId.equals("mllib")) {
      methods = List.of("pg", "residual");
    }
    for (String id : methods) {
      long t = System.nanoTime();
      ValuationResult r = ValuationMethods.get("method", id).value(ctx);
      double secs = (System.nanoTime() - t) / 1e9;
      Dataset<Row> v = r.values().select(col("user_idx"), col("item_idx"), col("value"),
          (id.equals("pg") ? col(PgTables.KEEP) : org.apache.spark.sql.functions.lit(true)).as("keep"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      v.count();
      r.release();
      ranked.put(id, v);
      double[] a = auc(v.select("user_idx", "item_idx", "value"), p.flags());
      lines.add(String.format(Locale.ROOT, "| %s | %.3f | %.1f %% | %.1f | %.2f |", id, a[0], 100 * a[1], secs,
          secs / trainSeconds));
    }
    if (p.oracle()) {
      double[] a = auc(p.flags().select(col("user_idx"), col("item_idx"), col("oracle").as("value")), p.flags());
      lines.add(String.format(Locale.ROOT, "| oracle: −\\|rating − clean score\\| | %.3f | %.1f %% | | |", a[0], 100 * a[1]));
    }
    lines.add("| random | 0.500 | 10.0 % | | |");
    lines.add("");
    lines.add("Retrained from scratch on the kept rows (" + trainerId + ", " + params.maxIter() + " sweeps, rank "
        + params.rank() + "):");
    lines.add("");
    lines.add("| training set | rows | test RMSE | NDCG@10 | gap closed |");
    lines.add("|---|---:|---:|---:|---:|");
    ModelScores full = score(spark, trainer, p.train(), p, params);
    Dataset<Row> clean = p.train().join(p.flags().filter("noise = false").select("user_idx", "item_idx"),
        seq("user_idx", "item_idx"));
    ModelScores cleanScores = score(spark, trainer, clean, p, params);
    lines.add(row("whole noisy log", n, full, full, cleanScores, implicit));
    lines.add(row("clean (noise rows removed)", clean.count(), cleanScores, full, cleanScores, implicit));
    long m = (long) Math.floor(BUDGET * n);
    Dataset<Row> randomKept = p.train().withColumn("__r", org.apache.spark.sql.functions.rand(42))
        .orderBy("__r").limit((int) (n - m)).drop("__r");
    lines.add(row("random 90 %", n - m, score(spark, trainer, randomKept, p, params), full, cleanScores, implicit));
    for (Map.Entry<String, Dataset<Row>> e : ranked.entrySet()) {
      Dataset<Row> keep = e.getKey().equals("pg") ? e.getValue().filter("keep").select("user_idx", "item_idx")
          : Ranks.rank(spark, e.getValue().select(col("user_idx"), col("item_idx"), col("value").as("key")), "key")
              .filter(col(Ranks.RANK).geq(m)).select("user_idx", "item_idx");
      Dataset<Row> kept = p.train().join(keep, seq("user_idx", "item_idx"));
      lines.add(row(e.getKey() + (e.getKey().equals("pg") ? " keep decision" : " without lowest 10 %"), kept.count(),
          score(spark, trainer, kept, p, params), full, cleanScores, implicit));
    }
    String text = "### " + p.description() + "\n\nOne training: " + String.format(Locale.ROOT, "%.1f", trainSeconds)
        + " s (" + trainerId + ", " + n + " training rows, " + parallelism + " cores).\n\n" + String.join("\n", lines)
        + "\n";
    System.out.println(text);
    Files.writeString(dir.resolve("pg-noise-" + data + "-" + trainerId + ".md"), text);
  }

  private static String row(String name, long rows, ModelScores s, ModelScores full, ModelScores clean,
      boolean implicit) {
    String gap;
    if (implicit) {
      gap = fraction(full.ndcgAt10(), s.ndcgAt10(), clean.ndcgAt10());
    } else {
      gap = fraction(full.rmse(), s.rmse(), clean.rmse());
    }
    return String.format(Locale.ROOT, "| %s | %,d | %s | %.4f | %s |", name, rows,
        s.rmse() == null ? "" : String.format(Locale.ROOT, "%.4f", s.rmse()), s.ndcgAt10(), gap);
  }

  private static String fraction(double full, double got, double clean) {
    return clean == full ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * (got - full) / (clean - full) + 0.0);
  }

  private static ModelScores score(SparkSession spark, Trainer trainer, Dataset<Row> rows, Prepared p,
      AlsParams params) {
    AlsModel m = trainer.fit(spark, rows, null);
    try {
      return ModelScores.of(m, p.train(), p.test(), params.implicit(), params.numBlocks());
    } finally {
      m.unpersist();
    }
  }

  /** {@code [ROC-AUC of low value against noise, share of the noise among the lowest 10 %]}. */
  private static double[] auc(Dataset<Row> values, Dataset<Row> flags) {
    List<Row> rows = values.join(flags.select("user_idx", "item_idx", "noise"), seq("user_idx", "item_idx"))
        .select("value", "noise").collectAsList();
    double[] v = new double[rows.size()];
    boolean[] f = new boolean[rows.size()];
    for (int j = 0; j < v.length; j++) {
      v[j] = rows.get(j).getDouble(0);
      f[j] = rows.get(j).getBoolean(1);
    }
    return new double[] {RocAuc.lowValueAuc(v, f), RocAuc.shareInLowest(v, f, BUDGET)};
  }

  private static scala.collection.Seq<String> seq(String... names) {
    return JavaConverters.asScalaBuffer(List.of(names)).toSeq();
  }

}
