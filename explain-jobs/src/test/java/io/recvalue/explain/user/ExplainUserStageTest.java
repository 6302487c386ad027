package io.recvalue.explain.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.seed.Seeds;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.explain.jobs.SyntheticRun;
import io.recvalue.explain.report.ReportJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code explain-user} stage on a run folder as ingest, train and value leave it (rank-3 factors,
 * item metadata with titles): the exact schemas of its three tables, efficiency of every stored
 * explanation, events and titles joined right, the counterfactual set verified against the events
 * table, a named item and a users file, the seeded sample, results independent of how users are
 * grouped into tasks, the errors that name the bad user, item or key, a run without values, and the
 * report's section.
 */
@SparkTest
class ExplainUserStageTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;
  private static String out;
  private static final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @BeforeAll
  static void runFolder() throws Exception {
    spark = SparkTestSession.get();
    out = dir.resolve("out").toString();
    SyntheticRun.write(spark, out, dir.resolve("items.csv"));
  }

  @AfterAll
  static void showProgress() {
    System.err.print(progress.toString(StandardCharsets.UTF_8));
  }

  private static StageContext run(String folder, String... settings) throws Exception {
    List<String> all = new ArrayList<>(List.of("train.rank=3", "train.lambda=0.1", "explain.item-metadata=items.csv",
        "explain-user.max-permutations=6400", "explain-user.tolerance=0.05"));
    all.addAll(List.of(settings));
    RecvalueConfig config = ConfigLoader.load(List.of(), all);
    StageContext context = new StageContext(spark, config, folder, Optional.of(dir.resolve("ratings.csv").toString()),
        new RunManifest("test", List.of(), config), new Console(new PrintStream(progress, true, StandardCharsets.UTF_8),
            System.out));
    new ExplainUserJob().validate(config);
    StageRunner.run(context, List.of(new ExplainUserJob()));
    return context;
  }

  private static List<Row> table(String folder, String name) {
    return spark.read().parquet(folder + "/explain-user/" + name).collectAsList();
  }

  @Test
  void namedUsersGetTheirTopRecommendationsExplainedWithEfficientAttributionsAndVerifiedCounterfactuals()
      throws Exception {
    StageContext c = run(out, "explain-user.users=u3, u7", "explain-user.top=2", "explain-user.list-size=5",
        "report.top-items=2");
    assertEquals(names(ExplainUserSchemas.recommendations()),
        names(spark.read().parquet(out + "/explain-user/recommendations").schema()));
    assertEquals(names(ExplainUserSchemas.events()), names(spark.read().parquet(out + "/explain-user/events").schema()));
    assertEquals(names(ExplainUserSchemas.counterfactuals()),
        names(spark.read().parquet(out + "/explain-user/counterfactuals").schema()));

    List<Row> recs = table(out, "recommendations");
    assertEquals(4, recs.size());
    Map<String, List<Row>> events = table(out, "events").stream()
        .collect(Collectors.groupingBy(r -> r.getAs("user_id") + "/" + r.getAs("item_id")));
    Map<String, List<Row>> removed = table(out, "counterfactuals").stream()
        .collect(Collectors.groupingBy(r -> r.getAs("user_id") + "/" + r.getAs("item_id")));
    List<Row> train = spark.read().parquet(out + "/ingest/train").collectAsList();
    for (Row rec : recs) {
      String key = rec.getAs("user_id") + "/" + rec.getAs("item_id");
      int user = rec.getAs("user_idx");
      assertTrue(List.of("u3", "u7").contains(rec.<String>getAs("user_id")));
      assertEquals("Title " + rec.<Integer>getAs("item_idx"), rec.getAs("title"));
      assertNotNull(rec.getList(rec.fieldIndex("genres")));
      List<Row> ev = events.get(key);
      long trained = train.stream().filter(r -> r.getInt(0) == user).count();
      assertEquals(trained, ev.size(), key + ": every training interaction is an event");
      assertEquals(trained, (long) rec.<Integer>getAs("events"));
      double sum = rec.getAs("phi_grouped") == null ? 0 : rec.<Double>getAs("phi_grouped");
      for (Row e : ev) {
        if (!e.<Boolean>getAs("grouped")) {
          sum += e.<Double>getAs("phi");
        }
        assertEquals("Title " + e.<Integer>getAs("event_item_idx"), e.getAs("event_title"));
        assertNotNull(e.getAs("value"), "the value stage's value of the event");
        assertEquals("influence", e.getAs("value_method"));
        assertEquals("m" + e.<Integer>getAs("event_item_idx"), e.getAs("event_item_id"));
      }
      assertEquals(rec.<Double>getAs("score"), sum, 1e-9, key + ": efficiency");
      assertTrue(rec.<Double>getAs("efficiency_error") < 1e-9);
      List<Row> byRecency = ev.stream().sorted(Comparator.comparingInt(e -> e.<Integer>getAs("recency_rank"))).toList();
      for (int q = 1; q < byRecency.size(); q++) {
        assertTrue(byRecency.get(q - 1).<Long>getAs("timestamp") >= byRecency.get(q).<Long>getAs("timestamp"),
            "recency 1 is the newest event");
      }
      assertEquals(0.0, byRecency.get(0).<Double>getAs("days_before_last"), 0.0);
      assertTrue(rec.<Boolean>getAs("counterfactual_found"), key);
      long flagged = ev.stream().filter(e -> e.<Boolean>getAs("in_counterfactual")).count();
      assertEquals((long) rec.<Integer>getAs("counterfactual_size"), flagged);
      assertEquals(flagged, removed.getOrDefault(key, List.of()).size());
      assertTrue(rec.<Integer>getAs("rank_after") > 5, "dropped out of the top 5");
      assertTrue(rec.<Double>getAs("fold_in_gap") > 0, "the factors of this run folder are not trained");
    }
    assertEquals(List.of(1, 2), recs.stream().filter(r -> r.getAs("user_id").equals("u3"))
        .map(r -> r.<Integer>getAs("rank")).sorted().toList());
    Map<String, Object> m = c.manifest().stage("explain-user");
    assertEquals(2L, ((Number) m.get("users")).longValue());
    assertEquals(4L, ((Number) m.get("recommendations")).longValue());
    assertFalse(m.containsKey("values"), "values are present");

    StageRunner.run(c, List.of(new ReportJob()));
    String html = Files.readString(Path.of(out, "report", ReportJob.FILE));
    String section = html.substring(html.indexOf("<section id=\"explained-users\">"));
    section = section.substring(0, section.indexOf("</section>"));
    assertTrue(section.contains("<h3>User u3</h3>") && section.contains("<h3>User u7</h3>"));
    assertTrue(section.contains("Recommended: Title "), "items by their titles");
    assertTrue(section.contains("data:image/png;base64,"), "the chart of the events");
    assertTrue(section.contains("Counterfactual: without Title "), "the counterfactual set by titles");
    assertFalse(section.contains("data values are absent"));
  }

  @Test
  void aNamedItemForUsersInAFileAndTheSameValuesHoweverUsersAreGrouped() throws Exception {
    String folder = copy("named");
    Path file = dir.resolve("users.txt");
    Files.writeString(file, "# users to explain\nu12\n\n u5 \nu30\n");
    int item = itemNoneOfThemRated(List.of(5, 12, 30));
    run(folder, "explain-user.users-file=" + file, "explain-user.item=m" + item, "explain-user.max-exact-events=4");
    List<Row> recs = table(folder, "recommendations");
    assertEquals(List.of("u12", "u30", "u5"), recs.stream().map(r -> r.<String>getAs("user_id")).sorted().toList());
    for (Row r : recs) {
      assertEquals("m" + item, r.getAs("item_id"));
      assertFalse(r.<Boolean>getAs("exact"), "more than 4 events: sampled");
      assertTrue(r.<Integer>getAs("permutations") > 0);
    }
    Map<String, Double> together = phis(folder);
    for (String user : List.of("u5", "u12", "u30")) {
      String alone = copy("alone-" + user);
      run(alone, "explain-user.users=" + user, "explain-user.item=m" + item, "explain-user.max-exact-events=4");
      phis(alone).forEach((k, v) -> assertEquals(together.get(k), v, 0.0, k + ": one task per user or several"));
    }
  }

  @Test
  void theSampleIsTheUsersWithTheSmallestSeededDraws() throws Exception {
    String folder = copy("sample");
    run(folder, "explain-user.sample=3", "run.seed=11");
    List<Integer> expected = IntStream.range(0, SyntheticRun.USERS).boxed()
        .sorted(Comparator.comparingDouble((Integer u) -> Seeds.uniform(11, "explain-user.sample", u))).limit(3)
        .sorted().toList();
    assertEquals(expected, table(folder, "recommendations").stream().map(r -> r.<Integer>getAs("user_idx")).sorted()
        .toList());
    String none = copy("sample-none");
    StageContext c = run(none, "explain-user.sample=0");
    assertEquals(0, table(none, "recommendations").size());
    assertEquals(0, table(none, "events").size());
    assertEquals(0L, ((Number) c.manifest().stage("explain-user").get("users")).longValue());
  }

  @Test
  void withoutTheValueStageTheValueColumnIsNullAndTheReportSaysWhatToRun() throws Exception {
    String folder = copy("no-values");
    deleteTree(Path.of(folder, "value", "interactions"));
    StageContext c = run(folder, "explain-user.users=u9");
    for (Row e : table(folder, "events")) {
      assertNull(e.getAs("value"));
      assertNull(e.getAs("value_method"));
    }
    assertEquals("no interaction values at " + folder + "/value/interactions: run 'recvalue value --output " + folder
        + "' to see each event's own data value beside its attribution", c.manifest().stage("explain-user").get("values"));
    StageRunner.run(c, List.of(new ReportJob()));
    String html = Files.readString(Path.of(folder, "report", ReportJob.FILE));
    assertTrue(html.contains("The events' own data values are absent: run 'recvalue value --output DIR'"));
  }

  @Test
  void badUsersItemsAndSettingsAreNamed() throws Exception {
    ConfigException unknown = assertThrows(ConfigException.class, () -> run(copy("bad1"), "explain-user.users=u3,zz"));
    assertEquals("explain-user.users: no user 'zz' in the run's user index (" + dir.resolve("bad1") + "/ingest/user_index)",
        unknown.getMessage());
    int rated = spark.read().parquet(out + "/ingest/train").filter("user_idx = 3").first().getInt(1);
    ConfigException trainedOn = assertThrows(ConfigException.class,
        () -> run(copy("bad2"), "explain-user.users=u3", "explain-user.item=m" + rated));
    assertEquals("explain-user.item: item 'm" + rated + "' is among the training interactions of user 'u3';"
        + " recommendations leave those out", trainedOn.getMessage());
    ConfigException noItem = assertThrows(ConfigException.class,
        () -> run(copy("bad3"), "explain-user.users=u3", "explain-user.item=nope"));
    assertEquals("explain-user.item: no item 'nope' in the run's item index", noItem.getMessage());
    RecvalueConfig noInput = ConfigLoader.load(List.of(), List.of("train.rank=3", "explain.item-metadata=items.csv",
        "explain-user.users=u3"));
    StageContext withoutInput = new StageContext(spark, noInput, copy("bad4"), Optional.empty(),
        new RunManifest("test", List.of(), noInput), new Console(new PrintStream(progress, true, StandardCharsets.UTF_8),
            System.out));
    ConfigException noMetadata = assertThrows(ConfigException.class,
        () -> StageRunner.run(withoutInput, List.of(new ExplainUserJob())));
    assertEquals("explain.item-metadata: no file at items.csv (a relative path is read from the folder of --input;"
        + " give --input LOG or an absolute path)", noMetadata.getMessage());
    RecvalueConfig both = ConfigLoader.load(List.of(), List.of("explain-user.users=u1",
        "explain-user.users-file=users.txt"));
    ConfigException e = assertThrows(ConfigException.class, () -> new ExplainUserJob().validate(both));
    assertEquals("inconsistent explain-user settings: explain-user.users (--user) and explain-user.users-file (--users)"
        + " both name users; give one", e.getMessage());
    RecvalueConfig top = ConfigLoader.load(List.of(), List.of("explain-user.top=20"));
    e = assertThrows(ConfigException.class, () -> new ExplainUserJob().validate(top));
    assertEquals("inconsistent explain-user settings: explain-user.top = 20 explains items outside the top 10"
        + " (explain-user.list-size); raise the list size or lower --top", e.getMessage());
    RecvalueConfig noLambda = ConfigLoader.load(List.of(), List.of("train.lambda=0"));
    e = assertThrows(ConfigException.class, () -> new ExplainUserJob().validate(noLambda));
    assertTrue(e.getMessage().startsWith("inconsistent explain-user settings: train.lambda = 0: explicit feedback"));
  }

  /** φ of every event, keyed by user, item and event item. */
  private static Map<String, Double> phis(String folder) {
    Map<String, Double> m = new HashMap<>();
    for (Row e : table(folder, "events")) {
      m.put(e.getAs("user_id") + "/" + e.getAs("item_id") + "/" + e.getAs("event_item_id"), e.getAs("phi"));
    }
    return m;
  }

  private static int itemNoneOfThemRated(List<Integer> users) {
    List<Row> train = spark.read().parquet(out + "/ingest/train").collectAsList();
    for (int i = 0; i < SyntheticRun.ITEMS; i++) {
      int item = i;
      if (train.stream().noneMatch(r -> users.contains(r.getInt(0)) && r.getInt(1) == item)) {
        return i;
      }
    }
    throw new IllegalStateException("every item was rated by one of " + users);
  }

  /** A copy of the run folder (without explain-user output). */
  private static String copy(String name) throws Exception {
    Path to = dir.resolve(name);
    Path from = Path.of(out);
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path rel = from.relativize(p);
        if (rel.toString().startsWith("explain-user") || rel.toString().startsWith("report")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to.toString();
  }

  private static void deleteTree(Path p) throws Exception {
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  private static List<String> names(StructType s) {
    List<String> names = new ArrayList<>();
    for (StructField f : s.fields()) {
      names.add(f.name() + ":" + f.dataType().simpleString());
    }
    return names;
  }
}
