package io.recvalue.cli;

import io.recvalue.core.config.ConfigSchema;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options that stand for one configuration key ({@code value --method M} is {@code value.method = M}).
 * Such an option is declared once, with the key as its {@code descriptionKey}:
 *
 * <pre>
 *   &#64;Option(names = "--method", paramLabel = "M", descriptionKey = "value.method") String method;
 * </pre>
 *
 * Its help text is then the key's documentation and default ({@link ConfigKeyDescriptions}), and its
 * value, when given, overrides the key after {@code --set} ({@link #given}). The value is checked by
 * the key's type and range when the configuration loads, and an error names the option.
 */
final class ConfigKeyOptions {
  private ConfigKeyOptions() {}

  /** Whether an option stands for a configuration key. */
  static boolean standsForAKey(OptionSpec option) {
    return ConfigSchema.find(option.descriptionKey()).isPresent();
  }

  /** The values given to a command's options that stand for a key, in declaration order. */
  static List<ConfigOverride> given(CommandSpec command) {
    List<ConfigOverride> out = new ArrayList<>();
    for (OptionSpec o : command.options()) {
      if (standsForAKey(o) && o.getValue() != null) {
        out.add(new ConfigOverride(o.descriptionKey(), o.getValue().toString(), o.longestName()));
      }
    }
    return out;
  }
}
