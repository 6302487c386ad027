package io.recvalue.cli;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.run.Console;
import java.util.Map;

/**
 * The configuration as a command announces it before it starts: its hash, then one line per setting
 * that differs from the packaged defaults, with where its value came from. (The whole resolved
 * configuration goes to {@code manifest.json}.)
 *
 * <pre>
 * [run] configuration 3f2a9c1b0d4e: 2 settings differ from the defaults
 * [run]   input.user-col = userId (conf/yarn.properties:12)
 * [run]   train.rank = 16 (--set)
 * </pre>
 */
final class ConfigReport {
  private ConfigReport() {}

  static void print(Console console, String command, RecvalueConfig config) {
    Map<String, String> changed = config.redactedDifferencesFrom(ConfigLoader.defaults());
    String hash = config.hash().substring(0, 12);
    if (changed.isEmpty()) {
      console.progress(command, "configuration %s: the defaults", hash);
      return;
    }
    console.progress(command, "configuration %s: %d setting%s from the defaults", hash, changed.size(),
        changed.size() == 1 ? " differs" : "s differ");
    changed.forEach((key, value) -> console.progress(command, "  %s = %s (%s)", key,
        value.isEmpty() ? "(empty)" : value, config.sources().getOrDefault(key, "unknown source")));
  }
}
