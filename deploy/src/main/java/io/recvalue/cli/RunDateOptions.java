package io.recvalue.cli;

import io.recvalue.core.run.RunDate;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --run-date DATE} and {@code --window-days N}: a nightly run's partition and input window. */
final class RunDateOptions {
  static final String PARTITION_BY_RUN_DATE = "output.partition-by-run-date";

  @Option(names = "--run-date", paramLabel = "DATE", order = 70,
      description = "Write the run as the partition DIR/run_date=DATE (YYYY-MM-DD, or today in UTC), turning on "
          + PARTITION_BY_RUN_DATE + "; re-running a date replaces its partition, and _RUN_STATUS.json is written last.")
  private String date;

  /** Applied through {@link ConfigKeyOptions}. */
  @Option(names = "--window-days", paramLabel = "N", order = 71, descriptionKey = "input.window-days")
  private String windowDays;

  /** {@code run.date = DATE} and date partitioning on, when {@code --run-date} is given. */
  List<ConfigOverride> overrides() {
    if (date == null) {
      return List.of();
    }
    return List.of(new ConfigOverride(RunDate.KEY, date, "--run-date"),
        new ConfigOverride(PARTITION_BY_RUN_DATE, "true", "--run-date"));
  }
}
