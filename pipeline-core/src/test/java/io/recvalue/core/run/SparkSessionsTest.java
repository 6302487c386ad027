package io.recvalue.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The cleaner settings a run adds: only those the user left unset, on the command line or in the configuration. */
class SparkSessionsTest {
  private static final String GC = "spark.cleaner.periodicGC.interval";
  private static final String CHECKPOINTS = "spark.cleaner.referenceTracking.cleanCheckpoints";

  @Test
  void unsetCleanerSettingsGetTheRunsDefaults() {
    assertEquals(Map.of(GC, "1min", CHECKPOINTS, "true"), SparkSessions.cleanerDefaults(new SparkConf(false), Map.of()));
  }

  @Test
  void theUsersChoiceWinsFromEitherPlace() {
    SparkConf submitted = new SparkConf(false).set(GC, "30min");
    assertEquals(Map.of(CHECKPOINTS, "true"), SparkSessions.cleanerDefaults(submitted, Map.of()));
    assertEquals(Map.of(GC, "1min"), SparkSessions.cleanerDefaults(new SparkConf(false), Map.of(CHECKPOINTS, "false")));
    assertEquals(Map.of(), SparkSessions.cleanerDefaults(submitted, Map.of(CHECKPOINTS, "false")));
  }
}
