package io.recvalue.core.config;

/**
 * A configuration error, raised before Spark starts. The message always names the key and the
 * value, and where the value came from, e.g.
 * {@code train.rank = 0 (from --set) is out of range [1, 1000]}.
 */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ConfigException(String key, String value, String source, String problem) {
    super(key + " = " + value + " (from " + source + ") " + problem);
    this.key = key;
  }

  public ConfigException(String message) {
    super(message);
    this.key = null;
  }

  /**
   * Builds a stage's settings from the configuration, turning the settings' own validation error
   * (valid key by key, inconsistent together) into a configuration error before Spark starts.
   */
  public static void checkSettings(String stage, Runnable build) {
    try {
      build.run();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("inconsistent " + stage + " settings: " + e.getMessage());
    }
  }

  /** The offending key, or null when the error is not about one key. */
  public String key() {
    return key;
  }
}
