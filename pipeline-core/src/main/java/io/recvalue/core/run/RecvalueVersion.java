package io.recvalue.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of recvalue in use: the project version the build wrote into {@code version.properties}
 * beside this class, else the jar manifest's {@code Implementation-Version}, else {@code unknown}.
 */
public final class RecvalueVersion {
  static final String RESOURCE = "version.properties";
  private static final String UNKNOWN = "unknown";

  private RecvalueVersion() {}

  public static String get() {
    String built = fromResource();
    if (built != null) {
      return built;
    }
    String manifest = RecvalueVersion.class.getPackage().getImplementationVersion();
    return manifest != null ? manifest : UNKNOWN;
  }

  /** The filtered resource's version, or null when it is missing or was copied without filtering. */
  private static String fromResource() {
    try (InputStream in = RecvalueVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "").strip();
      return v.isEmpty() || v.startsWith("${") ? null : v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
