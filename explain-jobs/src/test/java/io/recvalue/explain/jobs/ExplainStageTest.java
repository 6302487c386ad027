package io.recvalue.explain.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.explain.report.ReportJob;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explain and report stages on a run folder in the layout the ingest, train and value stages
 * write ({@link SyntheticRun}, with item metadata): output schemas, efficiency of every stored explanation,
 * the manifest's fit and convergence statistics, and a report that holds every section.
 */
class ExplainStageTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static String out;
  private static StageContext context;
  private static final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeAll
  static void runPipeline() throws Exception {
    spark = SparkTestSession.get();
    out = dir.resolve("out").toString();
    SyntheticRun.write(spark, out, dir.resolve("items.csv"));
    RecvalueConfig config = ConfigLoader.load(List.of(), List.of(
        "explain.item-metadata=items.csv", "explain.max-genres=3", "explain.surrogate-trees=5",
        "explain.surrogate-depth=3", "explain.background-size=8", "explain.max-permutations=160",
        "explain.interactions=true", "report.top-items=3"));
    Console console = new Console(new PrintStream(progress, true, StandardCharsets.UTF_8), System.out);
    // the log's folder is where a relative explain.item-metadata is read from
    context = new StageContext(spark, config, out, Optional.of(dir.resolve("ratings.csv").toString()),
        new RunManifest("test", List.of(), config), console);
    StageRunner.run(context, List.of(new ExplainJob(), new ReportJob()));
  }

  @org.junit.jupiter.api.AfterAll
  static void showProgress() {
    System.err.print(progress.toString(StandardCharsets.UTF_8));
  }

  private static List<String> names(StructType s) {
    List<String> out = new ArrayList<>();
    for (StructField f : s.fields()) {
      out.add(f.name() + ":" + f.dataType().simpleString());
    }
    return out;
  }

  @Test
  void writesTheItemTablesWithTheirExactSchemas() {
    StructType keys = ExplainSchemas.itemKeys();
    assertEquals(names(ExplainSchemas.explanations(keys)), names(spark.read().parquet(out + "/explanations").schema()));
    assertEquals(names(ExplainSchemas.rows(keys)), names(spark.read().parquet(out + "/explanation_items").schema()));
    assertEquals(names(ExplainSchemas.importance()), names(spark.read().parquet(out + "/feature_importance").schema()));
    assertTrue(Files.isRegularFile(Path.of(out, "feature_importance.arrow")));
    StructType ikeys = ExplainSchemas.interactionKeys();
    assertEquals(names(ExplainSchemas.explanations(ikeys)),
        names(spark.read().parquet(out + "/interaction_explanations").schema()));
    assertEquals(names(ExplainSchemas.rows(ikeys)), names(spark.read().parquet(out + "/interaction_explanation_rows").schema()));
    assertTrue(Files.isRegularFile(Path.of(out, "interaction_feature_importance.arrow")));
  }

  @Test
  void everyItemIsExplainedWithEfficientAttributionsOverMetadataFeatures() {
    Dataset<Row> items = spark.read().parquet(out + "/explanation_items");
    Dataset<Row> values = spark.read().parquet(out + "/item_values");
    assertEquals(values.count(), items.count());
    Map<String, Double> sums = new java.util.HashMap<>();
    List<String> features = new ArrayList<>();
    for (Row r : spark.read().parquet(out + "/explanations").collectAsList()) {
      sums.merge(r.<String>getAs("item_id"), r.<Double>getAs("phi"), Double::sum);
      if (!features.contains(r.<String>getAs("feature"))) {
        features.add(r.getAs("feature"));
      }
    }
    for (Row r : items.collectAsList()) {
      double expected = r.<Double>getAs("prediction") - r.<Double>getAs("base_value");
      assertEquals(expected, sums.get(r.<String>getAs("item_id")), 1e-9 * Math.max(1, Math.abs(expected)));
      assertTrue(r.<Integer>getAs("permutations") >= 16 && r.<Integer>getAs("permutations") <= 160);
    }
    assertTrue(features.containsAll(List.of("popularity", "rating_mean", "year", "genre_drama", "genre_comedy",
        "genre_sci_fi")), "features: " + features);
    assertFalse(features.contains("genre_war"), "only the 3 most frequent genres: " + features);
    // the value explained is item_values.value_sum
    Row first = items.orderBy("item_idx").first();
    Row value = values.filter(values.col("item_idx").equalTo(first.<Integer>getAs("item_idx"))).first();
    assertEquals(value.<Double>getAs("value_sum"), first.<Double>getAs("target"), 0.0);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theManifestHoldsFitAndConvergenceStatistics() {
    Map<String, Object> item = (Map<String, Object>) context.manifest().stage("explain").get("item");
    assertNotNull(item.get("surrogate_r2_heldout"));
    assertEquals(8, item.get("background_size"));
    assertEquals(160, item.get("max_permutations"));
    assertTrue(((Number) item.get("permutations_total")).longValue() >= 16L * 40 - 16L * 10);
    assertTrue(item.containsKey("max_se_over_range_median"));
    assertTrue(item.containsKey("converged_rows"));
    assertTrue(context.manifest().stage("explain").get("item_metadata").toString().endsWith("items.csv"));
    assertNotNull(context.manifest().stage("explain").get("interaction"));
  }

  /**
   * {@code explain.shapley = tree} on the same run: exact values (zero SEs, no permutations) that
   * add up to prediction minus base value, and the same surrogate and predictions as the Monte
   * Carlo run (only the attribution method differs).
   */
  @Test
  @SuppressWarnings("unchecked")
  void exactTreeShapleyExplainsTheSameSurrogate() throws Exception {
    String exact = dir.resolve("exact").toString();
    SyntheticRun.write(spark, exact, dir.resolve("items.csv"));
    RecvalueConfig config = ConfigLoader.load(List.of(), List.of(
        "explain.item-metadata=items.csv", "explain.max-genres=3", "explain.surrogate-trees=5",
        "explain.surrogate-depth=3", "explain.background-size=8", "explain.shapley=tree"));
    StageContext c = new StageContext(spark, config, exact, Optional.of(dir.resolve("ratings.csv").toString()),
        new RunManifest("test", List.of(), config), new Console(new PrintStream(progress, true,
            StandardCharsets.UTF_8), System.out));
    StageRunner.run(c, List.of(new ExplainJob()));
    Map<String, Object> item = (Map<String, Object>) c.manifest().stage("explain").get("item");
    assertEquals("tree", item.get("shapley"));
    assertEquals(0L, ((Number) item.get("permutations_total")).longValue());
    Map<String, Double> sums = new java.util.HashMap<>();
    for (Row r : spark.read().parquet(exact + "/explanations").collectAsList()) {
      sums.merge(r.<String>getAs("item_id"), r.<Double>getAs("phi"), Double::sum);
      assertEquals(0.0, r.<Double>getAs("se"), 0.0);
    }
    Map<String, Double> monteCarloPredictions = new java.util.HashMap<>();
    for (Row r : spark.read().parquet(out + "/explanation_items").collectAsList()) {
      monteCarloPredictions.put(r.getAs("item_id"), r.getAs("prediction"));
    }
    List<Row> items = spark.read().parquet(exact + "/explanation_items").collectAsList();
    assertEquals(monteCarloPredictions.size(), items.size());
    for (Row r : items) {
      double expected = r.<Double>getAs("prediction") - r.<Double>getAs("base_value");
      assertEquals(expected, sums.get(r.<String>getAs("item_id")), 1e-9 * Math.max(1, Math.abs(expected)));
      assertEquals(monteCarloPredictions.get(r.<String>getAs("item_id")), r.<Double>getAs("prediction"), 0.0);
      assertEquals(0, r.<Integer>getAs("permutations"));
      assertTrue(r.<Boolean>getAs("converged"));
    }
  }

  @Test
  void theReportHoldsEverySectionAndItsImagesArePngs() throws IOException {
    String html = Files.readString(Path.of(out, "report", ReportJob.FILE));
    assertReportIsWellFormed(html);
    assertTrue(html.contains("No removal curves in this run folder"), "absent evaluate output is noted");
    assertTrue(html.contains("held-out R²"));
    assertTrue(section(html, "surrogate-fit").contains("Interaction values (explain.interactions): surrogate"),
        "the interaction-level fit is reported when interactions were explained");
  }

  @Test
  void theReportDrawsRemovalCurvesAndNoiseDetectionWhenEvaluateOutputExists() throws Exception {
    StructType curve = new StructType().add("strategy", DataTypes.StringType).add("removed_fraction", DataTypes.DoubleType)
        .add("test_rmse", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (String s : List.of("lowest", "highest", "random")) {
      for (double f = 0; f <= 0.5; f += 0.1) {
        rows.add(RowFactory.create(s, f, 1 + (s.equals("highest") ? f : s.equals("lowest") ? -f / 5 : f / 4)));
      }
    }
    String report = dir.resolve("with-evaluate").toString();
    spark.createDataFrame(rows, curve).write().parquet(report + "/evaluate/removal_curves");
    StructType noise = new StructType().add("corruption", DataTypes.StringType).add("roc_auc", DataTypes.DoubleType);
    spark.createDataFrame(List.of(RowFactory.create("random ratings", 0.81)), noise).write()
        .parquet(report + "/evaluate/noise_detection");
    StageContext other = new StageContext(spark, context.config(), report, Optional.empty(), context.manifest(),
        context.console());
    new ReportJob().run(other);
    String html = Files.readString(Path.of(report, "report", ReportJob.FILE));
    assertReportIsWellFormed(html);
    String removal = section(html, "removal-curves");
    assertTrue(removal.contains("data:image/png;base64,"), "removal curves are plotted");
    assertTrue(section(html, "noise-detection").contains("random ratings"));
    assertTrue(section(html, "feature-importance").contains("No explain output"), "no explain output in that folder");
  }

  private static String section(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\">");
    return html.substring(start, html.indexOf("</section>", start));
  }

  private static void assertReportIsWellFormed(String html) throws IOException {
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.strip().endsWith("</html>"));
    for (String id : List.of("summary", "value-distribution", "removal-curves", "noise-detection",
        "feature-importance", "most-valuable", "least-valuable", "surrogate-fit", "convergence", "explained-users")) {
      assertTrue(html.contains("<section id=\"" + id + "\">"), "missing section " + id);
    }
    assertEquals(count(html, "<section "), count(html, "</section>"));
    assertFalse(html.contains("src=\"http"), "self-contained: no external resources");
    Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    int images = 0;
    while (m.find()) {
      assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))), "a PNG image");
      images++;
    }
    assertTrue(images >= 1);
  }

  private static int count(String s, String part) {
    return s.split(Pattern.quote(part), -1).length - 1;
  }
}
