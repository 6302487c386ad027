package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.run.OutOfMemory;
import io.recvalue.core.run.OutOfScratchDisk;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** Out of memory has its own exit code (Spark's, 52) and a one-line message saying what to change. */
class ExitCodesTest {
  @Test
  void aStageOutOfMemoryKeepsItsLine() {
    OutOfMemory e = OutOfMemory.inStage("value", ConfigLoader.load(List.of(), List.of()),
        new OutOfMemoryError("Java heap space"));
    ExitCodes.Failure f = ExitCodes.failure("run", e);
    assertEquals(52, f.code());
    assertEquals("recvalue: run: " + e.getMessage(), f.message());
  }

  @Test
  void anOutOfMemoryOutsideAStageStillSaysWhatToChange() {
    ExitCodes.Failure f = ExitCodes.failure("benchmark value", new SparkException(
        "Job aborted due to stage failure: Lost task 0.0 (TID 3): java.lang.OutOfMemoryError: Java heap space"));
    assertEquals(ExitCodes.OUT_OF_MEMORY, f.code());
    assertEquals("recvalue: benchmark value: " + OutOfMemory.message(null, null), f.message());
  }

  @Test
  void aFullScratchDiskIsOneLineNotSparksStackTraces() {
    SparkException report = new SparkException("Job aborted due to stage failure: Lost task 31.0 (TID 2947):"
        + " java.io.IOException: No space left on device\n\tat java.base/java.io.FileOutputStream.writeBytes(Native"
        + " Method)");
    ExitCodes.Failure f = ExitCodes.failure("value", report);
    assertEquals(ExitCodes.RUNTIME_FAILURE, f.code());
    assertEquals("recvalue: value: " + OutOfScratchDisk.message(null, null), f.message());
    OutOfScratchDisk named = OutOfScratchDisk.inStage("value", new SparkConf(false).set("spark.local.dir", "/mnt/s"),
        report);
    assertEquals("recvalue: run: " + named.getMessage(), ExitCodes.failure("run", named).message());
  }

  @Test
  void otherRuntimeFailuresStayExitCodeOne() {
    assertEquals(ExitCodes.RUNTIME_FAILURE, ExitCodes.failure("run", new SparkException("Job aborted")).code());
  }
}
