package io.recvalue.cli;

import io.recvalue.core.config.ConfigDocs;
import io.recvalue.core.config.ConfigKey;
import io.recvalue.core.config.ConfigSchema;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The help text of options that stand for a configuration key ({@link ConfigKeyOptions}): under the
 * key's name, its documentation from {@link ConfigSchema} and its packaged default, e.g.
 * {@code Largest number of conjugate gradient iterations. (value.cg-max-iter; default 100)}.
 */
final class ConfigKeyDescriptions extends ResourceBundle {
  private static final Pattern COMMAND_PREFIX = Pattern.compile("^recvalue [a-z-]+: ");
  private final Map<String, String> defaults = ConfigDocs.packagedDefaults();

  @Override
  protected Object handleGetObject(String key) {
    return ConfigSchema.find(key).map(this::describe).orElse(null);
  }

  @Override
  protected Set<String> handleKeySet() {
    return ConfigSchema.keys().stream().map(ConfigKey::name).collect(Collectors.toSet());
  }

  @Override
  public Enumeration<String> getKeys() {
    return Collections.enumeration(handleKeySet());
  }

  /**
   * The text. A key documented as one command's ({@code recvalue evaluate: ...}) drops that prefix: in
   * the command's own help it goes without saying. {@code %} and {@code $} are escaped, since help texts
   * are format strings with variables.
   */
  String describe(ConfigKey key) {
    String doc = COMMAND_PREFIX.matcher(key.doc()).replaceFirst("");
    String value = defaults.getOrDefault(key.name(), "");
    String text = Character.toUpperCase(doc.charAt(0)) + doc.substring(1);
    return escaped(text) + "%n" + escaped("(" + key.name() + "; default " + (value.isEmpty() ? "empty" : value) + ")");
  }

  private static String escaped(String text) {
    return text.replace("%", "%%").replace("${", "$${");
  }
}
