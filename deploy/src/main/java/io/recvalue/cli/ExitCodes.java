package io.recvalue.cli;

/**
 * Process exit codes, distinct per kind of failure so that schedulers can tell them apart.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>runtime failure (Spark, filesystem, out of scratch disk, a bug); out of scratch disk in
 *       one line naming Spark's scratch folders</td></tr>
 *   <tr><td>2</td><td>bad usage or bad configuration: nothing was run</td></tr>
 *   <tr><td>3</td><td>bad input data: the log is unreadable, empty, misses a column, or has too
 *       many bad rows (the quarantine was written)</td></tr>
 *   <tr><td>52</td><td>out of memory (Spark's code for an executor's; the console line names the
 *       stage and the settings to change)</td></tr>
 * </table>
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int RUNTIME_FAILURE = 1;
  public static final int BAD_USAGE_OR_CONFIG = 2;
  public static final int BAD_INPUT = 3;
  public static final int OUT_OF_MEMORY = io.recvalue.core.run.OutOfMemory.EXIT_CODE;

  private ExitCodes() {}

  /** The exit code of a failure. */
  public static int of(Throwable e) {
    return failure("recvalue", e).code();
  }

  /** A failed command's exit code and the one-line message the console shows for it. */
  record Failure(int code, String message) {}

  /**
   * The exit code and console message of a failure of {@code command}: usage and configuration errors
   * and bad input name the problem (their messages are written for users); anything else is a runtime
   * failure, reported with its root cause.
   */
  static Failure failure(String command, Throwable e) {
    if (e instanceof UsageException) {
      return new Failure(BAD_USAGE_OR_CONFIG, "recvalue " + command + ": " + e.getMessage() + "\nTry 'recvalue "
          + command + " --help'.");
    }
    if (e instanceof io.recvalue.core.config.ConfigException) {
      return new Failure(BAD_USAGE_OR_CONFIG, "recvalue: configuration error: " + e.getMessage());
    }
    if (e instanceof io.recvalue.core.ingest.IngestException) {
      return new Failure(BAD_INPUT, "recvalue: bad input: " + e.getMessage());
    }
    if (io.recvalue.core.run.OutOfMemory.causedBy(e)) {
      return new Failure(OUT_OF_MEMORY, "recvalue: " + command + ": " + (e instanceof io.recvalue.core.run.OutOfMemory
          ? e.getMessage() : io.recvalue.core.run.OutOfMemory.message(null, null)));
    }
    if (io.recvalue.core.run.OutOfScratchDisk.causedBy(e)) {
      return new Failure(RUNTIME_FAILURE, "recvalue: " + command + ": " + (e instanceof io.recvalue.core.run.OutOfScratchDisk
          ? e.getMessage() : io.recvalue.core.run.OutOfScratchDisk.message(null, null)));
    }
    return new Failure(RUNTIME_FAILURE, "recvalue: " + command + " failed: " + describe(e));
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e) : e + " (cause: " + root + ")";
  }
}
