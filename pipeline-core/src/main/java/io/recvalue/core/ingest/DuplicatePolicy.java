package io.recvalue.core.ingest;

/** How repeated (user, item) pairs are merged into one interaction. See {@code pipeline-core/INGEST.md}. */
public enum DuplicatePolicy {
  /** Keep the row with the largest timestamp (ties: larger rating, then larger weight); needs timestamps. */
  LATEST,
  /** Mean rating, mean weight, largest timestamp. */
  MEAN,
  /** Sum of ratings (implicit counts), mean weight, largest timestamp. */
  SUM;

  /** Parses the config spelling (e.g. {@code "mean"}); {@code setting} names the key in the error. */
  public static DuplicatePolicy parse(String setting, String text) {
    return ConfigValues.parse(DuplicatePolicy.class, setting, text);
  }

  @Override
  public String toString() {
    return ConfigValues.spelling(this);
  }
}
