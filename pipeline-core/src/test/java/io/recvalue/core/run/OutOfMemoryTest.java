package io.recvalue.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.testing.SparkTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage that runs out of memory fails with one line naming it and the settings to change; other
 * failures pass through unchanged.
 */
@SparkTest
class OutOfMemoryTest {
  private static final RecvalueConfig CONFIG = ConfigLoader.load(List.of(), List.of("train.rows-per-block=500000"));

  @Test
  void outOfMemoryErrorsAndSparksReportsOfThemAreRecognised() {
    assertTrue(OutOfMemory.causedBy(new OutOfMemoryError("Java heap space")));
    assertTrue(OutOfMemory.causedBy(new RuntimeException("wrapped", new OutOfMemoryError("GC overhead limit exceeded"))));
    // what the driver receives when an executor's task fails with the error (the error stays there)
    assertTrue(OutOfMemory.causedBy(new SparkException("Job aborted due to stage failure: Task 1 in stage 3.0 "
        + "failed 4 times, most recent failure: Lost task 1.3 in stage 3.0 (TID 7) (host executor 2): "
        + "java.lang.OutOfMemoryError: Java heap space")));
    assertTrue(OutOfMemory.causedBy(new SparkException("ExecutorLostFailure (executor 3 exited caused by one of "
        + "the running tasks) Reason: Container killed by YARN for exceeding memory limits. 4.5 GB of 4.4 GB")));
    assertFalse(OutOfMemory.causedBy(new SparkException("Job aborted: java.io.FileNotFoundException: x")));
    assertFalse(OutOfMemory.causedBy(new IllegalStateException("memory of a past run")));
  }

  @Test
  void theLineNamesTheStageAndTheCurrentSettings() {
    String m = OutOfMemory.message("value", CONFIG);
    assertTrue(m.startsWith("stage value ran out of memory: give Spark more (RECVALUE_DRIVER_MEMORY"), m);
    assertTrue(m.contains("--executor-memory") && m.contains("train.rows-per-block=500000")
        && m.contains("train.blocks=0"), m);
    assertFalse(m.contains("\n"), "one line: " + m);
  }

  @Test
  void aStageThatRanOutOfMemoryIsNamedInTheFailureAndTheManifest(@TempDir Path dir) {
    StageContext c = context(dir);
    OutOfMemory e = assertThrows(OutOfMemory.class, () -> StageRunner.run(c, List.of(
        stage("train", () -> { }),
        stage("value", () -> {
          throw new OutOfMemoryError("Java heap space");
        }))));
    assertTrue(e.getMessage().startsWith("stage value ran out of memory"), e.getMessage());
    assertTrue(e.getCause() instanceof OutOfMemoryError);
    assertEquals("value", c.manifest().get(StageRunner.FAILED_STAGE));
  }

  @Test
  void otherFailuresPassThroughUnchanged(@TempDir Path dir) {
    StageContext c = context(dir);
    UncheckedIOException failure = new UncheckedIOException(new IOException("disk full"));
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
