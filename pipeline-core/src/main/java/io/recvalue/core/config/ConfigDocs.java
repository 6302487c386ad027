package io.recvalue.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the key-by-key table of {@code conf/README.md} from {@link ConfigSchema} and the packaged
 * defaults, so the documentation cannot drift from the code (a test compares them).
 *
 * <p>Regenerate with {@code java -cp <pipeline-core classes> io.recvalue.core.config.ConfigDocs conf/README.md}.
 */
public final class ConfigDocs {
  static final String BEGIN = "<!-- keys:begin (generated from ConfigSchema; do not edit by hand) -->";
  static final String END = "<!-- keys:end -->";

  private ConfigDocs() {}

  /** The generated Markdown table of every key. */
  public static String keyTable() {
    Map<String, String> defaults = packagedDefaults();
    StringBuilder sb = new StringBuilder();
    sb.append("| key | meaning | type | unit | default | valid |\n");
    sb.append("|---|---|---|---|---|---|\n");
    for (ConfigKey k : ConfigSchema.keys()) {
      String def = defaults.getOrDefault(k.name(), "");
      sb.append("| `").append(k.name()).append("` | ").append(k.doc()).append(" | ")
          .append(k.type().name().toLowerCase().replace('_', ' ')).append(" | ")
          .append(k.unit()).append(" | ")
          .append(def.isEmpty() ? "(empty)" : "`" + def + "`").append(" | ")
          .append(k.rangeDescription()).append(" |\n");
    }
    return sb.toString();
  }

  /** The packaged defaults file parsed as key → raw value. */
  public static Map<String, String> packagedDefaults() {
    try (InputStream in = ConfigDocs.class.getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
      java.util.Properties p = new java.util.Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> out = new java.util.TreeMap<>();
      p.forEach((k, v) -> out.put(k.toString(), v.toString().strip()));
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Replaces the generated section of a README in place. */
  public static void main(String[] args) throws IOException {
    Path readme = Path.of(args[0]);
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      throw new IllegalStateException(readme + " lacks the generated-section markers");
    }
    String out = text.substring(0, b + BEGIN.length()) + "\n" + keyTable() + text.substring(e);
    Files.writeString(readme, out, StandardCharsets.UTF_8);
  }
}
