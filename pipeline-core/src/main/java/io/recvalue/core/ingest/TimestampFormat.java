package io.recvalue.core.ingest;

/** How timestamp values are read. See {@code pipeline-core/INGEST.md}. */
public enum TimestampFormat {
  /** Numbers are epoch seconds, anything else is ISO-8601; Parquet timestamp and date columns are converted. */
  AUTO,
  /** Seconds since 1970-01-01T00:00:00Z, an integer or a decimal (the fraction is dropped). */
  EPOCH_SECONDS,
  /** An ISO-8601 date-time with an offset or {@code Z}, a local date-time (read as UTC), or a date (midnight UTC). */
  ISO_8601;

  /** Parses the config spelling (e.g. {@code "epoch-seconds"}); {@code setting} names the key in the error. */
  public static TimestampFormat parse(String setting, String text) {
    return ConfigValues.parse(TimestampFormat.class, setting, text);
  }

  @Override
  public String toString() {
    return ConfigValues.spelling(this);
  }
}
