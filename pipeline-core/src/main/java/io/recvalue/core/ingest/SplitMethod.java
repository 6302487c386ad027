package io.recvalue.core.ingest;

/** How each user's interactions are split into train, validation and test. See {@code pipeline-core/INGEST.md}. */
public enum SplitMethod {
  /** {@link #TIME} when the log has timestamps, else {@link #RANDOM}. */
  AUTO,
  /** Each user's latest interactions go to test, the ones before to validation. */
  TIME,
  /** A seeded random choice per user that does not depend on partitioning. */
  RANDOM;

  /** Parses the config spelling (e.g. {@code "time"}); {@code setting} names the key in the error. */
  public static SplitMethod parse(String setting, String text) {
    return ConfigValues.parse(SplitMethod.class, setting, text);
  }

  @Override
  public String toString() {
    return ConfigValues.spelling(this);
  }
}
