package io.recvalue.core.run;

import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * A stage that ran out of scratch disk, told in one line with where Spark writes and what to change. Spark
 * keeps its shuffle files, the cached tables it cannot hold in memory and, in local mode, everything of the
 * driver's executor under {@code spark.local.dir} (or {@code SPARK_LOCAL_DIRS}, which overrides it); a task
 * that fills that disk fails with the operating system's "No space left on device", which reaches the driver
 * inside the message of Spark's task failure, with the executor's stack trace.
 */
public final class OutOfScratchDisk extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final String[] SIGNS = {"No space left on device", "Disk quota exceeded"};

  private OutOfScratchDisk(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code failure}, raised by {@code stage}, as one line naming the stage and Spark's scratch folders. */
  public static OutOfScratchDisk inStage(String stage, SparkConf conf, Throwable failure) {
    return new OutOfScratchDisk(message(stage, localDirs(conf)), failure);
  }

  /** Whether {@code e} or one of its causes is a full disk, or Spark's report of one. */
  public static boolean causedBy(Throwable e) {
    return Failures.matches(e, SIGNS, OutOfScratchDisk.class);
  }

  /**
   * Spark's scratch folders for {@code conf}: {@code SPARK_LOCAL_DIRS} when set (it overrides the setting, as
   * in Spark), else {@code spark.local.dir}, else the JVM's temporary folder. On YARN the node managers' local
   * folders take their place; this is what the driver sees.
   */
  static String localDirs(SparkConf conf) {
    String env = System.getenv("SPARK_LOCAL_DIRS");
    if (env != null && !env.isBlank()) {
      return env + " (SPARK_LOCAL_DIRS)";
    }
    return conf != null && conf.contains("spark.local.dir") ? conf.get("spark.local.dir")
        : System.getProperty("java.io.tmpdir");
  }

  /** The line a user sees: the stage (when known), the scratch folders (when known), and what to change. */
  public static String message(String stage, String localDirs) {
    return String.format(Locale.ROOT, "%s ran out of scratch disk (No space left on device)%s: point spark.local.dir"
        + " (or SPARK_LOCAL_DIRS; on YARN the node managers' local folders) at disks with more room, or free"
        + " space there; the value stage needs about 1 KB per training row (deploy/README.md, sizing)",
        stage == null ? "a stage" : "stage " + stage, localDirs == null ? "" : " in " + localDirs);
  }
}
