package io.recvalue.core.ingest;

import java.util.Objects;

/**
 * The input log cannot be turned into training data: the path is missing or unreadable, a column is
 * missing or of the wrong type, the log is empty, or too many rows are bad.
 *
 * <p>The message is written for the person who supplied the log: it names the file, the column and
 * a sample of the offending row where there is one. The {@link Category} is what the job runner maps
 * to a process exit code.
 */
public class IngestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is; each maps to one exit code of the command-line jobs. */
  public enum Category {
    /** The input data (not the configuration, not the cluster) is at fault. */
    BAD_INPUT
  }

  private final Category category;

  public IngestException(Category category, String message) {
    super(message);
    this.category = Objects.requireNonNull(category, "category");
  }

  public IngestException(Category category, String message, Throwable cause) {
    super(message, cause);
    this.category = Objects.requireNonNull(category, "category");
  }

  /** A {@link Category#BAD_INPUT} failure. */
  static IngestException badInput(String message) {
    return new IngestException(Category.BAD_INPUT, message);
  }

  /** A {@link Category#BAD_INPUT} failure caused by an exception from the file system or Spark. */
  static IngestException badInput(String message, Throwable cause) {
    return new IngestException(Category.BAD_INPUT, message, cause);
  }

  public Category category() {
    return category;
  }
}
