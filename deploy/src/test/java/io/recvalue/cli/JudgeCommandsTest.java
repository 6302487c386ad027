package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.run.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate}, {@code prune} and {@code evaluate} on the command line: help, and the usage
 * errors with their exact messages, exit code 2 and no Spark session — prune above all refuses to
 * write into or over its input.
 */
@SparkTest
class JudgeCommandsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String... args) {
    Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return new RecvalueCli(console).run(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listedWithHelp() {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run());
    for (String c : new String[] {"generate", "prune", "evaluate"}) {
      assertTrue(stdout().contains("\n  " + c + " "), c + " missing from " + stdout());
    }
    for (String c : new String[] {"generate", "prune", "evaluate"}) {
      out.reset();
      assertEquals(ExitCodes.OK, run(c, "--help"), c);
      assertTrue(stdout().startsWith("usage: recvalue " + c + " [-h] "), c + ": " + stdout());
    }
    out.reset();
    assertEquals(ExitCodes.OK, run("prune", "--help"));
    assertTrue(stdout().contains("\n      --drop-lowest=P   Drop the lowest-valued P (10% or 0.1) of the valued"), stdout());
    assertFalse(stdout().contains("--run-date") || stdout().contains("--window-days"), stdout());
  }

  @Test
  void pruneRefusesToWriteIntoItsInput(@TempDir Path dir) throws Exception {
    Path logDir = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logDir.resolve("log.csv"), "user_id,item_id,rating,timestamp\n1,2,3,4\n");
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("prune", "--values", dir.resolve("run").toString(),
        "--input", logDir.toString(), "--output", logDir.resolve("pruned-run").toString(), "--drop-lowest", "10%"));
    assertEquals("recvalue prune: refusing to write into the input: --output " + logDir.resolve("pruned-run")
        + " is inside --input " + logDir + "\nTry 'recvalue prune --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("prune", "--values", dir.resolve("run").toString(),
        "--input", logDir.resolve("log.csv").toString(), "--output", logDir.resolve("log.csv").toString(),
        "--drop-lowest", "10%"));
    assertEquals("recvalue prune: refusing to write into the input: --output " + logDir.resolve("log.csv")
        + " is inside --input " + logDir.resolve("log.csv") + "\nTry 'recvalue prune --help'.\n", stdout());
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void pruneRefusesToWriteOverItsInput(@TempDir Path dir) throws Exception {
    Path earlier = Files.createDirectories(dir.resolve("out/pruned"));
    Files.writeString(earlier.resolve("part-00000.csv"), "user_id,item_id,rating,timestamp\n1,2,3,4\n");
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("prune", "--values", dir.resolve("run").toString(),
        "--input", earlier.toString(), "--output", dir.resolve("out").toString(), "--keep-top", "80%"));
    assertEquals("recvalue prune: refusing to write over the input: --input " + earlier + " is inside "
        + dir.resolve("out") + "/pruned, which prune replaces\nTry 'recvalue prune --help'.\n", stdout());
    assertTrue(Files.exists(earlier.resolve("part-00000.csv")));
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void pruneCheckValidatesTheRuleConfigurationAndPathsAndRunsNothing(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("log.csv"), "user_id,item_id,rating,timestamp\n1,2,3,4\n");
    assertEquals(ExitCodes.OK, run("prune", "--values", dir.resolve("run").toString(), "--input", log.toString(),
        "--output", dir.resolve("out").toString(), "--keep-top", "80%", "--by", "item", "--check"));
    assertEquals("recvalue prune: arguments, configuration and paths are valid; nothing was run\n", stdout());
    assertFalse(Files.exists(dir.resolve("out")));
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  @Test
  void pruneRuleErrors(@TempDir Path dir) {
    String[] base = {"prune", "--values", dir.resolve("run").toString(), "--input", dir.resolve("log.csv").toString(),
        "--output", dir.resolve("out").toString()};
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run(concat(base, "--by", "item")));
    assertEquals("recvalue prune: --by item needs one of --drop-lowest, --keep-top, --threshold (the keep decision"
        + " of discrete values is per interaction)\nTry 'recvalue prune --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run(concat(base, "--drop-lowest", "10%", "--threshold", "0")));
    assertEquals("recvalue prune: give at most one of --drop-lowest, --keep-top, --threshold (got --drop-lowest,"
        + " --threshold)\nTry 'recvalue prune --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run(concat(base, "--drop-lowest", "10")));
    assertEquals("recvalue prune: --drop-lowest must be a percentage such as 10% or a fraction in [0, 1], got"
        + " '10'\nTry 'recvalue prune --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run(concat(base, "--keep-top", "80%", "--by", "user")));
    assertEquals("recvalue prune: --by must be interaction or item, got 'user'\nTry 'recvalue prune --help'.\n",
        stdout());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void generateAndEvaluateOptionErrors(@TempDir Path dir) {
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("generate", "--interactions", "1e4", "--users", "10",
        "--items", "10", "--noise", "1.5", "--output", dir.resolve("g").toString()));
    assertEquals("recvalue generate: --noise 1.5 must be in [0, 1)\nTry 'recvalue generate --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("generate", "--interactions", "ten", "--users", "10",
        "--items", "10", "--output", dir.resolve("g").toString()));
    assertEquals("recvalue generate: --interactions must be an integer, got 'ten'\n"
        + "Try 'recvalue generate --help'.\n", stdout());
    out.reset();
    assertEquals(ExitCodes.BAD_USAGE_OR_CONFIG, run("evaluate", "--output", dir.resolve("e").toString(),
        "--methods", "loo"));
    assertEquals("recvalue: configuration error: inconsistent evaluate settings: evaluate.methods must be one of influence, blockdiag;"
        + " got 'loo'\n", stdout().replaceAll("must be one of [a-z, ]+;", "must be one of influence, blockdiag;"));
    assertFalse(Files.exists(dir.resolve("g")));
    assertTrue(SparkSession.getActiveSession().isEmpty());
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
