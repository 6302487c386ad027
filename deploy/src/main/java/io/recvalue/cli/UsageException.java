package io.recvalue.cli;

/** Bad command-line usage: an unknown subcommand or option, a missing value. Exit code 2. */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
