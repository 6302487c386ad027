package io.recvalue.valuation.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.ingest.IngestException;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune writes exactly the rows its rule keeps, in the input's own format (CSV lines byte for byte,
 * Parquet with the same schema), keeps rows without a value, and counts them.
 *
 * <p>The values (five training pairs) and the log are written by hand:
 * <pre>
 *   (u1, i1) 0.5   (u1, i2) −2.0   (u2, i1) 0.1   (u2, i3) −0.3   (u4, i1) 0.9
 *   item sums: i1 1.5, i2 −2.0, i3 −0.3
 * </pre>
 */
@SparkTest
class PruneTest {
  private static final String HEADER = "uid;iid;stars;note";
  private static final List<String> LINES = List.of(
      "u1;i1;5;\"good; very\"",
      "u1;i2;1;bad",
      "u2;i1;4;",
      " u2 ;i3;2;x",
      "u3;i9;3;held out",
      "u1;i2;2;repeated pair",
      "",
      "u4;i1;5;\"say \"\"hi\"\"\"");

  @TempDir
  static Path dir;

  @BeforeAll
  static void values() {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType()
        .add("user_idx", DataTypes.IntegerType, false).add("item_idx", DataTypes.IntegerType, false)
        .add("rating", DataTypes.DoubleType, false).add("weight", DataTypes.DoubleType, false)
        .add("timestamp", DataTypes.LongType, true).add("value", DataTypes.DoubleType, false)
        .add("method", DataTypes.StringType, false).add("user_id", DataTypes.StringType, true)
        .add("item_id", DataTypes.StringType, true);
    List<Row> v = List.of(
        RowFactory.create(0, 0, 5.0, 1.0, null, 0.5, "influence", "u1", "i1"),
        RowFactory.create(0, 1, 2.0, 1.0, null, -2.0, "influence", "u1", "i2"),
        RowFactory.create(1, 0, 4.0, 1.0, null, 0.1, "influence", "u2", "i1"),
        RowFactory.create(1, 2, 2.0, 1.0, null, -0.3, "influence", "u2", "i3"),
        RowFactory.create(2, 0, 5.0, 1.0, null, 0.9, "influence", "u4", "i1"));
    spark.createDataFrame(v, schema).write().parquet(dir.resolve("run/value/interactions").toString());
    StructType items = new StructType().add("item_idx", DataTypes.IntegerType, false)
        .add("value_sum", DataTypes.DoubleType, true).add("item_id", DataTypes.StringType, true);
    spark.createDataFrame(List.of(RowFactory.create(0, 1.5, "i1"), RowFactory.create(1, -2.0, "i2"),
        RowFactory.create(2, -0.3, "i3")), items).write().parquet(dir.resolve("run/value/items").toString());
  }

  private static RecvalueConfig csvConfig() {
    return ConfigLoader.load(List.of(), List.of("input.user-col=uid", "input.item-col=iid",
        "input.rating-col=stars", "input.timestamp-col=", "ingest.duplicates=mean", "input.csv-delimiter=;"));
  }

  private static Map<String, Object> prune(RecvalueConfig config, Path input, Path out, PruneRule rule) throws Exception {
    return prune(dir.resolve("run"), config, input, out, rule);
  }

  private static Map<String, Object> prune(Path values, RecvalueConfig config, Path input, Path out, PruneRule rule)
      throws Exception {
    PruneJob job = new PruneJob(values.toString(), rule);
    SparkSession spark = SparkTestSession.get();
    Console quiet = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    StageContext ctx = new StageContext(spark, config, out.toString(), Optional.of(input.toString()),
        new RunManifest("prune", List.of(), config), quiet);
    StageRunner.run(ctx, List.of(job));
    return job.counts();
  }

  private static Path writeLog(String name, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    byte[] text = (HEADER + "\n" + String.join("\n", LINES) + "\n").getBytes(StandardCharsets.UTF_8);
    if (gzip) {
      try (GZIPOutputStream os = new GZIPOutputStream(Files.newOutputStream(p))) {
        os.write(text);
      }
    } else {
      Files.write(p, text);
    }
    return p;
  }

