package io.recvalue.valuation.pg;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.WeightedAls;
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
import io.recvalue.core.testing.DatasetAssertions;
import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.judge.RocAuc;
import io.recvalue.valuation.method.Progress;
import io.recvalue.valuation.method.ValuationContext;
import io.recvalue.valuation.method.ValuationMethods;
import io.recvalue.valuation.spark.ValuationResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code value --method pg} on a generated log with planted noise (15 % of the ratings replaced by a
 * wrong value): the learnt keep probabilities find the noise far better than chance and better than
 * influence values on the same model; the keep decision drops exactly the budget; the same seed gives
 * the same values on 1 and 3 partitions; MLlib's ALS runs the same search as a black box; and bad
 * settings are refused naming the key.
 */
@SparkTest
class PgMethodTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static RecvalueConfig config;
  private static Dataset<Row> train;
  private static Dataset<Row> validation;
  private static Dataset<Row> noise;
  private static AlsModel model;

  @BeforeAll
  static void plantedLog() throws Exception {
    spark = SparkTestSession.get();
    GeneratorSettings g = GeneratorSettings.of(8_000, 150, 80, 3, 0.15).withPartitions(2, 2_000);
    SyntheticLog.write(spark, g, dir.resolve("gen").toString());
    config = ConfigLoader.load(List.of(dir.resolve("gen").resolve(SyntheticLog.PROPERTIES)),
        List.of("split.validation-per-user=6", "split.test-per-user=2", "train.rank=3", "train.max-iter=25",
            "train.blocks=2", "value.cg-tol=1e-6", "value.pg-iterations=25", "value.pg-patience=0"));
    String out = dir.resolve("run").toString();
    Console quiet = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    StageContext ctx = new StageContext(spark, config, out,
        Optional.of(dir.resolve("gen").resolve(SyntheticLog.LOG_FOLDER).toString()),
        new RunManifest("ingest", List.of(), config), quiet);
    StageRunner.run(ctx, List.of(new IngestJob()));
    train = spark.read().parquet(out + "/ingest/train").cache();
    validation = spark.read().parquet(out + "/ingest/validation").cache();
    Dataset<Row> log = spark.read().option("header", true).option("inferSchema", true)
        .csv(dir.resolve("gen").resolve(SyntheticLog.LOG_FOLDER).toString());
    Dataset<Row> users = spark.read().parquet(out + "/ingest/user_index");
    Dataset<Row> items = spark.read().parquet(out + "/ingest/item_index");
    noise = log.groupBy("user_id", "item_id").agg(org.apache.spark.sql.functions.max("is_noise").as("is_noise"))
        .join(users.withColumn("user_id", col("user_id").cast("long")), "user_id")
        .join(items.withColumn("item_id", col("item_id").cast("long")), "item_id")
        .select("user_idx", "item_idx", "is_noise").cache();
    model = WeightedAls.fit(spark, train, TrainJob.params(config, 2), null, null);
  }

  private static ValuationResult value(String method, RecvalueConfig c, int partitions) {
    return ValuationMethods.get("value.method", method)
        .value(new ValuationContext(spark, c, train, validation, model, partitions, Progress.NONE));
  }

  /** ROC-AUC of low value against the planted noise flag, over the training interactions. */
  private static double auc(Dataset<Row> values) {
    List<Row> rows = values.join(noise, scala.collection.JavaConverters
        .asScalaBuffer(List.of("user_idx", "item_idx")).toSeq()).select("value", "is_noise").collectAsList();
    assertEquals(train.count(), rows.size(), "every training interaction has a value and a flag");
    double[] v = new double[rows.size()];
    boolean[] f = new boolean[rows.size()];
    for (int j = 0; j < v.length; j++) {
      v[j] = rows.get(j).getDouble(0);
      f[j] = rows.get(j).getInt(1) == 1;
    }
    return RocAuc.lowValueAuc(v, f);
  }

  @Test
  void keepProbabilitiesFindThePlantedNoiseBetterThanInfluence() {
    ValuationResult pg = value("pg", config, 2);
    ValuationResult influence = value("influence", config, 2);
    try {
      double pgAuc = auc(pg.values());
      double influenceAuc = auc(influence.values());
      long n = train.count();
      long p = noise.join(train.select("user_idx", "item_idx"), scala.collection.JavaConverters
          .asScalaBuffer(List.of("user_idx", "item_idx")).toSeq()).filter("is_noise = 1").count();
      double chanceSe = Math.sqrt((n + 1.0) / (12.0 * p * (n - p)));
      System.out.printf("planted noise: pg ROC-AUC %.4f, influence %.4f (chance SE %.4f)%n", pgAuc, influenceAuc,
          chanceSe);
      assertTrue(pgAuc > 0.5 + 10 * chanceSe, "pg ROC-AUC " + pgAuc + " is not well above chance");
      assertTrue(pgAuc > influenceAuc + 0.05, "pg " + pgAuc + " vs influence " + influenceAuc);
      long dropped = pg.values().filter(col(PgTables.KEEP).equalTo(false)).count();
      assertEquals((long) Math.floor(0.1 * n), dropped, "the keep decision drops exactly the budget");
      Row worstKept = pg.values().filter(col(PgTables.KEEP)).agg(org.apache.spark.sql.functions.min("value")).first();
      Row bestDropped = pg.values().filter(col(PgTables.KEEP).equalTo(false))
          .agg(org.apache.spark.sql.functions.max("value")).first();
      assertTrue(bestDropped.getDouble(0) <= worstKept.getDouble(0), "dropped rows have the lowest probabilities");
      List<Row> curve = pg.tables().get(PgTables.CURVE).orderBy("iteration").collectAsList();
      assertEquals(25, curve.size());
      for (Row r : curve) {
        assertEquals(0.1, r.<Double>getAs("drop_fraction"), 0.01, "the budget holds at every iteration: " + r);
      }
      assertEquals(List.of("abs_residual", "abs_residual_z_user", "abs_residual_z_item", "log_user_degree",
          "log_item_degree", "recency"), pg.diagnostics().get("features"));
      assertEquals(7, pg.tables().get(PgTables.POLICY).count(), "one policy row per feature and the bias");
    } finally {
      pg.release();
      influence.release();
    }
  }

  @Test
  void theSameSeedGivesTheSameValuesOnAnyPartitioning() {
    RecvalueConfig quick = config.with("value.pg-iterations", "6", "test");
    ValuationResult two = value("pg", quick, 2);
    ValuationResult three = value("pg", quick, 3);
    ValuationResult one = value("pg", quick, 1);
    try {
      for (ValuationResult other : List.of(three, one)) {
        DatasetAssertions.assertRowsClose(two.values(), other.values(), 1e-9, "user_idx", "item_idx");
        DatasetAssertions.assertSameRows(two.values().select("user_idx", "item_idx", "keep"),
            other.values().select("user_idx", "item_idx", "keep"));
      }
      List<Row> a = two.values().orderBy("user_idx", "item_idx").collectAsList();
      ValuationResult reseeded = value("pg", quick.with("run.seed", "7", "test"), 2);
      double maxDiff = 0;
      List<Row> c = reseeded.values().orderBy("user_idx", "item_idx").collectAsList();
      for (int j = 0; j < a.size(); j++) {
        maxDiff = Math.max(maxDiff, Math.abs(a.get(j).<Double>getAs("keep_probability")
            - c.get(j).<Double>getAs("keep_probability")));
      }
      reseeded.release();
      assertTrue(maxDiff > 1e-6, "another seed draws other masks: " + maxDiff);
    } finally {
      two.release();
      three.release();
      one.release();
    }
  }

  @Test
  void mllibAsABlackBoxRunsTheSameSearch() {
    RecvalueConfig mllib = config.with("value.pg-trainer", "mllib", "test").with("value.pg-episodes", "2", "test")
        .with("value.pg-iterations", "2", "test");
    ValuationResult r = value("pg", mllib, 2);
    try {
      assertEquals("trainer:mllib", r.diagnostics().get("episode_engine"));
      assertEquals(2, r.tables().get(PgTables.CURVE).count());
      assertEquals(train.count(), r.values().count());
      assertEquals((long) Math.floor(0.1 * train.count()), r.values().filter(col(PgTables.KEEP).equalTo(false)).count());
    } finally {
      r.release();
    }
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    RecvalueConfig halfStepMllib = config.with("value.pg-trainer", "mllib", "test").with("value.pg-episode",
        "half-step", "test");
    assertEquals("value.pg-episode=half-step runs our ALS's half-steps; value.pg-trainer=mllib needs"
        + " value.pg-episode=trainer (or auto)", assertThrows(IllegalArgumentException.class,
            () -> ValuationMethods.get("k", "pg").validate(halfStepMllib)).getMessage());
    RecvalueConfig unknown = config.with("value.pg-features", "abs_residual,popularity", "test");
    assertEquals("value.pg-features: unknown feature 'popularity'; known: " + String.join(", ", PolicyFeatures.BUILT_IN),
        assertThrows(IllegalArgumentException.class, () -> ValuationMethods.get("k", "pg").validate(unknown))
            .getMessage());
    RecvalueConfig itself = config.with("value.pg-value-features", "influence,pg", "test");
    assertEquals("value.pg-value-features cannot name pg itself", assertThrows(IllegalArgumentException.class,
        () -> ValuationMethods.get("k", "pg").validate(itself)).getMessage());
  }
}
