package io.recvalue.core.ingest;

/** How the input files are read. See {@code pipeline-core/INGEST.md}. */
public enum InputFormat {
  /** Decide from the file extensions, then from the first bytes (Parquet files start with {@code PAR1}). */
  AUTO,
  /** Delimited text with a header row, optionally compressed (gzip, bzip2: by extension). */
  CSV,
  /** Apache Parquet. */
  PARQUET;

  /** Parses the config spelling (e.g. {@code "csv"}); {@code setting} names the key in the error. */
  public static InputFormat parse(String setting, String text) {
    return ConfigValues.parse(InputFormat.class, setting, text);
  }

  @Override
  public String toString() {
    return ConfigValues.spelling(this);
  }
}
