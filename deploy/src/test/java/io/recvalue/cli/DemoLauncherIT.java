package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recvalue.core.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a user runs it: {@code deploy/bin/recvalue demo} in its own JVM
 * through Spark's SparkSubmit, on the shaded jar this build just packaged.
 */
@SparkTest
class DemoLauncherIT {

  static Process launch(Path workDir, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(TestData.projectRoot().resolve("deploy/bin/recvalue").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("RECVALUE_SKIP_BUILD", "1");
    pb.environment().put("RECVALUE_DRIVER_MEMORY", "2g");
    return pb.start();
  }

  static int waitFor(Process p, Path log) throws Exception {
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("launcher did not finish in 15 minutes:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  @Test
  void demoRunsEveryStageAndSaysWhereItWrote(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("demo.log");
    Path out = dir.resolve("demo-out");
    int code = waitFor(launch(dir, log, "demo", "--output", out.toString(), "--master", "local[2]"), log);
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, code, printed);

    assertEquals(List.of("_RUN_STATUS.json", "_checkpoints", "explain", "explain-user", "ingest", "input",
        "manifest.json", "report", "train", "value"), entries(out), printed);
    assertEquals(List.of("counterfactuals", "events", "recommendations"), entries(out.resolve("explain-user")));
    assertEquals(List.of("decomposition", "interactions", "items", "items.arrow", "leverage", "users", "users.arrow"),
        entries(out.resolve("value")));
    assertEquals(List.of("coalitions", "feature_importance", "feature_importance.arrow", "group_interactions", "groups",
        "groups.arrow", "item_attributions", "item_segments", "items", "user_segments"), entries(out.resolve("explain")));
    assertEquals(List.of("report.html"), entries(out.resolve("report")));
    for (String folder : List.of("ingest/train", "ingest/validation", "ingest/test", "ingest/quarantine",
        "ingest/user_index", "ingest/item_index", "train/user_factors", "train/item_factors", "train/history",
        "value/interactions", "value/decomposition", "value/items", "value/users", "explain/item_attributions", "explain/items",
        "explain/feature_importance", "explain/groups", "explain/coalitions", "explain/item_segments",
        "explain-user/recommendations", "explain-user/events",
        "explain-user/counterfactuals")) {
      assertTrue(Files.exists(out.resolve(folder).resolve("_SUCCESS")), folder + " missing\n" + printed);
    }
    assertTrue(Files.exists(out.resolve("input/movietweetings-small/LICENSE")), "the sample's licence travels");

    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals("succeeded", manifest.get("status").asText());
    assertEquals(44_613, manifest.at("/stages/ingest/rows_read").asLong());
    double ours = manifest.at("/stages/train/test/rmse").asDouble();
    double mllib = manifest.at("/stages/train/test/mllib_rmse").asDouble();
    assertTrue(ours > 0 && Double.isFinite(ours) && mllib > 0, manifest.toString());

    assertTrue(manifest.at("/stages/explain/item/surrogate_r2_heldout").isNumber(), manifest.toString());
    assertTrue(manifest.at("/stages/explain/item/features").toString().contains("genre_drama"),
        "the sample's item metadata feeds the features\n" + manifest);
    assertEquals("genre", manifest.at("/stages/explain/groups/by").asText(), "the sample's genres are the groups");
    assertTrue(manifest.at("/stages/explain/groups/lds_learnt").isNumber(), manifest.toString());
    String report = Files.readString(out.resolve("report/report.html"), StandardCharsets.UTF_8);
    assertTrue(report.contains("<section id=\"data-groups\">"), "the group game's section");
    assertTrue(report.contains("<section id=\"most-valuable\">") && report.contains("data:image/png;base64,"));
    assertEquals(5, manifest.at("/stages/explain-user/users").asInt(), "the demo explains a sample of users");
    assertTrue(report.contains("<section id=\"explained-users\">") && report.contains("<h3>User "),
        "a section per explained user");

    assertTrue(printed.contains("44,613"), "the summary shows the rows read\n" + printed);
    assertTrue(printed.contains("MLlib"), "the summary compares with MLlib\n" + printed);
    assertTrue(printed.contains(out.resolve("manifest.json").toString()), "the summary says where\n" + printed);
    assertTrue(printed.contains(out.resolve("value") + "/{decomposition,interactions,items,items.arrow,leverage,users,users.arrow}"),
        "the summary lists each stage folder's entries\n" + printed);
  }

  /** The entries of a folder, sorted; hidden ones (checksums, the work folders) are left out. */
  private static List<String> entries(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  /**
   * A run folder of the layout before stage folders ({@code values/} at its root) is refused as bad
   * input, with exit code 3 and a message naming the folder this version reads.
   */
  @Test
  void aRunFolderOfTheOldLayoutIsBadInput(@TempDir Path dir) throws Exception {
    Path old = dir.resolve("old-run");
    Files.createDirectories(old.resolve("values"));
    Files.createDirectories(old.resolve("item_values"));
    Path log = dir.resolve("old.log");
    int code = waitFor(launch(dir, log, "report", "--output", old.toString(), "--master", "local[1]"), log);
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(ExitCodes.BAD_INPUT, code, printed);
    assertTrue(printed.contains("recvalue: bad input: " + old + " holds the value stage's output in the old layout"
        + " (values/ at the run root); this version reads " + old + "/value/interactions: re-run 'recvalue value"
        + " --output " + old + "'\n"), printed);
    assertFalse(Files.exists(old.resolve("report")), "nothing written");
  }

  @Test
  void badInputExitsWithCodeThreeAndKeepsTheQuarantine(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.csv");
    StringBuilder csv = new StringBuilder("user_id,item_id,rating,timestamp\n");
    for (int n = 0; n < 50; n++) {
      csv.append("u").append(n % 7).append(",i").append(n % 11).append(',')
          .append(n % 5 == 0 ? "abc" : "3").append(",").append(1_600_000_000 + n).append('\n');
    }
    Files.writeString(bad, csv.toString());
    Path log = dir.resolve("bad.log");
    Path out = dir.resolve("bad-out");
    int code = waitFor(launch(dir, log, "ingest", "--input", bad.toString(), "--output", out.toString(),
        "--master", "local[1]"), log);
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(ExitCodes.BAD_INPUT, code, printed);
    assertTrue(printed.contains("recvalue: bad input: "), printed);
    assertTrue(printed.contains("rating"), printed);
    assertTrue(Files.exists(out.resolve("ingest_rejected/quarantine/_SUCCESS")), "the bad rows are kept");
    assertTrue(Files.exists(out.resolve("ingest_rejected/_FAILED")));
  }
}
