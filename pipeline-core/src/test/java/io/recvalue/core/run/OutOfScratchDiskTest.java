package io.recvalue.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage that fills Spark's scratch disk fails with one line naming it and the scratch folders, without Spark's
 * stack traces; other failures pass through unchanged.
 */
@SparkTest
class OutOfScratchDiskTest {
  private static final RecvalueConfig CONFIG = ConfigLoader.load(List.of(), List.of());
  /** What the driver received when the value stage filled the disk at 10^8 rows (abridged). */
  private static final String SPARK_REPORT = "Job aborted due to stage failure: Task 31 in stage 99.0 failed 1 times,"
      + " most recent failure: Lost task 31.0 in stage 99.0 (TID 2947) (localhost executor driver):"
      + " java.io.IOException: No space left on device\n\tat java.base/java.io.FileOutputStream.writeBytes(Native"
      + " Method)\n\tat org.apache.spark.storage.TimeTrackingOutputStream.write(TimeTrackingOutputStream.java:59)";

  @Test
  void aFullDiskAndSparksReportOfOneAreRecognised() {
    assertTrue(OutOfScratchDisk.causedBy(new IOException("No space left on device")));
    assertTrue(OutOfScratchDisk.causedBy(new RuntimeException("wrapped", new SparkException(SPARK_REPORT))));
    assertTrue(OutOfScratchDisk.causedBy(new IOException("Disk quota exceeded")));
    assertFalse(OutOfScratchDisk.causedBy(new UncheckedIOException(new IOException("disk full"))));
    assertFalse(OutOfScratchDisk.causedBy(new OutOfMemoryError("Java heap space")));
    assertFalse(OutOfMemory.causedBy(new SparkException(SPARK_REPORT)));
  }

  @Test
  void theLineNamesTheStageAndTheScratchFolders() {
    String m = OutOfScratchDisk.message("value", "/mnt/scratch");
    assertEquals("stage value ran out of scratch disk (No space left on device) in /mnt/scratch: point"
        + " spark.local.dir (or SPARK_LOCAL_DIRS; on YARN the node managers' local folders) at disks with more room,"
        + " or free space there; the value stage needs about 1 KB per training row (deploy/README.md, sizing)", m);
    assertTrue(OutOfScratchDisk.message(null, null).startsWith("a stage ran out of scratch disk (No space left on"
        + " device): point spark.local.dir"));
  }

  @Test
  void theScratchFoldersAreSparksSettingOrTheTemporaryFolder() {
    if (System.getenv("SPARK_LOCAL_DIRS") != null) {
      assertTrue(OutOfScratchDisk.localDirs(new SparkConf(false)).endsWith("(SPARK_LOCAL_DIRS)"));
      return;
    }
    assertEquals("/mnt/a,/mnt/b", OutOfScratchDisk.localDirs(new SparkConf(false).set("spark.local.dir", "/mnt/a,/mnt/b")));
    assertEquals(System.getProperty("java.io.tmpdir"), OutOfScratchDisk.localDirs(new SparkConf(false)));
  }

  @Test
  void aStageThatFilledTheDiskIsNamedInTheFailureAndTheManifest(@TempDir Path dir) {
    StageContext c = context(dir);
    SparkException report = new SparkException(SPARK_REPORT);
    OutOfScratchDisk e = assertThrows(OutOfScratchDisk.class, () -> StageRunner.run(c, List.of(
        stage("train", () -> { }),
        stage("value", () -> {
          throw new RuntimeException(report);
        }))));
    assertTrue(e.getMessage().startsWith("stage value ran out of scratch disk (No space left on device) in "
        + OutOfScratchDisk.localDirs(SparkTestSession.get().sparkContext().getConf()) + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertSame(report, e.getCause().getCause());
    assertEquals("value", c.manifest().get(StageRunner.FAILED_STAGE));
  }

  @Test
  void otherFailuresPassThroughUnchanged(@TempDir Path dir) {
    StageContext c = context(dir);
    UncheckedIOException failure = new UncheckedIOException(new IOException("Permission denied"));
    Exception e = assertThrows(Exception.class, () -> StageRunner.run(c, List.of(stage("ingest", () -> {
      throw failure;
    }))));
    assertSame(failure, e);
  }

  private static StageContext context(Path dir) {
    return TestStages.context(dir, CONFIG);
  }

  private static Stage stage(String name, Runnable body) {
    return TestStages.stage(name, body);
  }
}
