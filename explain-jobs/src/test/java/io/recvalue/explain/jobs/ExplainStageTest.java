package io.recvalue.explain.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.explain.groups.GroupTables;
import io.recvalue.core.ingest.IngestException;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.explain.report.PolicySection;
import io.recvalue.explain.report.ReportJob;
import io.recvalue.valuation.pg.PgTables;
import io.recvalue.valuation.judge.EvaluationTables;
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
import java.util.stream.Stream;
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
@SparkTest
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
        "explain.target=value-rank",
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

  /** The entries of a folder, sorted; hidden ones (checksums) are left out. */
  static List<String> entries(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void writesEveryTableIntoTheStageFolderWithItsExactSchema() throws IOException {
    assertEquals(List.of("explain", "ingest", "manifest.json", "report", "train", "value"), entries(Path.of(out)));
    assertEquals(List.of("coalitions", "feature_importance", "feature_importance.arrow", "group_interactions", "groups",
        "groups.arrow", "interaction_attributions", "interaction_feature_importance",
        "interaction_feature_importance.arrow", "interactions", "item_attributions", "item_segments", "items",
        "user_segments"), entries(Path.of(out, "explain")));
    assertEquals(names(GroupTables.GROUP_SCHEMA), names(read("explain/groups").schema()));
    assertEquals(names(GroupTables.INTERACTION_SCHEMA), names(read("explain/group_interactions").schema()));
    assertEquals(names(GroupTables.COALITION_SCHEMA), names(read("explain/coalitions").schema()));
    StructType keys = ExplainSchemas.itemKeys();
    assertEquals(names(ExplainSchemas.explanations(keys)), names(read("explain/item_attributions").schema()));
    assertEquals(names(ExplainSchemas.itemRows()), names(read("explain/items").schema()));
    assertEquals(names(ExplainSchemas.importance()), names(read("explain/feature_importance").schema()));
    StructType ikeys = ExplainSchemas.interactionKeys();
    assertEquals(names(ExplainSchemas.explanations(ikeys)), names(read("explain/interaction_attributions").schema()));
    assertEquals(names(ExplainSchemas.interactionRows()), names(read("explain/interactions").schema()));
    assertEquals(names(ExplainSchemas.importance()), names(read("explain/interaction_feature_importance").schema()));
  }

  private static Dataset<Row> read(String table) {
    return spark.read().parquet(Path.of(out, table).toString());
  }

  @Test
  void everyItemIsExplainedWithEfficientAttributionsOverMetadataFeatures() {
    Dataset<Row> items = read("explain/items");
    Dataset<Row> values = read("value/items");
    assertEquals(values.count(), items.count());
    Map<String, Double> sums = new java.util.HashMap<>();
    List<String> features = new ArrayList<>();
    for (Row r : read("explain/item_attributions").collectAsList()) {
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
  }

  /**
   * The default target is the percentile rank of the item value ({@code value_sum}, kept beside it):
   * in [0, 1], 0 for the smallest and 1 for the largest value, in the order of the values; the
   * interaction level ranks the interaction's value the same way. Titles travel with the items.
   */
  @Test
  void theTargetIsThePercentileRankOfTheValueKeptBesideIt() {
    Map<Integer, Double> valueSum = new java.util.HashMap<>();
    for (Row r : read("value/items").collectAsList()) {
      valueSum.put(r.getAs("item_idx"), r.getAs("value_sum"));
    }
    for (String table : List.of("explain/items", "explain/interactions")) {
      List<Row> rows = read(table).orderBy("value").collectAsList();
      double previousValue = Double.NEGATIVE_INFINITY;
      double previousTarget = -1;
      for (Row r : rows) {
        assertEquals("value-rank", r.getAs("target_name"));
        double value = r.getAs("value");
        double target = r.getAs("target");
        assertTrue(target >= 0 && target <= 1, table + ": target " + target);
        assertTrue(value == previousValue ? target == previousTarget : target > previousTarget,
            table + ": the rank follows the value");
        previousValue = value;
        previousTarget = target;
        if (table.equals("explain/items")) {
          assertEquals(valueSum.get(r.<Integer>getAs("item_idx")), value, 0.0, "value is value_sum of value/items");
          assertEquals("Title " + r.<String>getAs("item_id").substring(1), r.getAs("title"));
        }
      }
      assertEquals(0.0, rows.get(0).<Double>getAs("target"), 0.0, table);
      assertEquals(1.0, rows.get(rows.size() - 1).<Double>getAs("target"), 0.0, table);
    }
  }

  /**
   * The group game on the synthetic run: genres as players (at most 7 named and "other genres"),
   * every interaction in exactly one group, every coalition re-solved once (so the Shapley values are
   * exact and efficient: they add up to {@code U(F) − U(∅)}), half of them fitting the surrogate and
   * half judging it, and the fidelity in the manifest.
   */
  @Test
  @SuppressWarnings("unchecked")
  void groupsOfInteractionsGetExactEfficientShapleyValuesAndAJudgedSurrogate() {
    List<Row> groups = read("explain/groups").orderBy("group").collectAsList();
    int g = groups.size();
    assertTrue(g >= 3 && g <= 8, "groups: " + g);
    assertEquals(read("ingest/train").filter("weight > 0").count(),
        groups.stream().mapToLong(r -> r.<Long>getAs("interactions")).sum(), "every interaction in one group");
    Dataset<Row> coalitions = read("explain/coalitions");
    assertEquals(1L << g, coalitions.count());
    assertEquals(1L << g, coalitions.select("mask").distinct().count());
    assertEquals(coalitions.filter("role = 'fit'").count(), coalitions.filter("role = 'heldout'").count());
    double full = coalitions.filter("mask = " + ((1L << g) - 1)).first().<Double>getAs("utility");
    double empty = coalitions.filter("mask = 0").first().<Double>getAs("utility");
    double sum = groups.stream().mapToDouble(r -> r.<Double>getAs("shapley_exact")).sum();
    assertEquals(full - empty, sum, 1e-9 * Math.max(1e-6, Math.abs(full)), "efficiency of the exact values");
    groups.forEach(r -> assertEquals("exact", r.getAs("shapley_source")));
    assertEquals(g * (g - 1) / 2, read("explain/group_interactions").count());
    Map<String, Object> d = (Map<String, Object>) context.manifest().stage("explain").get("groups");
    assertEquals("genre", d.get("by"));
    assertEquals(true, d.get("exhaustive"));
    assertNotNull(d.get("lds_learnt"));
    assertNotNull(d.get("lds_first_order"), "the synthetic values are influence values: first order is defined");
  }

  /**
   * Item and user values split by segments of their interactions: for every entity, each kind of split
   * adds up to its value (the Shapley values of an additive game are its terms), and the kinds are
   * those a timestamped explicit log has.
   */
  @Test
  void eachKindOfSegmentAddsUpToTheItemsAndUsersValues() {
    for (String[] side : new String[][] {{"item_segments", "item_idx"}, {"user_segments", "user_idx"}}) {
      Map<Integer, Double> value = new java.util.HashMap<>();
      read("value/interactions").collectAsList().forEach(r -> value.merge(r.<Integer>getAs(side[1]),
          r.<Double>getAs("value"), Double::sum));
      Map<String, Double> sums = new java.util.HashMap<>();
      List<String> kinds = new ArrayList<>();
      for (Row r : read("explain/" + side[0]).collectAsList()) {
        sums.merge(r.<Integer>getAs(side[1]) + "/" + r.<String>getAs("kind"), r.<Double>getAs("value_sum"), Double::sum);
        if (!kinds.contains(r.<String>getAs("kind"))) {
          kinds.add(r.getAs("kind"));
        }
      }
      assertEquals(4, kinds.size(), side[0] + " kinds: " + kinds);
      assertTrue(kinds.contains("residual_sign") && kinds.contains("time"), kinds.toString());
      for (Map.Entry<Integer, Double> e : value.entrySet()) {
        for (String kind : kinds) {
          Double s = sums.get(e.getKey() + "/" + kind);
          assertNotNull(s, side[0] + " " + e.getKey() + " " + kind);
          assertEquals(e.getValue(), s, 1e-9 * Math.max(1e-9, Math.abs(e.getValue())), side[0] + " " + e.getKey() + " " + kind);
        }
      }
    }
  }

  /** The residual split puts exactly the interactions the model under-predicts ({@code r > x_u·y_i}) on that side. */
  @Test
  void theResidualSplitFollowsTheModelsPredictions() {
    Map<Integer, List<Double>> x = new java.util.HashMap<>();
    Map<Integer, List<Double>> y = new java.util.HashMap<>();
    read("train/user_factors").collectAsList().forEach(r -> x.put(r.getInt(0), r.getList(1)));
    read("train/item_factors").collectAsList().forEach(r -> y.put(r.getInt(0), r.getList(1)));
    long under = 0;
    for (Row r : read("value/interactions").collectAsList()) {
      List<Double> a = x.get(r.<Integer>getAs("user_idx"));
      List<Double> b = y.get(r.<Integer>getAs("item_idx"));
      double score = 0;
      for (int p = 0; p < a.size(); p++) {
        score += ((Number) a.get(p)).doubleValue() * ((Number) b.get(p)).doubleValue();
      }
      under += r.<Double>getAs("rating") > score ? 1 : 0;
    }
    long counted = read("explain/item_segments").filter("kind = 'residual_sign' and segment = 'model under-predicts'")
        .collectAsList().stream().mapToLong(r -> r.<Long>getAs("interactions")).sum();
    assertEquals(under, counted);
    assertTrue(under > 0, "the synthetic factors under-predict some ratings");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theManifestHoldsFitAndConvergenceStatistics() {
    Map<String, Object> item = (Map<String, Object>) context.manifest().stage("explain").get("item");
    assertEquals("value-rank", item.get("target"));
    assertEquals(0.7, item.get("min_spearman"));
    for (String measure : List.of("surrogate_r2_heldout", "surrogate_spearman_heldout",
        "surrogate_top_decile_precision_heldout")) {
      assertTrue(item.get(measure) instanceof Double, measure + " in " + item);
      assertEquals(item.get(measure), read("explain/items").first().getAs(measure), measure + " beside every row");
    }
    double spearman = (Double) item.get("surrogate_spearman_heldout");
    assertEquals(spearman < 0.7, item.get("surrogate_fidelity_warning") != null,
        "a warning exactly when the held-out Spearman is below explain.min-spearman: " + item);
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
   * Carlo run (only the attribution method differs). The run explains items only, without the group
   * game: the interaction tables an earlier run left in {@code explain/} are gone with the folder it
   * replaces, and no group table is written.
   */
  @Test
  @SuppressWarnings("unchecked")
  void exactTreeShapleyExplainsTheSameSurrogate() throws Exception {
    String exact = dir.resolve("exact").toString();
    SyntheticRun.write(spark, exact, dir.resolve("items.csv"));
    Files.createDirectories(Path.of(exact, "explain", "interaction_attributions"));
    RecvalueConfig config = ConfigLoader.load(List.of(), List.of(
        "explain.item-metadata=items.csv", "explain.max-genres=3", "explain.surrogate-trees=5",
        "explain.surrogate-depth=3", "explain.background-size=8", "explain.shapley=tree", "explain.groups=false",
        "explain.target=value-rank"));
    StageContext c = new StageContext(spark, config, exact, Optional.of(dir.resolve("ratings.csv").toString()),
        new RunManifest("test", List.of(), config), new Console(new PrintStream(progress, true,
            StandardCharsets.UTF_8), System.out));
    StageRunner.run(c, List.of(new ExplainJob()));
    Map<String, Object> item = (Map<String, Object>) c.manifest().stage("explain").get("item");
    assertEquals("tree", item.get("shapley"));
    assertEquals(0L, ((Number) item.get("permutations_total")).longValue());
    assertEquals(List.of("feature_importance", "feature_importance.arrow", "item_attributions", "item_segments", "items",
        "user_segments"), entries(Path.of(exact, "explain")));
    Map<String, Double> sums = new java.util.HashMap<>();
    for (Row r : spark.read().parquet(exact + "/explain/item_attributions").collectAsList()) {
      sums.merge(r.<String>getAs("item_id"), r.<Double>getAs("phi"), Double::sum);
      assertEquals(0.0, r.<Double>getAs("se"), 0.0);
    }
    Map<String, Double> monteCarloPredictions = new java.util.HashMap<>();
    for (Row r : read("explain/items").collectAsList()) {
      monteCarloPredictions.put(r.getAs("item_id"), r.getAs("prediction"));
    }
    List<Row> items = spark.read().parquet(exact + "/explain/items").collectAsList();
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
    for (String id : List.of("feature-importance", "most-valuable", "least-valuable", "surrogate-fit")) {
      assertTrue(Pattern.compile("Surrogate \\(gbt\\) of value-rank, fidelity on \\d+ held-out items: held-out R²"
          + " [-0-9.e+]+, Spearman [-0-9.e+]+, top-decile precision [-0-9.e+]+").matcher(section(html, id)).find(),
          "fidelity beside the charts of " + id);
    }
    assertTrue(Pattern.compile("Interaction values \\(explain.interactions\\), [0-9,]+ interactions: Surrogate"
        + " \\(gbt\\) of value-rank, fidelity on [0-9,]+ held-out interactions").matcher(section(html, "surrogate-fit"))
        .find(), "the interaction-level fit is reported when interactions were explained");
    // items by title, with their id
    String most = section(html, "most-valuable");
    assertEquals(3, count(most, "<h3>Title "), most);
    assertTrue(Pattern.compile("<h3>Title \\d+ \\(item m\\d+\\)</h3>").matcher(most).find(), most);
    assertTrue(Pattern.compile("value -?[0-9.e-]+, value-rank [0-9.]+; surrogate prediction").matcher(most).find(),
        most);
    String splits = section(html, "value-decomposition");
    assertTrue(splits.contains("No value/decomposition: 'recvalue value --method influence'"),
        "a run without the value stage's decomposition names the command");
    assertTrue(splits.contains("split by how active their raters are") && splits.contains("<th>raters with "),
        "the item splits by rater activity, one column per range");
    assertTrue(splits.contains("<th>model under-predicts</th>") && splits.contains("<td>Title "),
        "the residual split, items by title");
  }

  /**
   * Evaluate's tables, read by the names and columns {@link EvaluationTables} declares: one chart per
   * test metric (RMSE, NDCG@10, Recall@20) with a line per method and direction and one for the mean
   * of the random orders, and the noise-detection rows.
   */
  @Test
  void theReportDrawsRemovalCurvesAndNoiseDetectionWhenEvaluateOutputExists() throws Exception {
    List<Row> curves = new ArrayList<>();
    for (double f : new double[] {0, 0.1, 0.2}) {
      curves.add(RowFactory.create("influence", 7L, "lowest_first", f, 1 - f / 5, 0.30 + f / 10, 0.20 + f / 10, 100L));
      curves.add(RowFactory.create("influence", 7L, "highest_first", f, 1 + f, 0.30 - f, 0.20 - f / 2, 100L));
      for (long seed = 1; seed <= 2; seed++) {
        curves.add(RowFactory.create("random", seed, "lowest_first", f, 1 + f / 4, 0.30 - f / 4, 0.20 - f / 8, 100L));
      }
    }
    String report = dir.resolve("with-evaluate").toString();
    spark.createDataFrame(curves, EvaluationTables.CURVES).write().parquet(report + "/evaluate/removal_curves");
    spark.createDataFrame(List.of(RowFactory.create("influence", 0.1, 0.81, 0.45, 10L, 100L),
        RowFactory.create("loo_oracle", 0.1, 0.93, Double.NaN, 10L, 20L)), EvaluationTables.NOISE).write()
        .parquet(report + "/evaluate/noise_detection");
    String html = report(report);
    assertReportIsWellFormed(html);
    String removal = section(html, "removal-curves");
    assertEquals(3, count(removal, "data:image/png;base64,"), "one chart per metric");
    for (String metric : List.of("rmse", "ndcg_at_10", "recall_at_20")) {
      assertTrue(removal.contains("alt=\"removal curve of " + metric + "\""), metric + " is plotted");
    }
    String noise = section(html, "noise-detection");
    assertTrue(noise.contains("<th>method</th><th>noise_fraction</th><th>roc_auc</th><th>share_in_lowest_20pct</th>"
        + "<th>corrupted_rows</th><th>train_rows</th>"), noise);
    assertTrue(noise.contains("<td>influence</td><td class=\"num\">0.1000</td><td class=\"num\">0.8100</td>"), noise);
    assertTrue(noise.contains("<td>loo_oracle</td>"), noise);
    assertTrue(section(html, "feature-importance").contains("No explain output"), "no explain output in that folder");
  }

  /**
   * Discrete values bring their policy: the section draws the weights by feature name and the search's
   * curve; a run without them says which command learns one.
   */
  @Test
  void theReportShowsAKeepDropPolicyByFeatureName() throws Exception {
    String report = dir.resolve("with-policy").toString();
    spark.createDataFrame(List.of(RowFactory.create("abs_residual", -1.25, 0.8, 0.6),
        RowFactory.create("log_user_degree", 0.5, 3.1, 0.9), RowFactory.create("(bias)", 2.2, null, null)),
        PgTables.POLICY_SCHEMA).write().parquet(report + "/value/policy");
    List<Row> curve = new ArrayList<>();
    for (int t = 1; t <= 3; t++) {
      curve.add(RowFactory.create(t, 16L * t, -0.7 + 0.01 * t, 0.01, -0.71 + 0.01 * t, -0.69, -0.70 + 0.01 * t,
          -0.68, -0.69, 0.1, 0.1, 2.2, 0.0, 0.1, 0.5));
    }
    spark.createDataFrame(curve, PgTables.CURVE_SCHEMA).write().parquet(report + "/value/curve");
    String policy = section(report(report), PolicySection.ID);
    assertEquals(2, count(policy, "data:image/png;base64,"), "the weights and the curve");
    assertTrue(policy.contains("<td>abs_residual</td><td class=\"num\">-1.2500</td>"), policy);
    assertTrue(policy.contains("3 iterations"), policy);
    assertTrue(section(Files.readString(Path.of(out, "report", ReportJob.FILE)), PolicySection.ID)
        .contains("'recvalue value --method pg' learns one"), "a run with continuous values says so");
  }

  /** A table or a column evaluate declares that is not there is named, and nothing is guessed. */
  @Test
  void theReportNamesAMissingEvaluateTableOrColumn() throws Exception {
    String report = dir.resolve("evaluate-incomplete").toString();
    StructType withoutDirection = new StructType().add("method", DataTypes.StringType)
        .add("removed_fraction", DataTypes.DoubleType).add("ndcg_at_10", DataTypes.DoubleType);
    spark.createDataFrame(List.of(RowFactory.create("influence", 0.0, 0.3)), withoutDirection).write()
        .parquet(report + "/evaluate/removal_curves");
    String html = report(report);
    assertTrue(section(html, "removal-curves").contains("<p class=\"note\">no such column seed in"
        + " evaluate/removal_curves (its columns: method, removed_fraction, ndcg_at_10)</p>"), html);
    assertFalse(section(html, "removal-curves").contains("<img"), "nothing drawn from a guess");
    assertTrue(section(html, "noise-detection").contains("<p class=\"note\">no such table evaluate/noise_detection</p>"),
        html);
  }

  /**
   * A run folder of the layout before stage folders ({@code values/}, {@code item_values/} at its root)
   * is refused by explain and report with a bad-input error naming the folder the stage reads now.
   */
  @Test
  void explainAndReportRefuseARunFolderOfTheOldLayout() throws Exception {
    Path old = dir.resolve("old-layout");
    SyntheticRun.write(spark, old.toString(), dir.resolve("items-old.csv"));
    Files.move(old.resolve("value/interactions"), old.resolve("values"));
    Files.move(old.resolve("value/items"), old.resolve("item_values"));
    Files.delete(old.resolve("value"));
    StageContext c = new StageContext(spark, context.config(), old.toString(), Optional.empty(),
        new RunManifest("test", List.of(), context.config()), context.console());
    String expected = old + " holds the value stage's output in the old layout (values/ at the run root); this"
        + " version reads " + old + "/value/interactions: re-run 'recvalue value --output " + old + "'";
    IngestException explain = assertThrows(IngestException.class, () -> new ExplainJob().run(c));
    assertEquals(expected, explain.getMessage());
    IngestException report = assertThrows(IngestException.class, () -> new ReportJob().run(c));
    assertEquals(expected, report.getMessage());
    assertEquals(List.of("ingest", "item_values", "train", "values"), entries(old), "nothing written");
  }

  private static String report(String runFolder) throws Exception {
    StageContext other = new StageContext(spark, context.config(), runFolder, Optional.empty(), context.manifest(),
        context.console());
    new ReportJob().run(other);
    return Files.readString(Path.of(runFolder, "report", ReportJob.FILE));
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
