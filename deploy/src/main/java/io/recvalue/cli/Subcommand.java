package io.recvalue.cli;

import io.recvalue.core.run.Console;
import java.util.List;

/**
 * A command that does something once its options are parsed ({@code run}, {@code benchmark als}, ...),
 * unlike a group such as {@code benchmark}, which only names its own commands.
 */
interface Subcommand {
  /**
   * Runs the command; exceptions are mapped to exit codes by {@link RecvalueCli}.
   *
   * @param arguments the words after the command's name, as given (recorded in the run manifest)
   * @return the exit code
   */
  int run(Console console, List<String> arguments) throws Exception;
}
