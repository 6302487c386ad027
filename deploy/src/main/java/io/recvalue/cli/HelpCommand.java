package io.recvalue.cli;

import io.recvalue.core.run.Console;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recvalue help [COMMAND...]}: the same text as {@code recvalue [COMMAND...] --help}. */
@Command(name = "help", description = "Show the help of recvalue, or of a command ('help benchmark als').")
final class HelpCommand implements Subcommand {
  @Mixin
  HelpOption help;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command, and its subcommand if it has one.")
  List<String> names = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public int run(Console console, List<String> arguments) {
    CommandLine command = spec.root().commandLine();
    for (String name : names) {
      CommandLine sub = command.getSubcommands().get(name);
      if (sub == null) {
        throw new UsageException("unknown command '" + name + "' (valid: "
            + String.join(", ", command.getSubcommands().keySet()) + ")");
      }
      command = sub;
    }
    console.summary("%s", RecvalueCli.usage(command));
    return ExitCodes.OK;
  }
}
