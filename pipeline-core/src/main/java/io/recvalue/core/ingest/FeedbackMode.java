package io.recvalue.core.ingest;

/** What the rating column means. See {@code pipeline-core/INGEST.md}. */
public enum FeedbackMode {
  /** Ratings on a scale; the rating column is required. */
  EXPLICIT,
  /** Counts or clicks: the rating column is optional (absent means 1 per interaction) and must not be negative. */
  IMPLICIT,
  /**  */
  ;

  /** Parses the config spelling (e.g. {@code "implicit"}); {@code setting} names the key in the error. */
  public static FeedbackMode parse(String setting, String text) {
    return ConfigValues.parse(FeedbackMode.class, setting, text);
  }

  @Override
  public String toString() {
    return ConfigValues.spelling(this);
  }
}
