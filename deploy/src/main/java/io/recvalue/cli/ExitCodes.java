package io.recvalue.cli;

/**
 * Process exit codes, distinct per kind of failure so that schedulers can tell them apart.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>runtime failure (Spark, filesystem, out of memory, a bug)</td></tr>
 *   <tr><td>2</td><td>bad usage or bad configuration: nothing was run</td></tr>
 *   <tr><td>3</td><td>bad input data: the log is unreadable, empty, misses a column, or has too
 *       many bad rows (the quarantine was written)</td></tr>
 * </table>
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int RUNTIME_FAILURE = 1;
  public static final int BAD_USAGE_OR_CONFIG = 2;
  public static final int BAD_INPUT = 3;

  private ExitCodes() {}

  /** The exit code of a failure. */
  public static int of(Throwable e) {
    if (e instanceof UsageException || e instanceof io.recvalue.core.config.ConfigException) {
      return BAD_USAGE_OR_CONFIG;
    }
    if (e instanceof io.recvalue.core.ingest.IngestException) {
      return BAD_INPUT;
    }
    return RUNTIME_FAILURE;
  }
}
