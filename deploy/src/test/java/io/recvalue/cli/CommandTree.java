package io.recvalue.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Every command of {@code recvalue}, by the words that call it ({@code run}, {@code benchmark als}). */
final class CommandTree {
  private CommandTree() {}

  /** Each command, groups included, in the order {@code recvalue --help} lists them. */
  static Map<String, CommandLine> all() {
    Map<String, CommandLine> out = new LinkedHashMap<>();
    collect(RecvalueCli.commandLine(), out);
    return out;
  }

  static List<String> paths() {
    return new ArrayList<>(all().keySet());
  }

  private static void collect(CommandLine command, Map<String, CommandLine> out) {
    for (CommandLine sub : command.getSubcommands().values()) {
      out.put(RecvalueCli.nameOf(sub.getCommandSpec()), sub);
      collect(sub, out);
    }
  }
}
