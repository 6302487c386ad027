package io.recvalue.valuation.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recvalue.core.ingest.IngestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The value stage's folder as later stages find it: a run folder or its {@code value/} folder, and a
 * run folder of the old layout refused with the command that rewrites it, plain or dated.
 */
class ValueLayoutTest {
  private static final Configuration HADOOP = new Configuration();

  @Test
  void pathsUnderTheRunFolder() {
    assertEquals("/data/run/value", ValueLayout.dir("/data/run/"));
    assertEquals("/data/run/value/interactions", ValueLayout.table("/data/run", ValueLayout.INTERACTIONS));
    assertEquals("value/users.arrow", ValueLayout.relative(ValueLayout.USERS_ARROW));
  }

  @Test
  void theRunFolderIsNamedByItselfOrByItsValueFolder(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run");
    Files.createDirectories(run.resolve("value/interactions"));
    assertEquals(run.toString(), ValueLayout.runFolder(run.toString(), HADOOP));
    assertEquals(run.toString(), ValueLayout.runFolder(run + "/", HADOOP));
    assertEquals(run.toString(), ValueLayout.runFolder(run.resolve("value").toString(), HADOOP));
    Path named = dir.resolve("value");
    Files.createDirectories(named.resolve("value/interactions"));
    assertEquals(named.toString(), ValueLayout.runFolder(named.toString(), HADOOP), "a run folder called value");
  }

  @Test
  void aRunFolderOfTheOldLayoutIsRefusedWithTheCommandThatRewritesIt(@TempDir Path dir) throws IOException {
    Path run = Files.createDirectories(dir.resolve("run/values"));
    String expected = dir.resolve("run") + " holds the value stage's output in the old layout (values/ at the run"
        + " root); this version reads " + dir.resolve("run") + "/value/interactions: re-run 'recvalue value --output "
        + dir.resolve("run") + "'";
    for (String named : new String[] {dir.resolve("run").toString(), run.toString()}) {
      IngestException e = assertThrows(IngestException.class, () -> ValueLayout.runFolder(named, HADOOP));
      assertEquals(expected, e.getMessage(), named);
    }
    Path partition = Files.createDirectories(dir.resolve("out/run_date=2026-11-22/values")).getParent();
    IngestException e = assertThrows(IngestException.class,
        () -> ValueLayout.rejectOldLayout(partition.toString(), HADOOP));
    assertEquals(partition + " holds the value stage's output in the old layout (values/ at the run root); this"
        + " version reads " + partition + "/value/interactions: re-run 'recvalue value --output " + dir.resolve("out")
        + " --run-date 2026-11-22'", e.getMessage());
  }

  @Test
  void aRunFolderWithBothLayoutsIsRead(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run");
    Files.createDirectories(run.resolve("values"));
    Files.createDirectories(run.resolve("value/interactions"));
    ValueLayout.rejectOldLayout(run.toString(), HADOOP);
    assertEquals(run.toString(), ValueLayout.runFolder(run.toString(), HADOOP));
  }
}
