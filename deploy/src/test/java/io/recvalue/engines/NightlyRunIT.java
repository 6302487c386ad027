package io.recvalue.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.testing.TestData;
import io.recvalue.valuation.output.ValueLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job's guarantees, with real processes. The date's partition {@code run_date=D} holds
 * a previous good run (the local[2] reference's outputs). A re-run of the date that is killed
 * (SIGKILL) once it has written its values leaves that partition byte for byte as it was, and
 * readable throughout; the next run of the date cleans up after the killed one and publishes, with
 * {@code _RUN_STATUS.json}, tables equal to a clean run's.
 */
@SparkTest
class NightlyRunIT {
  private static final String DAY = "2026-11-22";
  private static final String PARTITION = "run_date=" + DAY;

  private static List<String> arguments(Path out) {
    List<String> args = new ArrayList<>(SampleRun.runArguments(SampleRun.ratings().toString(), out.toString(),
        SampleRun.settings().toString()));
    args.addAll(List.of("--run-date", DAY));
    return args;
  }

  @Test
  void aKilledRerunLeavesThePreviousPartitionAndTheNextRunReplacesIt(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path partition = out.resolve(PARTITION);

    // The previous good run of the date: the local[2] reference's outputs, as a published partition.
    copyTree(LocalReference.output(), partition);
    Map<String, String> before = fingerprint(partition);

    Process killed = start(dir, "killed.log", arguments(out));
    Path staged = waitForStagedValues(out, killed, dir.resolve("killed.log"));
    // The re-run has written its values beside the partition; readers still get the previous run.
    OutputComparison.assertSame(SparkTestSession.get(), LocalReference.output().toString(), partition.toString(),
        SampleRun.TOLERANCE);
    killTree(killed);
    assertTrue(Files.isDirectory(staged), "the killed run left its hidden staging folder: " + staged);
    assertEquals(before, fingerprint(partition), "the previous partition is unchanged, byte for byte");

    Processes.Result rerun = SampleRun.launch(dir, "rerun.log", List.of("--master", "local[2]"), arguments(out));
    assertEquals(0, rerun.exitCode(), rerun.output());
    assertPublished(out);
    assertFalse(Files.exists(staged), "the killed run's leftovers are gone");
    OutputComparison.assertSame(SparkTestSession.get(), LocalReference.output().toString(), partition.toString(),
        SampleRun.TOLERANCE);
    System.out.printf("dated re-run after the kill: %.1f s%n", rerun.took().toMillis() / 1000.0);
  }

  /** One published partition, no staging folder, a succeeded status, no staging path in any text file. */
  private static void assertPublished(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("_")).sorted()
          .collect(Collectors.toList());
      assertEquals(List.of(PARTITION), names, "one partition, no staging folder");
    }
    assertTrue(Files.exists(out.resolve("_attempts").resolve(PARTITION).resolve("_RUN_STATUS.json")));
    Path partition = out.resolve(PARTITION);
    JsonNode status = new ObjectMapper().readTree(partition.resolve("_RUN_STATUS.json").toFile());
    assertEquals("succeeded", status.get("status").asText());
    assertEquals(DAY, status.get("run_date").asText());
    assertEquals("run", status.get("command").asText());
    assertEquals(0, status.get("exit_code").asInt());
    assertEquals(partition.toString(), status.get("output").asText());
    assertTrue(status.at("/stages/value/counts/values_rows").asLong() > 0, status.toString());
    assertEquals(status.at("/stages/ingest/counts/train_rows").asLong(),
        status.at("/stages/value/counts/values_rows").asLong(), "every training interaction valued");
    JsonNode manifest = new ObjectMapper().readTree(partition.resolve("manifest.json").toFile());
    assertEquals(DAY, manifest.get("run_date").asText());
    try (Stream<Path> files = Files.walk(partition)) {
      for (Path f : files.filter(Files::isRegularFile).filter(NightlyRunIT::isText).collect(Collectors.toList())) {
        assertFalse(Files.readString(f, StandardCharsets.UTF_8).contains(".tmp-"),
            f + " names the staging folder instead of the published partition");
      }
    }
  }

  private static boolean isText(Path f) {
    String n = f.getFileName().toString();
    return n.endsWith(".json") || n.endsWith(".html") || n.endsWith(".csv");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.collect(Collectors.toList())) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /** Every file of a folder with its size and a hash of its bytes. */
  private static Map<String, String> fingerprint(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        byte[] bytes = Files.readAllBytes(f);
        m.put(dir.relativize(f).toString(), bytes.length + ":" + java.util.Arrays.hashCode(bytes));
      }
    }
    return m;
  }

  /** Starts {@code deploy/bin/recvalue} as {@link SampleRun#launch} does, without waiting. */
  private static Process start(Path workDir, String logName, List<String> recvalueArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(TestData.projectRoot().resolve("deploy/bin/recvalue").toString());
    cmd.addAll(List.of("--master", "local[2]"));
    cmd.addAll(recvalueArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(workDir.resolve(logName).toFile());
    pb.environment().putAll(SparkHome.environment());
    pb.environment().put("RECVALUE_SKIP_BUILD", "1");
    pb.environment().put("RECVALUE_DRIVER_MEMORY", "2g");
    return pb.start();
  }

  /** Waits until the running re-run has committed its value stage folder inside its staging folder. */
  private static Path waitForStagedValues(Path out, Process p, Path log) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Path> staged = stagingFolder(out)
          .filter(s -> Files.exists(s.resolve(ValueLayout.relative(ValueLayout.INTERACTIONS)).resolve("_SUCCESS")));
      if (staged.isPresent()) {
        return staged.get();
      }
      if (!p.isAlive()) {
        throw new AssertionError("the run ended before it could be killed mid-write:\n" + Processes.tail(log));
      }
      Thread.sleep(200);
    }
    killTree(p);
    throw new AssertionError("no staged values within 30 minutes:\n" + Processes.tail(log));
  }

  private static Optional<Path> stagingFolder(Path out) {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(d -> d.getFileName().toString().startsWith("." + PARTITION + ".tmp-")).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL to the launcher and everything it started: no shutdown hook, no clean-up. */
  private static void killTree(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the killed run did not stop");
    for (ProcessHandle h : p.descendants().collect(Collectors.toList())) {
      h.onExit().join();
    }
  }
}
