package io.recvalue.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a configuration from layers, later layers overriding earlier ones:
 *
 * <ol>
 *   <li>the defaults packaged in the jar ({@code conf/defaults.properties});
 *   <li>config files given with {@code --config}, in order (e.g. {@code conf/yarn.properties},
 *       then a job-specific file);
 *   <li>{@code --set key=value} overrides, in order.
 * </ol>
 *
 * Files use the plain {@code key = value} format, {@code #} comments. Each value is parsed and
 * range-checked by its {@link ConfigKey}; an unknown key (outside {@code spark.*}) fails with a
 * "did you mean" hint. All of this happens before any Spark session exists.
 */
public final class ConfigLoader {
  /** Classpath location of the packaged defaults. */
  public static final String DEFAULTS_RESOURCE = "/recvalue-conf/defaults.properties";

  private final Map<String, String> raw = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();

  /** A loader holding the packaged defaults. */
  public ConfigLoader() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("packaged defaults missing: " + DEFAULTS_RESOURCE);
      }
      addLines(new String(in.readAllBytes(), StandardCharsets.UTF_8), "defaults");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read packaged defaults", e);
    }
  }

  /** Adds a config file layer. */
  public ConfigLoader addFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    addLines(text, file.toString());
    return this;
  }

  /** Adds one {@code key=value} override, as given to {@code --set}. */
  public ConfigLoader addOverride(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "--set expects key=value, got '" + assignment + "' (e.g. --set train.rank=16)");
    }
    return addOverride(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim(), "--set");
  }

  /**
   * Adds one override from elsewhere than {@code --set}: a command-line option that stands for a key
   * ({@code --method} for {@code value.method}); {@code source} is what messages name.
   */
  public ConfigLoader addOverride(String key, String value, String source) {
    put(key, value, source);
    return this;
  }

  /** Adds every override of a list. */
  public ConfigLoader addOverrides(List<String> assignments) {
    assignments.forEach(this::addOverride);
    return this;
  }

  private void addLines(String text, String source) {
    String[] lines = text.split("\\R", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            source + ":" + (n + 1) + ": expected 'key = value', got '" + line + "'");
      }
      put(line.substring(0, eq).strip(), line.substring(eq + 1).strip(), source + ":" + (n + 1));
    }
  }

  private void put(String key, String value, String source) {
    if (!key.startsWith(ConfigSchema.SPARK_PREFIX) && ConfigSchema.find(key).isEmpty()) {
      String hint = ConfigSchema.closest(key).map(k -> "; did you mean " + k + "?").orElse("");
      throw new ConfigException(
          key, RecvalueConfig.isSecretKey(key) ? "*****" : value, source, "is not a known key" + hint);
    }
    raw.put(key, value);
    sources.put(key, source);
  }

  /** Parses and validates every value. */
  public RecvalueConfig load() {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> spark = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (ConfigKey key : ConfigSchema.keys()) {
      String v = raw.get(key.name());
      if (v == null) {
        missing.add(key.name());
        continue;
      }
      values.put(key.name(), key.parse(v, sources.get(key.name())));
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("packaged defaults lack keys " + missing);
    }
    raw.forEach((k, v) -> {
      if (k.startsWith(ConfigSchema.SPARK_PREFIX)) {
        spark.put(k, v);
      }
    });
    return new RecvalueConfig(values, spark, sources);
  }

  /** The packaged defaults alone. */
  public static RecvalueConfig defaults() {
    return new ConfigLoader().load();
  }

  /** Convenience: defaults, then files, then overrides. */
  public static RecvalueConfig load(List<Path> files, List<String> overrides) {
    ConfigLoader loader = new ConfigLoader();
    files.forEach(loader::addFile);
    loader.addOverrides(overrides);
    return loader.load();
  }
}
