package io.recvalue.core.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines (to standard error, prefixed by the stage) and the final summary (to standard
 * output), so a user can pipe the summary and still watch progress.
 */
public final class Console {
  private final PrintStream progress;
  private final PrintStream summary;

  public Console(PrintStream progress, PrintStream summary) {
    this.progress = progress;
    this.summary = summary;
  }

  /** The console on standard error / standard output. */
  public static Console standard() {
    return new Console(System.err, System.out);
  }

  /** A progress line, e.g. {@code [train] sweep 3/50: objective 1.234500e+04, 2.1 s}. */
  public void progress(String stage, String format, Object... args) {
    progress.println("[" + stage + "] " + String.format(Locale.ROOT, format, args));
    progress.flush();
  }

  /** A summary line. */
  public void summary(String format, Object... args) {
    summary.println(String.format(Locale.ROOT, format, args));
    summary.flush();
  }
}
