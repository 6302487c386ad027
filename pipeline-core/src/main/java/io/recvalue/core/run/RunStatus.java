package io.recvalue.core.run;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code _RUN_STATUS.json}: the small file a scheduler or a downstream job reads to learn whether a
 * run's outputs are complete. It is the last file a run writes, so its presence with
 * {@code "status": "succeeded"} means every output beside it is final.
 *
 * <p>Fields: {@code status} ({@code succeeded} or {@code failed}), {@code command}, {@code run_date}
 * (or null), {@code output} (where the outputs are), {@code recvalue_version}, {@code started_at},
 * {@code finished_at}, {@code wall_seconds}, {@code exit_code}, {@code config_hash}, and per stage its
 * {@code wall_seconds} and {@code counts} (every whole-number fact of the stage's manifest section:
 * rows read, quarantined, split sizes, values written, sweeps). A failed run adds {@code failed_stage}
 * and {@code error}. The file name starts with {@code _}, so Spark, Hive and DuckDB's hive-partitioned
 * reads skip it like {@code _SUCCESS}.
 */
public final class RunStatus {
  public static final String FILE_NAME = "_RUN_STATUS.json";

  private final Map<String, Object> fields;

  private RunStatus(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** The status of a run that completed, from its manifest (as written, with earlier stages' sections). */
  public static RunStatus succeeded(Map<String, Object> manifest, LocalDate runDate, String output) {
    return new RunStatus(base("succeeded", manifest, runDate, output, 0));
  }

  /** The status of a run that stopped at {@code failedStage} (null when it failed before any stage). */
  public static RunStatus failed(Map<String, Object> manifest, LocalDate runDate, String output, String failedStage,
      String error, int exitCode) {
    Map<String, Object> f = base("failed", manifest, runDate, output, exitCode);
    f.put("failed_stage", failedStage);
    f.put("error", error == null ? null : RunManifest.redactUserInfo(error));
    return new RunStatus(f);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> base(String status, Map<String, Object> manifest, LocalDate runDate,
      String output, int exitCode) {
    Map<String, Object> f = new LinkedHashMap<>();
    Instant finished = Instant.now();
    f.put("status", status);
    f.put("command", manifest.get("command"));
    f.put("run_date", runDate == null ? null : runDate.toString());
    f.put("output", output == null ? null : RunManifest.redactUserInfo(output));
    f.put("recvalue_version", manifest.get("recvalue_version"));
    f.put("started_at", manifest.get("started_at"));
    f.put("finished_at", finished.toString());
    Object started = manifest.get("started_at");
    f.put("wall_seconds", started == null ? null
        : Duration.between(Instant.parse(started.toString()), finished).toMillis() / 1000.0);
    f.put("exit_code", exitCode);
    f.put("config_hash", manifest.get("config_hash"));
    Map<String, Object> stages = new LinkedHashMap<>();
    Object sections = manifest.get("stages");
    if (sections instanceof Map) {
      ((Map<String, Object>) sections).forEach((name, section) -> {
        if (section instanceof Map) {
          stages.put(name, stageSummary((Map<String, Object>) section));
        }
      });
    }
    f.put("stages", stages);
    return f;
  }

  /** A stage's wall time and its whole-number facts. */
  private static Map<String, Object> stageSummary(Map<String, Object> section) {
    Map<String, Object> counts = new LinkedHashMap<>();
    section.forEach((key, value) -> {
      if (value instanceof Integer || value instanceof Long) {
        counts.put(key, ((Number) value).longValue());
      }
    });
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("wall_seconds", section.get("wall_seconds"));
    s.put("counts", counts);
    return s;
  }

  public Map<String, Object> fields() {
    return fields;
  }

  public String status() {
    return (String) fields.get("status");
  }

  /** Writes {@code _RUN_STATUS.json} into a folder: to a hidden file first, then renamed into place. */
  public void write(String dir, Configuration hadoopConf) throws IOException {
    JsonFiles.write(dir, FILE_NAME, fields, hadoopConf);
  }

  /** Reads the status file of a folder; empty when there is none. */
  public static Map<String, Object> read(String dir, Configuration hadoopConf) throws IOException {
    return JsonFiles.read(dir, FILE_NAME, hadoopConf);
  }
}
