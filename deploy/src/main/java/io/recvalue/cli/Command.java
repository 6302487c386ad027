package io.recvalue.cli;

import io.recvalue.core.run.Console;

/** A subcommand of {@code recvalue}. */
public interface Command {
  /** The word that selects it: {@code run}, {@code demo}, ... */
  String name();

  /** One line for the command list. */
  String summary();

  /** The full {@code --help} text. */
  String help();

  /** Runs it; returns the exit code. Exceptions are mapped to exit codes by {@link RecvalueCli}. */
  int run(java.util.List<String> args, Console console) throws Exception;
}
