package io.recvalue.core.run;

import io.recvalue.core.config.RecvalueConfig;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The date a run is for: {@code run.date}, or today in UTC when it is empty or {@code today}. A
 * nightly job that runs after midnight for the day before passes the date explicitly
 * ({@code --run-date 2026-11-22}); the date names the output partition and ends the trailing
 * input window, so re-running a past date reproduces that day's run.
 */
public final class RunDate {
  public static final String KEY = "run.date";

  private RunDate() {}

  /** The configured date, or today (UTC). */
  public static LocalDate of(RecvalueConfig config) {
    return isExplicit(config) ? LocalDate.parse(config.getString(KEY)) : LocalDate.now(ZoneOffset.UTC);
  }

  /** Whether {@code run.date} names a day (rather than being empty or {@code today}). */
  public static boolean isExplicit(RecvalueConfig config) {
    String v = config.getString(KEY);
    return !v.isEmpty() && !v.equals("today");
  }

  /** The name of the output partition of a date: {@code run_date=YYYY-MM-DD}. */
  public static String partitionName(LocalDate date) {
    return "run_date=" + date;
  }
}
