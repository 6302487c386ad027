package io.recvalue.core.run;

import io.recvalue.core.config.RecvalueConfig;
import java.util.Locale;

/**
 * A stage that ran out of memory, told in one line with the settings that change it. Spark reports
 * an executor's {@link OutOfMemoryError} to the driver as a task failure whose message carries the
 * error's class name (the error object itself stays on the executor), so both are recognised; a
 * YARN or Kubernetes container killed for its memory is reported the same way.
 */
public final class OutOfMemory extends RuntimeException {
  /** The exit code of a run that ran out of memory: Spark's own for an executor's. */
  public static final int EXIT_CODE = 52;

  private static final long serialVersionUID = 1L;
  private static final String[] SIGNS = {"java.lang.OutOfMemoryError", "exceeding memory limits",
      "OOMKilled", "exit code 52", "exit code: 52"};

  private OutOfMemory(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code failure}, raised by {@code stage}, as one line naming the stage and the settings. */
  public static OutOfMemory inStage(String stage, RecvalueConfig config, Throwable failure) {
    return new OutOfMemory(message(stage, config), failure);
  }

  /** Whether {@code e} or one of its causes is an out-of-memory error or Spark's report of one. */
  public static boolean causedBy(Throwable e) {
    return Failures.matches(e, SIGNS, OutOfMemoryError.class, OutOfMemory.class);
  }

  /** The line a user sees: the stage (when known), and what to change. */
  public static String message(String stage, RecvalueConfig config) {
    String blocks = config == null ? "" : String.format(Locale.ROOT, " (now train.blocks=%d, train.rows-per-block=%d)",
        config.getInt("train.blocks"), config.getLong("train.rows-per-block"));
    return (stage == null ? "ran out of memory" : "stage " + stage + " ran out of memory")
        + ": give Spark more (RECVALUE_DRIVER_MEMORY or --driver-memory in local mode, --executor-memory on a"
        + " cluster) or cut the data into smaller blocks (--set train.rows-per-block=N lower, or train.blocks=N"
        + " higher, with train.blocks=0 picking by rows" + blocks + ")";
  }
}
