package io.recvalue.core.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recvalue.core.config.RecvalueConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The provenance record written as {@code manifest.json} beside a run's outputs: what ran, with
 * which resolved configuration (redacted) and hash, root seed, inputs and row counts, versions and
 * the linear-algebra backend, per-stage wall times, training curve and metrics.
 *
 * <p>Each stage owns one section under {@code stages}. A command that re-runs one stage (say
 * {@code recvalue train} on an existing output) keeps the other stages' sections of an existing
 * manifest and replaces its own, so the file always describes what is in the folder.
 */
public final class RunManifest {
  public static final String FILE_NAME = "manifest.json";
  private static final ObjectMapper JSON = JsonFiles.JSON;

  private final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, Object> stages = new LinkedHashMap<>();

  /** A manifest for one command, with the resolved configuration. */
  public RunManifest(String command, List<String> arguments, RecvalueConfig config) {
    root.put("recvalue_version", RecvalueVersion.get());
    root.put("command", command);
    root.put("arguments", redactedArguments(arguments));
    root.put("status", "running");
    root.put("started_at", Instant.now().toString());
    root.put("root_seed", config.getLong("run.seed"));
    root.put("config_hash", config.hash());
    root.put("config", config.toRedactedMap());
    root.put("environment", new LinkedHashMap<String, Object>());
    root.put("stages", stages);
  }

  /**
   * The command line as recorded: the value of a {@code key=value} argument whose key looks like a
   * secret ({@link RecvalueConfig#isSecretKey}) becomes {@code *****}, and so does the user-info part
   * of a URI ({@code s3a://id:secret@bucket/...}).
   */
  public static List<String> redactedArguments(List<String> arguments) {
    List<String> out = new java.util.ArrayList<>();
    for (String a : arguments) {
      int eq = a.indexOf('=');
      if (eq > 0 && RecvalueConfig.isSecretKey(a.substring(0, eq))) {
        out.add(a.substring(0, eq + 1) + "*****");
      } else {
        out.add(redactUserInfo(a));
      }
    }
    return out;
  }

  /** A URI with its user-info part ({@code id:secret@}) replaced by {@code *****@}. */
  public static String redactUserInfo(String text) {
    return USER_INFO.matcher(text).replaceAll("$1*****@");
  }

  private static final java.util.regex.Pattern USER_INFO =
      java.util.regex.Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

  /** Every text value of a JSON tree with URI user-info redacted (paths recorded by stages included). */
  private static com.fasterxml.jackson.databind.JsonNode withoutUserInfo(com.fasterxml.jackson.databind.JsonNode node) {
    if (node.isObject()) {
      var obj = (com.fasterxml.jackson.databind.node.ObjectNode) node;
      obj.fieldNames().forEachRemaining(name -> obj.set(name, withoutUserInfo(obj.get(name))));
    } else if (node.isArray()) {
      var arr = (com.fasterxml.jackson.databind.node.ArrayNode) node;
      for (int i = 0; i < arr.size(); i++) {
        arr.set(i, withoutUserInfo(arr.get(i)));
      }
    } else if (node.isTextual()) {
      String redacted = redactUserInfo(node.asText());
      return redacted.equals(node.asText()) ? node : com.fasterxml.jackson.databind.node.TextNode.valueOf(redacted);
    }
    return node;
  }

  /** The section of a stage, created on first use; the stage puts its counts and timings in it. */
  @SuppressWarnings("unchecked")
  public synchronized Map<String, Object> stage(String name) {
    return (Map<String, Object>) stages.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
  }

  /** Sets a top-level entry (e.g. {@code inputs}). */
  public synchronized void put(String key, Object value) {
    root.put(key, value);
  }

  /** Environment facts: Spark version and master, Java version, ND4J version and backend. */
  @SuppressWarnings("unchecked")
  public synchronized void environment(String key, Object value) {
    ((Map<String, Object>) root.get("environment")).put(key, value);
  }

  public synchronized Object get(String key) {
    return root.get(key);
  }

  /** Marks the run finished, with its status ({@code succeeded} or {@code failed: reason}). */
  public synchronized void finish(String status) {
    root.put("status", status);
    root.put("finished_at", Instant.now().toString());
  }

  /**
   * Writes {@code manifest.json} into a directory on any Hadoop filesystem, keeping the sections of
   * stages that this run did not touch from a manifest already there. Written to a temporary file
   * and renamed, so a reader never sees a half-written manifest.
   */
  public synchronized void write(String outputDir, Configuration hadoopConf) throws IOException {
    Map<String, Object> merged = new LinkedHashMap<>(stagesOf(JsonFiles.read(outputDir, FILE_NAME, hadoopConf)));
    merged.putAll(stages);
    Map<String, Object> out = new LinkedHashMap<>(root);
    out.put("stages", merged);
    JsonFiles.write(outputDir, FILE_NAME, withoutUserInfo(JSON.valueToTree(out)), hadoopConf);
  }

  /**
   * Replaces the prefix {@code from} of every path-like string in the manifest by {@code to}: a run
   * built in a staging folder records where its outputs will be once published, not where they were
   * written.
   */
  public synchronized void relocate(String from, String to) {
    relocateIn(root, from, to);
  }

  @SuppressWarnings("unchecked")
  private static Object relocated(Object value, String from, String to) {
    if (value instanceof String s) {
      return s.startsWith(from) ? to + s.substring(from.length()) : s;
    }
    if (value instanceof Map) {
      relocateIn((Map<String, Object>) value, from, to);
    } else if (value instanceof List) {
      List<Object> list = (List<Object>) value;
      for (int i = 0; i < list.size(); i++) {
        Object before = list.get(i);
        Object after = relocated(before, from, to);
        if (after != before) {
          list.set(i, after);
        }
      }
    }
    return value;
  }

  private static void relocateIn(Map<String, Object> map, String from, String to) {
    for (Map.Entry<String, Object> e : map.entrySet()) {
      Object after = relocated(e.getValue(), from, to);
      if (after != e.getValue()) {
        e.setValue(after);
      }
    }
  }

  /** The manifest of a folder as written (empty when there is none). */
  public static Map<String, Object> readFrom(String dir, Configuration hadoopConf) throws IOException {
    return JsonFiles.read(dir, FILE_NAME, hadoopConf);
  }

  /** A copy of this run's manifest as it stands (this command's stages only). */
  public synchronized Map<String, Object> snapshot() {
    return JSON.convertValue(root, new TypeReference<Map<String, Object>>() {});
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stagesOf(Map<String, Object> manifest) {
    Object s = manifest.get("stages");
    return s instanceof Map ? (Map<String, Object>) s : Map.of();
  }

  /** The manifest as JSON text (for logs and tests). */
  public synchronized String toJson() {
    try {
      return JSON.writeValueAsString(withoutUserInfo(JSON.valueToTree(root)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
