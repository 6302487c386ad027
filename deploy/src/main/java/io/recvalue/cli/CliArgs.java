package io.recvalue.cli;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parsed arguments of one subcommand: {@code --name value} options (repeatable ones collect a
 * list), {@code --flag} switches and positional words. Unknown options are a usage error naming the
 * option and listing the valid ones.
 */
public final class CliArgs {
  private final Map<String, List<String>> options = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();
  private final Set<String> flags;

  private CliArgs(Set<String> flags) {
    this.flags = flags;
  }

  /**
   * Parses arguments.
   *
   * @param args the words after the subcommand
   * @param valued options that take a value ({@code --input}); {@code --name=value} is accepted too
   * @param flags options without a value ({@code --help})
   */
  public static CliArgs parse(List<String> args, Set<String> valued, Set<String> flags) {
    CliArgs out = new CliArgs(flags);
    for (int n = 0; n < args.size(); n++) {
      String a = args.get(n);
      if (!a.startsWith("--")) {
        out.positional.add(a);
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (flags.contains(name) && value == null) {
        out.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (n + 1 >= args.size()) {
            throw new UsageException("option " + name + " needs a value");
          }
          value = args.get(++n);
        }
        out.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        List<String> valid = new ArrayList<>(valued);
        valid.addAll(flags);
        throw new UsageException("unknown option " + name + " (valid: " + String.join(", ", valid) + ")");
      }
    }
    return out;
  }

  public boolean flag(String name) {
    if (!flags.contains(name)) {
      throw new IllegalArgumentException("not a flag: " + name);
    }
    return options.containsKey(name);
  }

  /** The last value of an option. */
  public Optional<String> value(String name) {
    List<String> v = options.get(name);
    return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
  }

  /** A required option, or a usage error naming it. */
  public String require(String name) {
    return value(name).orElseThrow(() -> new UsageException("missing required option " + name));
  }

  /** Every value of a repeatable option, in order. */
  public List<String> values(String name) {
    return options.getOrDefault(name, List.of());
  }

  public List<String> positional() {
    return positional;
  }

  /** Refuses positional arguments: {@code command} takes options only. */
  public void requireNoPositional(String command) {
    if (!positional.isEmpty()) {
      throw new UsageException("unexpected argument " + positional.get(0) + " for " + command);
    }
  }

  /** The configuration of {@code --config FILE} (repeatable) and {@code --set key=value} (repeatable). */
  public RecvalueConfig config() {
    return ConfigLoader.load(values("--config").stream().map(Path::of).collect(Collectors.toList()), values("--set"));
  }
}
