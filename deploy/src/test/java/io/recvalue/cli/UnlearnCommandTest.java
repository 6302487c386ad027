package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.run.Console;
import io.recvalue.core.testing.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recvalue unlearn} on the command line: its help, and a run on a small ingested and trained log
 * whose output folder the next stages read as a trained run; a removed row that is not a training row is
 * named and nothing is written.
 */
@SparkTest
class UnlearnCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    Console console = new Console(
        new PrintStream(err, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    return new RecvalueCli(console).run(args);
  }

  @Test
  void helpListsTheOptions() {
    assertEquals(ExitCodes.OK, run("unlearn", "--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String option : List.of("--output=DIR", "--removed=PATH", "--sweeps=N", "--to=DIR", "unlearn.sweeps; default 2")) {
      assertTrue(help.contains(option), option + " missing from " + help);
    }
  }

  @Test
  void usageErrorsBeforeSparkStarts(@TempDir Path dir) throws Exception {
    String runDir = dir.resolve("run").toString();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("unlearn", "--output", runDir, "--removed", "removed.csv",
        "--to", runDir));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("refusing to write the updated model over the run it updates"),
        out.toString(StandardCharsets.UTF_8));
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("prune", "--values", runDir, "--input", log(dir).toString(),
        "--output", dir.resolve("pruned").toString(), "--drop-lowest", "10%", "--sweeps", "3"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--sweeps needs --update-model"),
        out.toString(StandardCharsets.UTF_8));
    out.reset();
    assertEquals(ExitCodes.OK, run("prune", "--values", runDir, "--input", log(dir).toString(), "--output",
        dir.resolve("pruned").toString(), "--drop-lowest", "10%", "--update-model", "--sweeps", "3", "--check"));
  }

  /** 12 users rating 8 items each at times 1..8: the latest two of each user are validation and test. */
  private static Path log(Path dir) throws Exception {
    StringBuilder b = new StringBuilder("user_id,item_id,rating,timestamp\n");
    for (int u = 0; u < 12; u++) {
      for (int t = 1; t <= 8; t++) {
        int item = (u * 3 + t * 5) % 16;
        b.append("u").append(u).append(",i").append(item).append(',').append(1 + (u + item) % 5).append(',').append(t)
            .append('\n');
      }
    }
    return Files.writeString(dir.resolve("log.csv"), b.toString());
  }

  @Test
  void writesARunFolderTheNextStagesRead(@TempDir Path dir) throws Exception {
    String runDir = dir.resolve("run").toString();
    String[] settings = {"--set", "train.compare-mllib=false", "--set", "train.rank=3", "--set", "train.max-iter=5"};
    assertEquals(ExitCodes.OK, run(concat(new String[] {"ingest", "--input", log(dir).toString(), "--output", runDir},
        settings)), err.toString(StandardCharsets.UTF_8));
    assertEquals(ExitCodes.OK, run(concat(new String[] {"train", "--output", runDir}, settings)),
        err.toString(StandardCharsets.UTF_8));
    // the earliest rating of users 0 and 1 is a training row; the latest of user 2 is not
    Path removed = Files.writeString(dir.resolve("removed.csv"), "user_id,item_id\nu0,i5\nu1,i8\n");
    Path notTraining = Files.writeString(dir.resolve("not-training.csv"), "user_id,item_id\nu0,i5\nu2,i14\n");

    refusedNamingTheRow(dir, runDir, settings, notTraining, "the row (user_id u2, item_id i14) is not a training row");
    // an id the run does not know fails before the training table is read, named the same way
    Path unknown = Files.writeString(dir.resolve("unknown.csv"), "user_id,item_id\nu0,i5\nu99,i5\n");
    refusedNamingTheRow(dir, runDir, settings, unknown, "the row (user_id u99, item_id i5) is not a training row");

    out.reset();
    assertEquals(ExitCodes.OK, run(concat(new String[] {"unlearn", "--output", runDir, "--removed", removed.toString(),
        "--sweeps", "1"}, settings)), err.toString(StandardCharsets.UTF_8));
    String summary = out.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("recvalue unlearn: succeeded"), summary);
    assertTrue(summary.contains("2 removed rows; 2 users and 2 items re-solved"), summary);
    SparkSession spark = SparkSession.active();
    String target = runDir + "/unlearn";
    for (String table : List.of("train/user_factors", "train/item_factors")) {
      Dataset<Row> before = spark.read().parquet(runDir + "/" + table);
      Dataset<Row> after = spark.read().parquet(target + "/" + table);
      assertEquals(Arrays.asList(before.columns()), Arrays.asList(after.columns()), table);
      assertEquals(before.count(), after.count(), table);
    }
    assertEquals(spark.read().parquet(runDir + "/ingest/train").count() - 2,
        spark.read().parquet(target + "/ingest/train").count());
    Map<String, Object> manifest = io.recvalue.core.run.RunManifest.readFrom(target,
        spark.sparkContext().hadoopConfiguration());
    @SuppressWarnings("unchecked")
    Map<String, Object> section = (Map<String, Object>) ((Map<String, Object>) manifest.get("stages")).get("unlearn");
    assertEquals(2, ((Number) section.get("removed_rows")).intValue());
    assertEquals(1, ((Number) section.get("sweeps")).intValue());
    // the trained model's test RMSE, as the source run recorded it, beside the updated model's
    @SuppressWarnings("unchecked")
    Map<String, Object> trainTest = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        io.recvalue.core.run.RunManifest.readFrom(runDir, spark.sparkContext().hadoopConfiguration()).get("stages"))
        .get("train")).get("test");
    @SuppressWarnings("unchecked")
    Map<String, Object> before = (Map<String, Object>) section.get("test_before");
    assertEquals(trainTest.get("rmse"), before.get("rmse"));
    @SuppressWarnings("unchecked")
    double after = ((Number) ((Map<String, Object>) section.get("test")).get("rmse")).doubleValue();
    assertTrue(summary.contains(String.format(java.util.Locale.ROOT, "rmse %.4f -> %.4f (the trained run -> without the removed rows)",
        ((Number) before.get("rmse")).doubleValue(), after)), summary);

    // the next stage reads the folder as a trained run
    assertEquals(ExitCodes.OK, run(concat(new String[] {"value", "--output", target}, settings)),
        err.toString(StandardCharsets.UTF_8));

    // prune --update-model takes the rows it prunes out of the values' model
    String pruned = dir.resolve("pruned").toString();
    out.reset();
    assertEquals(ExitCodes.OK, run(concat(new String[] {"prune", "--values", target, "--input", dir.resolve("log.csv")
        .toString(), "--output", pruned, "--drop-lowest", "10%", "--update-model", "--sweeps", "1"}, settings)),
        err.toString(StandardCharsets.UTF_8));
    Map<String, Object> pruneManifest = io.recvalue.core.run.RunManifest.readFrom(pruned,
        spark.sparkContext().hadoopConfiguration());
    @SuppressWarnings("unchecked")
    long prunedRows = ((Number) ((Map<String, Object>) ((Map<String, Object>) pruneManifest.get("stages")).get("prune"))
        .get("removed_rows")).longValue();
    assertTrue(prunedRows > 0, "prune removed nothing");
    assertEquals(spark.read().parquet(target + "/ingest/train").count() - prunedRows,
        spark.read().parquet(pruned + "/unlearn/ingest/train").count());
    assertEquals(spark.read().parquet(target + "/train/item_factors").columns().length,
        spark.read().parquet(pruned + "/unlearn/train/item_factors").columns().length);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains(prunedRows + " removed rows;"), out.toString(StandardCharsets.UTF_8));
  }

  /** {@code unlearn --removed removed} fails as bad input with {@code message}, and writes nothing. */
  private void refusedNamingTheRow(Path dir, String runDir, String[] settings, Path removed, String message) {
    out.reset();
    assertEquals(ExitCodes.BAD_INPUT, run(concat(new String[] {"unlearn", "--output", runDir, "--removed",
        removed.toString()}, settings)));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains(message), out.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(dir.resolve("run/unlearn")), "nothing is written");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
