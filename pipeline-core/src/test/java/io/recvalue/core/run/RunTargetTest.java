package io.recvalue.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dated outputs: a whole-run rebuild is invisible until it is swapped in; a failed or killed one
 * leaves the previous partition as it was; the status file comes last and never lands in a published
 * partition for a failed attempt.
 */
class RunTargetTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-22");
  private static final Configuration HADOOP = new Configuration();

  private static void write(String dir, String name, String text) throws IOException {
    Path p = Path.of(dir.replaceFirst("^file:", "")).resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  /** The entries of a folder, without the local filesystem's hidden checksum files. */
  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !(n.startsWith(".") && n.endsWith(".crc")))
          .sorted().collect(Collectors.toList());
    }
  }

  private static RunManifest manifest(String command) {
    RunManifest m = new RunManifest(command, List.of(), ConfigLoader.load(List.of(), List.of()));
    Map<String, Object> ingest = m.stage("ingest");
    ingest.put("rows_read", 44613L);
    ingest.put("users", 2059);
    ingest.put("split_method", "time");
    ingest.put("wall_seconds", 1.5);
    return m;
  }

  /** A previous good run of the day: one output file and its status. */
  private static Path previousRun(Path root) throws IOException {
    RunTarget first = RunTarget.dated(root.toString(), DAY, true, HADOOP);
    write(first.runDir(), "value/interactions/part-0", "old");
    first.succeed(RunStatus.succeeded(manifest("run").snapshot(), DAY, first.publishedDir()));
    return root.resolve("run_date=2026-11-22");
  }

  @Test
  void aWholeRunIsInvisibleUntilItIsSwappedIn(@TempDir Path root) throws IOException {
    Path partition = previousRun(root);
    RunTarget second = RunTarget.dated(root.toString(), DAY, true, HADOOP);
    assertTrue(Path.of(second.runDir()).getFileName().toString().startsWith(".run_date=2026-11-22.tmp-"),
        second.runDir());
    write(second.runDir(), "value/interactions/part-0", "new");
    write(second.runDir(), "explain/items/part-0", "new");
    assertEquals("old", read(partition.resolve("value/interactions/part-0")), "readers still see the old run");
    assertEquals(List.of("_RUN_STATUS.json", "value"), names(partition));

    second.succeed(RunStatus.succeeded(manifest("run").snapshot(), DAY, second.publishedDir()));
    assertEquals(List.of("_RUN_STATUS.json", "explain", "value"), names(partition));
    assertEquals("new", read(partition.resolve("value/interactions/part-0")));
    assertEquals(List.of("_attempts", "run_date=2026-11-22"), names(root), "no staging folder left");
    Map<String, Object> status = RunStatus.read(partition.toString(), HADOOP);
    assertEquals("succeeded", status.get("status"));
    assertEquals("2026-11-22", status.get("run_date"));
    assertEquals(root.resolve("run_date=2026-11-22").toString(), status.get("output"));
    assertEquals(status, RunStatus.read(root.resolve("_attempts/run_date=2026-11-22").toString(), HADOOP));
  }

  @Test
  void aFailedRunLeavesThePreviousPartitionAndRecordsTheAttempt(@TempDir Path root) throws IOException {
    Path partition = previousRun(root);
    String before = read(partition.resolve("_RUN_STATUS.json"));
    RunTarget second = RunTarget.dated(root.toString(), DAY, true, HADOOP);
    write(second.runDir(), "value/interactions/part-0", "half-written");
    second.fail(RunStatus.failed(manifest("run").snapshot(), DAY, second.publishedDir(), "value",
        "CG diverged", 1));
    assertEquals("old", read(partition.resolve("value/interactions/part-0")));
    assertEquals(before, read(partition.resolve("_RUN_STATUS.json")), "the good run's status stays");
    assertEquals(List.of("_attempts", "run_date=2026-11-22"), names(root));
    Map<String, Object> attempt = RunStatus.read(root.resolve("_attempts/run_date=2026-11-22").toString(), HADOOP);
    assertEquals("failed", attempt.get("status"));
    assertEquals("value", attempt.get("failed_stage"));
    assertEquals("CG diverged", attempt.get("error"));
    assertEquals(1, attempt.get("exit_code"));
  }

  @Test
  void aKilledRunsLeftoversAreCleanedUpByTheNextRunOfTheDate(@TempDir Path root) throws IOException {
    Path partition = previousRun(root);
    write(root.resolve(".run_date=2026-11-22.tmp-killed").toString(), "value/interactions/part-0", "half-written");
    write(root.resolve(".run_date=2026-11-21.tmp-other-day").toString(), "value/interactions/part-0", "other day");
    RunTarget next = RunTarget.dated(root.toString(), DAY, true, HADOOP);
    assertFalse(Files.exists(root.resolve(".run_date=2026-11-22.tmp-killed")), "leftover of the date removed");
    assertTrue(Files.exists(root.resolve(".run_date=2026-11-21.tmp-other-day")), "another date's run untouched");
    assertEquals("old", read(partition.resolve("value/interactions/part-0")));
    next.fail(RunStatus.failed(manifest("run").snapshot(), DAY, next.publishedDir(), "ingest", "bad input", 3));
  }

  @Test
  void aRunKilledBetweenTheTwoRenamesGetsItsPartitionBack(@TempDir Path root) throws IOException {
    Path partition = previousRun(root);
    Path movedAside = root.resolve(".run_date=2026-11-22.old-killed");
    Files.move(partition, movedAside);
    RunTarget.dated(root.toString(), DAY, true, HADOOP);
    assertEquals("old", read(partition.resolve("value/interactions/part-0")));
    assertFalse(Files.exists(movedAside));
  }

  @Test
  void aSingleStageCommandWorksInsideThePartition(@TempDir Path root) throws IOException {
    Path partition = previousRun(root);
    RunTarget value = RunTarget.dated(root.toString(), DAY, false, HADOOP);
    assertEquals(partition.toString(), value.runDir());
    assertEquals(value.publishedDir(), value.runDir());
    value.succeed(RunStatus.succeeded(manifest("value").snapshot(), DAY, value.publishedDir()));
    assertEquals("value", RunStatus.read(partition.toString(), HADOOP).get("command"));
  }

  @Test
  void aPlainOutputKeepsTheLastCommandsStatusBesideIt(@TempDir Path root) throws IOException {
    RunTarget plain = RunTarget.plain(root.toString() + "/", HADOOP);
    assertEquals(root.toString(), plain.runDir());
    plain.fail(RunStatus.failed(manifest("run").snapshot(), null, plain.publishedDir(), "train", "boom", 1));
    Map<String, Object> status = RunStatus.read(root.toString(), HADOOP);
    assertEquals("failed", status.get("status"));
    assertEquals(null, status.get("run_date"));
    assertEquals(List.of("_RUN_STATUS.json"), names(root));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theStatusCarriesEachStagesTimeAndWholeNumberFacts() {
    Map<String, Object> f = RunStatus.succeeded(manifest("run").snapshot(), DAY, "out").fields();
    Map<String, Object> ingest = (Map<String, Object>) ((Map<String, Object>) f.get("stages")).get("ingest");
    assertEquals(1.5, ingest.get("wall_seconds"));
    assertEquals(Map.of("rows_read", 44613L, "users", 2059L), ingest.get("counts"));
    assertEquals(RecvalueVersion.get(), f.get("recvalue_version"));
    assertEquals(0, f.get("exit_code"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theManifestOfAStagedRunNamesThePublishedPaths() {
    RunManifest m = manifest("run");
    m.stage("ingest").put("output", "/data/out/.run_date=2026-11-22.tmp-1/ingest");
    m.stage("report").put("files", new java.util.ArrayList<>(List.of("/data/out/.run_date=2026-11-22.tmp-1/r.html")));
    m.relocate("/data/out/.run_date=2026-11-22.tmp-1", "/data/out/run_date=2026-11-22");
    Map<String, Object> stages = (Map<String, Object>) m.snapshot().get("stages");
    assertEquals("/data/out/run_date=2026-11-22/ingest", ((Map<String, Object>) stages.get("ingest")).get("output"));
    assertEquals(List.of("/data/out/run_date=2026-11-22/r.html"),
        ((Map<String, Object>) stages.get("report")).get("files"));
  }

  @Test
  void theManifestNeverRecordsASecretFromTheCommandLine() {
    List<String> args = List.of("run", "--input", "s3a://AKIA123:wJalr@bucket/logs/", "--set",
        "spark.hadoop.fs.s3a.secret.key=wJalrXUtn", "--set", "train.rank=8");
    RunManifest m = new RunManifest("run", args, ConfigLoader.load(List.of(), List.of()));
    assertEquals(List.of("run", "--input", "s3a://*****@bucket/logs/", "--set", "spark.hadoop.fs.s3a.secret.key=*****",
        "--set", "train.rank=8"), m.get("arguments"));
    m.stage("ingest").put("input", "s3a://AKIA123:wJalr@bucket/logs/part-0.csv");
    assertFalse(m.toJson().contains("wJalr"), m.toJson());
  }
}
