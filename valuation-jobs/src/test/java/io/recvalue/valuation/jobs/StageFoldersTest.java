package io.recvalue.valuation.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.generate.GeneratorSettings;
import io.recvalue.core.generate.SyntheticLog;
import io.recvalue.core.jobs.IngestJob;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.loo.LooSchemas;
import io.recvalue.valuation.output.ValueSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The value and verify-loo stages each write one folder named as the stage, on a small generated
 * log (ingest → train → value → verify-loo): the exact entries of the run folder and of each stage
 * folder, every interaction valued once, and a stage folder replaced as a whole when the stage
 * succeeds (a file of an earlier {@code value/} is gone) and left as it was when it fails.
 */
@SparkTest
class StageFoldersTest {
  @TempDir
  static Path dir;
  private static final SparkSession spark = SparkTestSession.get();
  private static RecvalueConfig config;
  private static Path run;

  @BeforeAll
  static void runStages() throws Exception {
    SyntheticLog.write(spark, GeneratorSettings.of(1_500, 30, 20, 2, 0.0).withPartitions(2, 1_000),
        dir.resolve("gen").toString());
    config = ConfigLoader.load(List.of(dir.resolve("gen").resolve(SyntheticLog.PROPERTIES)),
        List.of("split.validation-per-user=3", "split.test-per-user=2", "train.rank=2", "train.max-iter=8",
            "train.blocks=2", "train.compare-mllib=false", "value.cg-tol=1e-4", "value.cg-max-iter=30",
            "verify-loo.sample=4", "verify-loo.methods=influence", "verify-loo.group-fractions=0.05",
            "verify-loo.tol=1e-8"));
    run = dir.resolve("run");
    runStages(new IngestJob(), new TrainJob());
    Files.createDirectories(run.resolve("value"));
    Files.writeString(run.resolve("value/stray.txt"), "from an earlier run");
    runStages(new ValueInteractionsJob(), new VerifyLooJob());
  }

  private static StageContext runStages(Stage... stages) throws Exception {
    StageContext context = new StageContext(spark, config, run.toString(),
        Optional.of(dir.resolve("gen").resolve(SyntheticLog.LOG_FOLDER).toString()),
        new RunManifest("test", List.of(), config),
        new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
    StageRunner.run(context, List.of(stages));
    return context;
  }

  /** The entries of a folder, sorted; hidden ones (checksums) are left out. */
  private static List<String> entries(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void eachStageWritesOneFolderNamedAsTheStage() throws IOException {
    assertEquals(List.of("ingest", "manifest.json", "train", "value", "verify-loo"), entries(run));
    assertEquals(List.of("decomposition", "interactions", "items", "items.arrow", "leverage", "users", "users.arrow"),
        entries(run.resolve("value")));
    assertTrue(Files.notExists(run.resolve("value/stray.txt")), "the earlier value/ was replaced as a whole");
    assertEquals(List.of("groups", "interactions", "summary"), entries(run.resolve("verify-loo")));
    long train = spark.read().parquet(run.resolve("ingest/train").toString()).count();
    List<String> columns = List.of(spark.read().parquet(run.resolve("value/interactions").toString()).columns());
    assertTrue(columns.containsAll(List.of(ValueSchemas.VALUES.fieldNames())), columns.toString());
    assertEquals(train, spark.read().parquet(run.resolve("value/interactions").toString()).count());
    assertEquals(train, spark.read().parquet(run.resolve("value/decomposition").toString()).count(),
        "one decomposition row per valued interaction");
    assertEquals(train, spark.read().parquet(run.resolve("value/leverage").toString()).count(),
        "one leverage row per valued interaction");
    long unreliable = spark.read().parquet(run.resolve("value/leverage").toString()).filter("NOT reliable").count();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"values_unreliable\"\\s*:\\s*(\\d+)")
        .matcher(Files.readString(run.resolve("manifest.json")));
    assertTrue(m.find(), "the manifest counts the unreliable values");
    assertEquals(unreliable, Long.parseLong(m.group(1)));
    assertEquals(spark.read().parquet(run.resolve("ingest/item_index").toString()).count(),
        spark.read().parquet(run.resolve("value/items").toString()).count());
    assertEquals(List.of(LooSchemas.SUMMARY.fieldNames()),
        List.of(spark.read().parquet(run.resolve("verify-loo/summary").toString()).columns()));
    Row summary = spark.read().parquet(run.resolve("verify-loo/summary").toString()).first();
    assertEquals("influence", summary.getAs("method"));
  }

  @Test
  void aStageFolderIsKeptWhenTheStageFails() throws Exception {
    Path train = run.resolve("train");
    Path aside = Files.move(train, dir.resolve("train-aside"));
    Files.writeString(run.resolve("value/marker.txt"), "previous output");
    try {
      assertThrows(Exception.class, () -> runStages(new ValueInteractionsJob()));
    } finally {
      Files.move(aside, train);
    }
    assertEquals("previous output", Files.readString(run.resolve("value/marker.txt")), "a failed stage keeps value/");
    assertEquals(List.of("ingest", "manifest.json", "train", "value", "verify-loo"), entries(run),
        "the run folder holds the same stage folders");
    Files.delete(run.resolve("value/marker.txt"));
  }
}
