package io.recvalue.cli;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * What a user reads when the command line does not parse: one line naming the word or option at
 * fault, then where to find the command's help, e.g.
 *
 * <pre>
 * recvalue train: unknown option --ouput (valid: --output, --config, ...)
 * Try 'recvalue train --help'.
 * </pre>
 *
 * An unknown word where a command belongs gets the command list instead.
 */
final class UsageErrors {
  private UsageErrors() {}

  /** The message for a parse failure of {@code args}. */
  static String describe(ParameterException e, List<String> args) {
    CommandLine where = e.getCommandLine();
    List<String> unmatched = where.getUnmatchedArguments();
    if (where.getParent() == null && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
      return "recvalue: unknown command '" + unmatched.get(0) + "'\n\n" + RecvalueCli.usage(where);
    }
    return withHint(where, problem(e, where, unmatched, args));
  }

  /** The message when a group ({@code recvalue}, {@code recvalue benchmark}) is given no command. */
  static String noCommandChosen(CommandLine group) {
    if (group.getParent() == null) {
      return RecvalueCli.usage(group);
    }
    return withHint(group, "name one of its commands: " + String.join(", ", group.getSubcommands().keySet()));
  }

  private static String withHint(CommandLine where, String problem) {
    String command = where.getCommandSpec().qualifiedName(" ");
    return command + ": " + problem + "\nTry '" + command + " --help'.";
  }

  private static String problem(ParameterException e, CommandLine where, List<String> unmatched, List<String> args) {
    if (!unmatched.isEmpty()) {
      String word = unmatched.get(0);
      if (!word.startsWith("-")) {
        return "unexpected argument " + word;
      }
      return "unknown option " + word.replaceFirst("=.*", "") + " (valid: " + where.getCommandSpec().options().stream()
          .sorted(Comparator.comparingInt(OptionSpec::order)).map(OptionSpec::longestName)
          .collect(Collectors.joining(", ")) + ")";
    }
    if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
      ArgSpec arg = missing.getMissing().get(0);
      if (arg instanceof OptionSpec option) {
        return (given(option, args) ? "option " + option.longestName() + " needs a value"
            : "missing required option " + option.longestName());
      }
      return "missing " + arg.paramLabel();
    }
    String message = e.getMessage();
    return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }

  /** Whether the option was on the command line (so it was its value that was missing). */
  private static boolean given(OptionSpec option, List<String> args) {
    for (String a : args) {
      for (String name : option.names()) {
        if (a.equals(name) || a.startsWith(name + "=")) {
          return true;
        }
      }
    }
    return false;
  }
}
