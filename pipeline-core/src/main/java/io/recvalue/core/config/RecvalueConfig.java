package io.recvalue.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A resolved, validated, immutable configuration: every key of {@link ConfigSchema} with its typed
 * value, plus the {@code spark.*} pass-through settings. Built by {@link ConfigLoader}.
 */
public final class RecvalueConfig {
  /** Keys whose values are never printed or written: passwords, tokens, secrets, credentials. */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|passwd|secret|token|credential|access[.-]?key|private[.-]?key).*");

  private final Map<String, Object> values;
  private final Map<String, String> sparkSettings;
  private final Map<String, String> sources;

  RecvalueConfig(Map<String, Object> values, Map<String, String> sparkSettings, Map<String, String> sources) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.sparkSettings = Collections.unmodifiableMap(new TreeMap<>(sparkSettings));
    this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }

  private Object require(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException("unknown configuration key " + key);
    }
    return values.get(key);
  }

  public int getInt(String key) {
    return (Integer) require(key);
  }

  public long getLong(String key) {
    return (Long) require(key);
  }

  public double getDouble(String key) {
    return (Double) require(key);
  }

  /** An optional number: empty when the key is set to the empty string. */
  public Optional<Double> getOptionalDouble(String key) {
    return Optional.ofNullable((Double) require(key));
  }

  public boolean getBoolean(String key) {
    return (Boolean) require(key);
  }

  public String getString(String key) {
    return (String) require(key);
  }

  /** An optional string: empty when the key is set to the empty string. */
  public Optional<String> getOptionalString(String key) {
    String v = getString(key);
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /**
   * This configuration with one key set, the value parsed and checked as a {@code --set} would be
   * (a bad value fails naming the key, the value and {@code source}); used where one stage runs a
   * method at several settings, e.g. a benchmark's parameter sweep.
   */
  public RecvalueConfig with(String key, String value, String source) {
    ConfigKey k = ConfigSchema.find(key)
        .orElseThrow(() -> new IllegalArgumentException("unknown configuration key " + key));
    Map<String, Object> v = new LinkedHashMap<>(values);
    v.put(key, k.parse(value, source));
    Map<String, String> s = new LinkedHashMap<>(sources);
    s.put(key, source);
    return new RecvalueConfig(v, sparkSettings, s);
  }

  /** The {@code spark.*} settings to apply to the Spark session, unredacted (they may hold secrets). */
  public Map<String, String> sparkSettings() {
    return sparkSettings;
  }

  /** Where each key's value came from: {@code defaults}, a file and line, or {@code --set}. */
  public Map<String, String> sources() {
    return sources;
  }

  /** True when a key looks like it holds a secret; its value is redacted in logs and manifests. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  /**
   * Every key and value as text, sorted, secrets replaced by {@code *****}: what is logged and
   * written to the run manifest.
   */
  public Map<String, String> toRedactedMap() {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, isSecretKey(k) ? "*****" : v == null ? "" : v.toString()));
    sparkSettings.forEach((k, v) -> out.put(k, isSecretKey(k) ? "*****" : v));
    return out;
  }

  /**
   * The settings whose value differs from {@code base} (the packaged defaults, say), and the
   * {@code spark.*} settings {@code base} lacks: key to value, sorted, secrets redacted as in
   * {@link #toRedactedMap()}. Values are compared as parsed, so {@code 0.10} equals {@code 0.1}.
   */
  public Map<String, String> redactedDifferencesFrom(RecvalueConfig base) {
    Map<String, String> redacted = toRedactedMap();
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (!Objects.equals(v, base.values.get(k))) {
        out.put(k, redacted.get(k));
      }
    });
    sparkSettings.forEach((k, v) -> {
      if (!v.equals(base.sparkSettings.get(k))) {
        out.put(k, redacted.get(k));
      }
    });
    return out;
  }

  /**
   * SHA-256 of the resolved configuration (sorted {@code key=value} lines, secrets included so that
   * two runs with different credentials hash differently, but never shown): identifies a run's settings.
   */
  public String hash() {
    StringBuilder sb = new StringBuilder();
    Map<String, String> all = new TreeMap<>();
    values.forEach((k, v) -> all.put(k, v == null ? "" : v.toString()));
    all.putAll(sparkSettings);
    all.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
