package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.run.Console;
import io.recvalue.core.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it: help, {@code --version}, the configuration report, and usage and
 * configuration errors with their exact messages, exit code 2 and no Spark session started.
 */
@SparkTest
class RecvalueCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    Console console = new Console(
        new PrintStream(err, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    return new RecvalueCli(console).run(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noArgumentsPrintsUsageAndFails() {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run());
    assertTrue(stdout().startsWith("usage: recvalue [-hV] <command>\n"), stdout());
    for (String c : new String[] {"demo", "run", "ingest", "train", "value", "verify-loo", "explain", "explain-user",
        "report", "evaluate", "prune", "generate", "benchmark", "help"}) {
      assertTrue(stdout().contains("\n  " + c + " "), c + " missing from " + stdout());
    }
    assertTrue(stdout().contains("\nExit codes:\n  0   success\n  1   runtime failure"), stdout());
    out.reset();
    assertEquals(ExitCodes.OK, run("--help"));
    assertTrue(stdout().startsWith("usage: recvalue [-hV] <command>\n"), stdout());
  }

  @Test
  void unknownCommand() {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("frobnicate"));
    assertTrue(stdout().startsWith("recvalue: unknown command 'frobnicate'\n\nusage: recvalue [-hV] <command>\n"),
        stdout());
  }

  @Test
  void everyCommandHasHelp() {
    for (String c : CommandTree.paths()) {
      out.reset();
      assertEquals(ExitCodes.OK, run((c + " --help").split(" ")), c);
      assertTrue(stdout().startsWith("usage: recvalue " + c + " [-h]"), c + ": " + stdout());
      out.reset();
      assertEquals(ExitCodes.OK, run(("help " + c).split(" ")), c);
      assertTrue(stdout().startsWith("usage: recvalue " + c + " [-h]"), "help " + c + ": " + stdout());
    }
  }

  @Test
  void versionIsTheBuildsWithSparkAndJava() throws Exception {
    String pom = Files.readString(TestData.projectRoot().resolve("pom.xml"));
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("<artifactId>recvalue-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(m.find());
    assertEquals(ExitCodes.OK, run("--version"));
    assertEquals("recvalue " + m.group(1) + "\nSpark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java "
        + System.getProperty("java.version") + "\n", stdout());
  }

  @Test
  void aGroupWithoutItsCommandAndAnUnknownHelpTopicAreUsageErrors() {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("benchmark"));
    assertEquals("recvalue benchmark: name one of its commands: als, value\nTry 'recvalue benchmark --help'.\n",
        stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("help", "benchmark", "mllib"));
    assertEquals("recvalue help: unknown command 'mllib' (valid: als, value)\nTry 'recvalue help --help'.\n", stdout());
  }

  @Test
  void benchmarksNeedTheirDataAndAnOutputFolder(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("benchmark", "als", "--output", dir.toString()));
    assertEquals("recvalue benchmark als: missing required option --data\nTry 'recvalue benchmark als --help'.\n",
        stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("benchmark", "value", "--data", "ratings.csv"));
    assertEquals("recvalue benchmark value: missing required option --output\nTry 'recvalue benchmark value --help'.\n",
        stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("benchmark", "value", "--data", "ratings.csv", "--output",
        dir.toString(), "--betas", "0.01,x"));
    assertEquals("recvalue benchmark value: invalid value for option '--betas' (B): 'x' is not a double\n"
        + "Try 'recvalue benchmark value --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("benchmark", "als", "--data", "ratings.csv", "--output",
        dir.toString(), "--iterations", "0"));
    assertEquals("recvalue benchmark als: --iterations must be a positive integer, got 0\n"
        + "Try 'recvalue benchmark als --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("benchmark", "als", "--data", "ratings.csv", "--output",
        dir.toString(), "--rounds", "0"));
    assertEquals("recvalue benchmark als: --rounds must be a positive integer, got 0\n"
        + "Try 'recvalue benchmark als --help'.\n", stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void missingInputIsAUsageError(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("run", "--output", dir.toString()));
    assertEquals("recvalue run: missing required option --input\nTry 'recvalue run --help'.\n", stdout());
  }

  @Test
  void unknownOptionListsValidOnes(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("train", "--ouput", dir.toString()));
    assertEquals("recvalue train: unknown option --ouput (valid: --output, --run-date, --window-days, --config, --set,"
        + " --check, --help)\nTry 'recvalue train --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("train", "--output", dir.toString(), "--method=ep"));
    assertTrue(stdout().startsWith("recvalue train: unknown option --method (valid: --output, "), stdout());
  }

  @Test
  void anOptionWithoutItsValueOrAStrayWordIsNamed(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("ingest", "--input", "log.csv", "--output"));
    assertEquals("recvalue ingest: option --output needs a value\nTry 'recvalue ingest --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("train", "--output", dir.toString(), "everything"));
    assertEquals("recvalue train: unexpected argument everything\nTry 'recvalue train --help'.\n", stdout());
  }

  @Test
  void theConsoleShowsTheHashAndOnlyTheSettingsThatDifferFromTheDefaults(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("log.csv"), "user_id,item_id,rating,timestamp\n1,2,3,4\n");
    Path job = Files.writeString(dir.resolve("job.properties"), "train.lambda = 0.1\ntrain.max-iter = 7\n");
    assertEquals(ExitCodes.OK, run("run", "--input", log.toString(), "--output", dir.resolve("out").toString(),
        "--config", job.toString(), "--set", "train.rank=16", "--check"));
    String hash = ConfigLoader.load(List.of(job), List.of("train.rank=16")).hash().substring(0, 12);
    assertEquals("[run] configuration " + hash + ": 2 settings differ from the defaults\n"
        + "[run]   train.max-iter = 7 (" + job + ":2)\n"
        + "[run]   train.rank = 16 (--set)\n", stderr());
    err.reset();
    assertEquals(ExitCodes.OK, run("run", "--input", log.toString(), "--output", dir.resolve("out").toString(),
        "--check"));
    assertEquals("[run] configuration " + ConfigLoader.defaults().hash().substring(0, 12) + ": the defaults\n",
        stderr());
  }

  @Test
  void badConfigFailsBeforeSparkStarts(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("log.csv"), "user_id,item_id,rating,timestamp\n1,2,3,4\n");
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG,
        run("run", "--input", log.toString(), "--output", dir.resolve("out").toString(), "--set", "train.rank=0"));
    assertEquals("recvalue: configuration error: train.rank = 0 (from --set) is out of range [1, 1000]\n", stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void inconsistentIngestSettingsFailBeforeSparkStarts(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("log.csv"), "user_id,item_id\n1,2\n");
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG,
        run("ingest", "--input", log.toString(), "--output", dir.resolve("out").toString(),
            "--set", "input.rating-col="));
    assertTrue(stdout().startsWith("recvalue: configuration error: inconsistent ingest settings: "), stdout());
    assertTrue(stdout().contains("ratingColumn"), stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void valueMethodIsValidatedBeforeSparkStarts(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("value", "--output", dir.toString(), "--method", "magic"));
    assertEquals("recvalue: configuration error: value.method = magic (from --method) must be one of influence,"
        + " blockdiag, ep, pg, residual\n", stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void epWithANonQuadraticValidationObjectiveIsRefusedBeforeSparkStarts(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("value", "--output", dir.toString(), "--method", "ep",
        "--set", "ingest.feedback=implicit", "--set", "value.validation-objective=bpr"));
    assertEquals("recvalue: configuration error: inconsistent value settings: value.method=ep needs a quadratic"
        + " validation objective; value.validation-objective=bpr is not (use squared, or value.method=influence)\n",
        stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void verifyLooOptionsAreValidatedBeforeSparkStarts(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("verify-loo", "--output", dir.toString(), "--sample", "1"));
    assertEquals("recvalue: configuration error: verify-loo.sample = 1 (from --sample) is out of range [2, 1000000]\n",
        stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG,
        run("verify-loo", "--output", dir.toString(), "--methods", "influence,magic"));
    assertEquals("recvalue: configuration error: inconsistent verify-loo settings: verify-loo.methods must be one of"
        + " influence, blockdiag, ep, pg, residual; got 'magic'\n", stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void explainPermutationCapIsCheckedAgainstTheBackgroundBeforeSparkStarts(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("explain", "--output", dir.toString(),
        "--set", "explain.background-size=100", "--set", "explain.max-permutations=150"));
    assertEquals("recvalue: configuration error: inconsistent explain settings: explain.max-permutations=150 is"
        + " below one round over the background (2 x explain.background-size = 200)\n", stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void refusesToWriteIntoTheInput(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG,
        run("run", "--input", dir.toString(), "--output", dir.resolve("out").toString()));
    assertEquals("recvalue run: refusing to write into the input: --output " + dir.resolve("out")
        + " is inside --input " + dir + "\nTry 'recvalue run --help'.\n", stdout());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void checkValidatesEverythingAndRunsNothing(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("log.csv"), "user_id,item_id,rating,timestamp\n1,2,3,4\n");
    assertEquals(ExitCodes.OK,
        run("run", "--input", log.toString(), "--output", dir.resolve("out").toString(), "--check"));
    assertEquals("recvalue run: arguments, configuration and paths are valid; nothing was run\n", stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
    assertFalse(Files.exists(dir.resolve("out")));

    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG,
        run("value", "--output", dir.toString(), "--method", "magic", "--check"));
    assertTrue(stdout().startsWith("recvalue: configuration error: value.method = magic"), stdout());
  }

  @Test
  void aBadRunDateIsAConfigurationErrorBeforeSparkStarts(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("log.csv"), "user_id,item_id,rating,timestamp\n1,2,3,4\n");
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("run", "--input", log.toString(), "--output",
        dir.resolve("out").toString(), "--run-date", "22/11/2026"));
    assertEquals("recvalue: configuration error: run.date = 22/11/2026 (from --run-date) is not a date YYYY-MM-DD,"
        + " or today\n", stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
    assertFalse(Files.exists(dir.resolve("out")));

    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("run", "--input", log.toString(), "--output",
        dir.resolve("out").toString(), "--window-days", "-3", "--check"));
    assertEquals("recvalue: configuration error: input.window-days = -3 (from --window-days) is out of range"
        + " [0, 1000000]\n",
        stdout());

    out.reset();
    assertEquals(ExitCodes.OK, run("run", "--input", log.toString(), "--output", dir.resolve("out").toString(),
        "--run-date", "today", "--window-days", "28", "--check"));
  }

  @Test
  void pathsOutsideTheAllowListAreRefusedBeforeSparkStarts(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path log = Files.writeString(data.resolve("log.csv"), "user_id,item_id,rating,timestamp\n1,2,3,4\n");
    String allow = "safety.allowed-path-prefixes=" + data + "/," + dir.resolve("results");
    assertEquals(ExitCodes.OK, run("run", "--input", log.toString(), "--output",
        dir.resolve("results/nightly").toString(), "--set", allow, "--check"));

    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("run", "--input", log.toString(), "--output",
        dir.resolve("elsewhere").toString(), "--set", allow));
    assertEquals("recvalue run: refusing --output " + dir.resolve("elsewhere") + ": it is not under any of "
        + "safety.allowed-path-prefixes = " + data + "/," + dir.resolve("results")
        + "\nTry 'recvalue run --help'.\n", stdout());

    out.reset();
    String sneaky = dir.resolve("results/../elsewhere").toString();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("run", "--input", log.toString(), "--output", sneaky,
        "--set", allow));
    assertTrue(stdout().startsWith("recvalue run: refusing --output " + sneaky + ": it is not under"), stdout());

    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("prune", "--values", dir.resolve("results/v").toString(),
        "--input", dir.resolve("other.csv").toString(), "--output", dir.resolve("results/p").toString(),
        "--drop-lowest", "10%", "--set", allow));
    assertTrue(stdout().startsWith("recvalue prune: refusing --input " + dir.resolve("other.csv")), stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
    assertFalse(Files.exists(dir.resolve("elsewhere")));
  }
}