  /** The data lines of the pruned CSV log, in order, after checking that every part file starts with the header. */
  private static List<String> prunedLines(Path out, String suffix) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.list(out.resolve("pruned"))) {
      for (Path p : s.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
        assertTrue(p.getFileName().toString().endsWith(suffix), p.toString());
        List<String> l;
        try (InputStream in = suffix.endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
          l = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertEquals(HEADER, l.get(0));
        lines.addAll(l.subList(1, l.size()));
      }
    }
    return lines;
  }

  private static List<String> lines(int... indices) {
    List<String> l = new ArrayList<>();
    for (int i : indices) {
      l.add(LINES.get(i));
    }
    return l;
  }

  @Test
  void dropLowestOnCsvKeepsTheOtherLinesByteForByteAndTheUnvaluedRow() throws Exception {
    Path log = writeLog("log.csv", false);
    Path out = dir.resolve("out-drop");
    // ⌊0.4·5⌋ = 2 lowest values: (u1, i2) and (u2, i3) → their three lines go.
    Map<String, Object> c = prune(csvConfig(), log, out, new PruneRule(PruneRule.DROP_LOWEST, new BigDecimal("0.4"), false));
    assertEquals(lines(0, 2, 4, 7), prunedLines(out, ".csv"));
    assertEquals(7L, c.get("input_rows"));
    assertEquals(6L, c.get("valued_rows"));
    assertEquals(1L, c.get("unvalued_rows_kept"));
    assertEquals(3L, c.get("removed_rows"));
    assertEquals(4L, c.get("output_rows"));
    assertEquals(1L, c.get("blank_lines_skipped"));
    Dataset<Row> removed = SparkTestSession.get().read().parquet(out.resolve("removed").toString());
    Set<String> got = removed.collectAsList().stream()
        .map(r -> r.getAs("user_id") + "|" + r.getAs("item_id") + "|" + r.getAs("value") + "|" + r.getAs("line"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("u1|i2|-2.0|u1;i2;1;bad", "u1|i2|-2.0|u1;i2;2;repeated pair",
        "u2|i3|-0.3| u2 ;i3;2;x")), got);
    // keep-top 60 % keeps the ⌊0.6·5⌋ = 3 highest: the same rows go
    Path out2 = dir.resolve("out-keep");
    prune(csvConfig(), log, out2, new PruneRule(PruneRule.KEEP_TOP, new BigDecimal("0.6"), false));
    assertEquals(lines(0, 2, 4, 7), prunedLines(out2, ".csv"));
  }

  @Test
  void thresholdOnGzipCsvAndDropLowestItem() throws Exception {
    Path log = writeLog("log.csv.gz", true);
    Path out = dir.resolve("out-threshold");
    // values below 0.2: (u1, i2), (u2, i1), (u2, i3)
    Map<String, Object> c = prune(csvConfig(), log, out, new PruneRule(PruneRule.THRESHOLD, new BigDecimal("0.2"), false));
    assertEquals(lines(0, 4, 7), prunedLines(out, ".csv.gz"));
    assertEquals(4L, c.get("removed_rows"));
    // by item: ⌊0.34·3⌋ = 1 lowest item (i2, sum −2.0): both u1;i2 lines go
    Path out2 = dir.resolve("out-item");
    prune(csvConfig(), log, out2, new PruneRule(PruneRule.DROP_LOWEST, new BigDecimal("0.34"), true));
    assertEquals(lines(0, 2, 3, 4, 7), prunedLines(out2, ".csv.gz"));
    Row r = SparkTestSession.get().read().parquet(out2.resolve("removed").toString()).select("item_value").first();
    assertEquals(-2.0, r.getDouble(0));
  }

  @Test
  void parquetStaysParquetWithTheSameSchemaAndRows() throws Exception {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.StringType)
        .add("rating", DataTypes.IntegerType).add("extra", DataTypes.DoubleType);
    List<Row> rows = List.of(RowFactory.create("u1", "i1", 5, 1.5), RowFactory.create("u1", "i2", 1, 2.5),
        RowFactory.create("u2", "i1", 4, 3.5), RowFactory.create("u2", "i3", 2, 4.5),
        RowFactory.create("u3", "i9", 3, 5.5), RowFactory.create("u4", "i1", 5, 6.5));
    Path log = dir.resolve("log.parquet");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(log.toString());
    RecvalueConfig config = ConfigLoader.load(List.of(), List.of("input.user-col=user", "input.item-col=item",
        "input.timestamp-col=", "ingest.duplicates=mean"));
    Path out = dir.resolve("out-parquet");
    Map<String, Object> c = prune(config, log, out, new PruneRule(PruneRule.KEEP_TOP, new BigDecimal("0.6"), false));
    Dataset<Row> pruned = spark.read().parquet(out.resolve("pruned").toString());
    assertEquals(schema.fields().length, pruned.schema().fields().length);
    for (int f = 0; f < schema.fields().length; f++) {
      assertEquals(schema.fields()[f].name(), pruned.schema().fields()[f].name());
      assertEquals(schema.fields()[f].dataType(), pruned.schema().fields()[f].dataType());
    }
    assertEquals(List.of(rows.get(0), rows.get(2), rows.get(4), rows.get(5)), pruned.collectAsList());
    assertEquals(2L, c.get("removed_rows"));
    assertEquals(1L, c.get("unvalued_rows_kept"));
    try (Stream<Path> s = Files.list(out.resolve("pruned"))) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("part-00000.parquet")));
    }
  }

  /** Discrete values (pg) carry their own decision: without a rule, the rows with keep = false go. */
  @Test
  void withoutARuleTheKeepDecisionOfDiscreteValuesDecides() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path run = dir.resolve("run-pg");
    Dataset<Row> continuous = spark.read().parquet(dir.resolve("run/value/interactions").toString());
    continuous.withColumn("method", org.apache.spark.sql.functions.lit("pg"))
        .withColumn("keep_probability", org.apache.spark.sql.functions.col("value"))
        .withColumn("keep", org.apache.spark.sql.functions.expr("NOT (user_id = 'u2' AND item_id = 'i1')"))
        .write().parquet(run.resolve("value/interactions").toString());
    Path log = writeLog("log-pg.csv", false);
    Path out = dir.resolve("out-pg");
    Map<String, Object> c = prune(run, csvConfig(), log, out, PruneRule.keepDecision());
    assertEquals(lines(0, 1, 3, 4, 5, 7), prunedLines(out, ".csv"), "only (u2, i1) is dropped");
    assertEquals(1L, c.get("removed_rows"));
    IngestException e = assertThrows(IngestException.class,
        () -> prune(csvConfig(), log, dir.resolve("out-no-decision"), PruneRule.keepDecision()));
    assertEquals("--values: " + dir.resolve("run") + "/value/interactions holds continuous values (no column 'keep'),"
        + " which carry no keep decision: give --drop-lowest, --keep-top or --threshold, or value with a discrete"
        + " method (value --method pg)", e.getMessage());
  }

  @Test
  void wrongIdColumnsMatchNothingAndFailWithTheReason() throws Exception {
    Path log = writeLog("wrong.csv", false);
    RecvalueConfig config = ConfigLoader.load(List.of(), List.of("input.user-col=iid", "input.item-col=uid",
        "input.rating-col=stars", "input.timestamp-col=", "ingest.duplicates=mean", "input.csv-delimiter=;"));
    IngestException e = assertThrows(IngestException.class, () -> prune(config, log, dir.resolve("out-wrong"),
        new PruneRule(PruneRule.DROP_LOWEST, new BigDecimal("0.1"), false)));
    assertEquals("no row of the input matched a value in " + dir.resolve("run") + "/value/interactions: is --input"
        + " the log these values were computed from, and do input.user-col='iid' and input.item-col='uid' name its"
        + " id columns?", e.getMessage());
  }

  /** {@code --values} may name the run's {@code value/} folder itself. */
  @Test
  void valuesMayNameTheValueFolder() throws Exception {
    Path log = writeLog("log-value-folder.csv", false);
    Path out = dir.resolve("out-value-folder");
    Map<String, Object> c = prune(dir.resolve("run/value"), csvConfig(), log, out,
        new PruneRule(PruneRule.DROP_LOWEST, new BigDecimal("0.4"), false));
    assertEquals(lines(0, 2, 4, 7), prunedLines(out, ".csv"));
    assertEquals(3L, c.get("removed_rows"));
  }

  /**
   * A run folder of the layout before stage folders ({@code values/}, {@code item_values/} at its root),
   * named by itself or by its {@code values/} folder, is refused with the new layout's name; a folder
   * without a value stage's output is refused saying so.
   */
  @Test
  void anOldLayoutOrAFolderWithoutValuesIsRefused() throws Exception {
    Path old = dir.resolve("old-run");
    copyTree(dir.resolve("run/value/interactions"), old.resolve("values"));
    copyTree(dir.resolve("run/value/items"), old.resolve("item_values"));
    Path log = writeLog("log-old.csv", false);
    String expected = old + " holds the value stage's output in the old layout (values/ at the run root); this"
        + " version reads " + old + "/value/interactions: re-run 'recvalue value --output " + old + "'";
    for (Path values : List.of(old, old.resolve("values"))) {
      IngestException e = assertThrows(IngestException.class, () -> prune(values, csvConfig(), log,
          dir.resolve("out-old"), new PruneRule(PruneRule.DROP_LOWEST, new BigDecimal("0.1"), false)));
      assertEquals(expected, e.getMessage(), "--values " + values);
    }
    Path empty = Files.createDirectories(dir.resolve("no-values"));
    IngestException e = assertThrows(IngestException.class, () -> prune(empty, csvConfig(), log,
        dir.resolve("out-none"), new PruneRule(PruneRule.DROP_LOWEST, new BigDecimal("0.1"), false)));
    assertEquals("--values: no value/interactions in " + empty + "; is it the output folder of 'recvalue value'?",
        e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out-old")) && Files.notExists(dir.resolve("out-none")),
        "nothing written");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
