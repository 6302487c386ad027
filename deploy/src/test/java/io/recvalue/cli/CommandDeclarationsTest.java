package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.recvalue.core.config.ConfigDocs;
import io.recvalue.core.config.ConfigKey;
import io.recvalue.core.config.ConfigSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Every command's help is generated from its declaration, so what it advertises is what it accepts:
 * the options it lists parse, the defaults it shows are the declared (or packaged) ones, and none of
 * its options is one the launcher hands to spark-submit.
 */
class CommandDeclarationsTest {
  /** An option row of the help: the option at column 2 ({@code -h, --help}) or 6, its value label after {@code =}. */
  private static final Pattern OPTION_ROW = Pattern.compile("^(?:  -\\w, |      )(--[a-z][a-z-]*)(=\\S+)?");
  private static final Pattern SYNOPSIS_OPTION = Pattern.compile("(--[a-z][a-z-]*)(=[^\\s\\]]+)?");

  /**
   * The regression test of {@code prune --help}, which once listed {@code --run-date}, {@code --window-days}
   * and {@code --check}, and prune refused them: for every command, every option its help lists (in the
   * synopsis or the option list) parses, with a value where the help shows one.
   */
  @Test
  void everyOptionAHelpListsIsAcceptedByItsCommand() {
    for (Map.Entry<String, CommandLine> command : CommandTree.all().entrySet()) {
      Map<String, Boolean> listed = listedOptions(RecvalueCli.usage(command.getValue()));
      assertTrue(listed.containsKey("--help"), command.getKey() + " lists --help");
      for (Map.Entry<String, Boolean> option : listed.entrySet()) {
        List<String> args = new ArrayList<>(List.of(command.getKey().split(" ")));
        for (var required : command.getValue().getCommandSpec().requiredArgs()) {
          if (required instanceof OptionSpec o) {
            args.addAll(List.of(o.longestName(), "1"));
          }
        }
        args.add(option.getKey());
        if (option.getValue()) {
          args.add("1");
        }
        try {
          RecvalueCli.commandLine().parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
          fail("recvalue " + command.getKey() + " --help lists " + option.getKey() + ", which it rejects: "
              + e.getMessage());
        }
      }
    }
  }

  /** Option name to whether the help shows it taking a value; from the synopsis and the option list. */
  static Map<String, Boolean> listedOptions(String help) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    String synopsis = help.substring(0, help.indexOf("\n\n"));
    Matcher s = SYNOPSIS_OPTION.matcher(synopsis);
    while (s.find()) {
      out.put(s.group(1), s.group(2) != null);
    }
    String options = help.substring(help.indexOf("\nOptions:\n") + 1);
    for (String line : options.substring(0, options.indexOf("\n\n") < 0 ? options.length() : options.indexOf("\n\n"))
        .split("\n")) {
      Matcher m = OPTION_ROW.matcher(line);
      if (m.find()) {
        out.put(m.group(1), m.group(2) != null);
      }
    }
    return out;
  }

  @Test
  void theOptionListerFindsWhatAHelpShows() {
    String help = "usage: recvalue x [-h] --output=DIR [--check]\n\nText --not-an-option.\n\nOptions:\n"
        + "      --output=DIR   Where.\n      --check        Stop:\n                       --not-a-row either.\n"
        + "  -h, --help         Show this help and exit.\n\nFooter --master.";
    assertEquals(Map.of("--output", true, "--check", false, "--help", false), listedOptions(help));
  }

  @Test
  void noCommandDeclaresAnOptionTheLauncherHandsToSpark() throws Exception {
    Set<String> spark = LauncherTest.sparkSubmitOptions();
    assertTrue(spark.containsAll(Set.of("--master", "--deploy-mode", "--conf", "--driver-memory",
        "--executor-memory", "--num-executors", "--files", "--verbose")), spark.toString());
    for (Map.Entry<String, CommandLine> command : CommandTree.all().entrySet()) {
      for (OptionSpec o : command.getValue().getCommandSpec().options()) {
        for (String name : o.names()) {
          assertFalse(spark.contains(name), "recvalue " + command.getKey() + " declares " + name
              + ", which deploy/bin/recvalue passes to spark-submit");
        }
      }
    }
  }

  /**
   * An option that stands for a configuration key names a real key, and its help is the key's
   * documentation with the packaged default; the value goes to the configuration under the option's name.
   */
  @Test
  void optionsThatStandForAKeyShowItsDocumentationAndPackagedDefault() {
    Map<String, String> defaults = ConfigDocs.packagedDefaults();
    int seen = 0;
    for (Map.Entry<String, CommandLine> command : CommandTree.all().entrySet()) {
      String help = RecvalueCli.usage(command.getValue()).replaceAll("\\s+", "");
      for (OptionSpec o : command.getValue().getCommandSpec().options()) {
        String k = o.descriptionKey();
        if (k.isEmpty() || k.startsWith("mixinStandardHelpOptions.")) {
          continue;
        }
        String where = "recvalue " + command.getKey() + " " + o.longestName();
        ConfigKey key = ConfigSchema.find(k).orElseThrow(() -> new AssertionError(where + ": descriptionKey " + k
            + " is not a configuration key"));
        String value = defaults.get(k);
        assertTrue(help.contains(("(" + k + "; default " + (value.isEmpty() ? "empty" : value) + ")")
            .replaceAll("\\s+", "")), where + ": key and packaged default in the help");
        String doc = key.doc().replaceFirst("^recvalue [a-z-]+: ", "").replaceAll("\\s+", "");
        assertTrue(help.contains(doc.substring(1)), where + ": the key's documentation in the help");
        seen++;
      }
    }
    assertTrue(seen >= 17, "value --method, verify-loo --sample --methods, evaluate's five, --window-days of each"
        + " stage command; saw " + seen);
  }

  @Test
  void theDefaultsAHelpShowsAreTheDeclaredOnes() {
    int seen = 0;
    for (Map.Entry<String, CommandLine> command : CommandTree.all().entrySet()) {
      String help = RecvalueCli.usage(command.getValue()).replaceAll("\\s+", " ");
      for (OptionSpec o : command.getValue().getCommandSpec().options()) {
        if (o.defaultValue() != null) {
          assertTrue(help.contains("default " + o.defaultValue()), "recvalue " + command.getKey() + " "
              + o.longestName() + " shows its default " + o.defaultValue());
          seen++;
        }
      }
    }
    assertTrue(seen >= 11, "defaults of demo, prune, generate and the benchmarks; saw " + seen);
  }

  @Test
  void runAndDemoNameEveryStageOfThePipeline() {
    for (String c : List.of("run", "demo")) {
      String description = String.join(" ", CommandTree.all().get(c).getCommandSpec().usageMessage().description());
      for (String stage : Pipeline.names(Pipeline.all())) {
        assertTrue(description.contains(stage), c + " names stage " + stage + ": " + description);
      }
    }
  }
}
