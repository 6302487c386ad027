package io.recvalue.valuation.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.generate.GeneratorSettings;
import io.recvalue.core.generate.SyntheticLog;
import io.recvalue.core.jobs.IngestJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.testing.SparkTestSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole evaluation on a small generated log (ingest → evaluate): the tables have the documented
 * columns and rows, and with 20 % of the ratings corrupted, influence values find the corrupted ones
 * far better than chance: more than four null standard errors above it (a regression guard, not the
 * benchmark; on this small, dense log the AUC is modest).
 */
@SparkTest
class EvaluateTest {
  @Test
  void removalCurvesAndNoiseDetectionOnAGeneratedLog(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    GeneratorSettings g = GeneratorSettings.of(6_000, 60, 40, 2, 0.0).withPartitions(2, 1_000);
    SyntheticLog.write(spark, g, dir.resolve("gen").toString());
    RecvalueConfig config = ConfigLoader.load(List.of(dir.resolve("gen").resolve(SyntheticLog.PROPERTIES)),
        List.of("split.validation-per-user=4", "split.test-per-user=2", "train.rank=2", "train.max-iter=15",
            "train.blocks=2", "value.cg-tol=1e-4", "value.cg-max-iter=50",
            "evaluate.methods=influence,ep", "evaluate.removal-step=0.2", "evaluate.max-removal=0.2",
            "evaluate.random-seeds=1", "evaluate.noise-fraction=0.2", "evaluate.oracle-sample=20", "verify-loo.tol=1e-8"));
    String out = dir.resolve("run").toString();
    StageContext ctx = new StageContext(spark, config, out,
        Optional.of(dir.resolve("gen").resolve(SyntheticLog.LOG_FOLDER).toString()),
        new RunManifest("evaluate", List.of(), config),
        new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
    EvaluateJob job = new EvaluateJob();
    StageRunner.run(ctx, List.of(new IngestJob(), job));
    long trainRows = (Long) ctx.manifest().stage("evaluate").get("train_rows");

    Dataset<Row> curves = spark.read().parquet(out + "/evaluate/removal_curves");
    assertEquals(List.of("method", "seed", "direction", "removed_fraction", "rmse", "ndcg_at_10", "recall_at_20",
        "train_rows"), List.of(curves.columns()));
    List<Row> rows = curves.orderBy("method", "direction", "removed_fraction").collectAsList();
    // (influence, ep) x (lowest_first, highest_first) x (0, 20 %), plus one random order x (0, 20 %).
    assertEquals(10, rows.size(), rows.toString());
    Row full = rows.get(0);
    for (Row r : rows) {
      assertNotNull(r.getAs("rmse"));
      if (r.<Double>getAs("removed_fraction") == 0.0) {
        assertEquals(full.<Double>getAs("rmse"), r.<Double>getAs("rmse"), "one model for nothing removed");
        assertEquals(trainRows, r.<Long>getAs("train_rows"));
      } else {
        assertEquals(0.2, r.<Double>getAs("removed_fraction"));
        assertEquals(trainRows - (long) Math.floor(0.2 * trainRows), r.<Long>getAs("train_rows"));
      }
    }

    Dataset<Row> noiseTable = spark.read().parquet(out + "/evaluate/noise_detection");
    assertEquals(3, noiseTable.count(), "one noise-detection row per method and one for the oracle");
    Row oracle = noiseTable.filter("method = 'loo_oracle'").first();
    assertEquals(10L, oracle.<Long>getAs("corrupted_rows"), "half of the oracle's sample is corrupted");
    assertEquals(20L, oracle.<Long>getAs("train_rows"), "the oracle's sample");
    assertTrue(Double.isNaN(oracle.<Double>getAs("share_in_lowest_20pct")), "no share on a balanced sample");
    double oracleAuc = oracle.getAs("roc_auc");
    assertTrue(oracleAuc >= 0 && oracleAuc <= 1, "oracle ROC-AUC " + oracleAuc);
    Row noise = noiseTable.filter("method = 'influence'").first();
    System.out.println("evaluate test: " + noise + "; curves " + rows);
    assertEquals("influence", noise.getAs("method"));
    assertEquals((long) Math.floor(0.2 * trainRows), noise.<Long>getAs("corrupted_rows"));
    // "Well above chance": more than 4 standard errors above what random values give. Under the null,
    // AUC has mean 0.5 and variance (P + N + 1) / (12 P N) (Mann–Whitney); the share of P corrupted
    // among the lowest 20 % has mean 0.2 and variance about 0.2 · 0.8 / P.
    double p = noise.<Long>getAs("corrupted_rows");
    double q = trainRows - p;
    double auc = noise.getAs("roc_auc");
    double aucBar = 0.5 + 4 * Math.sqrt((p + q + 1) / (12 * p * q));
    assertTrue(auc > aucBar, "ROC-AUC of influence on 20 % corrupted ratings: " + auc + " <= " + aucBar);
    double share = noise.getAs("share_in_lowest_20pct");
    double shareBar = 0.2 + 4 * Math.sqrt(0.2 * 0.8 / p);
    assertTrue(share > shareBar, "share in the lowest 20 %: " + share + " <= " + shareBar);

    List<String> csv = Files.readAllLines(dir.resolve("run/evaluate/removal_curves.csv"));
    assertEquals("method,seed,direction,removed_fraction,rmse,ndcg_at_10,recall_at_20,train_rows", csv.get(0));
    assertEquals(1 + rows.size(), csv.size(), "a header and one line per curve point");
    assertEquals("method,noise_fraction,roc_auc,share_in_lowest_20pct,corrupted_rows,train_rows",
        Files.readAllLines(dir.resolve("run/evaluate/noise_detection.csv")).get(0));
    BufferedImage png = ImageIO.read(dir.resolve("run/evaluate/removal_curves.png").toFile());
    assertEquals(3 * 420, png.getWidth());
    @SuppressWarnings("unchecked")
    Map<String, Object> checks = (Map<String, Object>) ctx.manifest().stage("evaluate").get("checks");
    assertTrue(checks.containsKey("influence"), checks.toString());
    String summary = String.join("\n", job.report().summaryLines());
    assertTrue(summary.contains("Noise detection (20% of training corrupted): influence ROC-AUC"), summary);
    assertTrue(summary.contains("oracle (the actual leave-one-out change of validation loss of 10 corrupted and 10 clean"
        + " interactions): ROC-AUC"), summary);
  }

  /**
   * The same removal curves with Spark MLlib's ALS as a black-box trainer: every retraining goes
   * through it (the curve for nothing removed is its model's), and influence values its model.
   */
  @Test
  void removalCurvesRunWithTheMllibBlackBoxTrainer(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    GeneratorSettings g = GeneratorSettings.of(3_000, 40, 30, 2, 0.0).withPartitions(2, 1_000);
    SyntheticLog.write(spark, g, dir.resolve("gen").toString());
    RecvalueConfig config = ConfigLoader.load(List.of(dir.resolve("gen").resolve(SyntheticLog.PROPERTIES)),
        List.of("split.validation-per-user=4", "split.test-per-user=2", "train.rank=2", "train.max-iter=10",
            "train.blocks=2", "value.cg-tol=1e-4", "value.cg-max-iter=50", "evaluate.trainer=mllib",
            "evaluate.methods=influence", "evaluate.removal-step=0.2", "evaluate.max-removal=0.2",
            "evaluate.random-seeds=1", "evaluate.noise-fraction=0"));
    String out = dir.resolve("run").toString();
    StageContext ctx = new StageContext(spark, config, out,
        Optional.of(dir.resolve("gen").resolve(SyntheticLog.LOG_FOLDER).toString()),
        new RunManifest("evaluate", List.of(), config),
        new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
    StageRunner.run(ctx, List.of(new IngestJob(), new EvaluateJob()));
    @SuppressWarnings("unchecked")
    Map<String, Object> settings = (Map<String, Object>) ctx.manifest().stage("evaluate").get("settings");
    assertEquals("mllib", settings.get("trainer"));
    List<Row> rows = spark.read().parquet(out + "/evaluate/removal_curves")
        .orderBy("method", "direction", "removed_fraction").collectAsList();
    assertEquals(6, rows.size(), "influence x (lowest, highest) x (0, 20 %) and one random order: " + rows);
    for (Row r : rows) {
      double rmse = r.getAs("rmse");
      assertTrue(rmse > 0 && rmse < 3, "test RMSE of an MLlib model on 1..5 ratings: " + r);
    }
  }
}
