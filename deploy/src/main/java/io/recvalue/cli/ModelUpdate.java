package io.recvalue.cli;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.UnlearnJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The model update of {@code unlearn} and {@code prune --update-model}: runs {@link UnlearnJob} from a
 * trained run into a new run folder, writes that folder's manifest and prints the summary line.
 */
final class ModelUpdate {
  private ModelUpdate() {}

  /** Refuses the source run as the target: its ingest/ and train/ would be replaced while they are read. */
  static void checkTarget(String sourceRun, String target) {
    if (PathSafety.same(sourceRun, target)) {
      throw new UsageException("refusing to write the updated model over the run it updates: unlearn.to " + target
          + " is the trained run " + sourceRun + " (name another folder, or leave unlearn.to empty for "
          + sourceRun.replaceAll("/+$", "") + "/unlearn)");
    }
  }

  /** Runs the update and returns its manifest section. */
  static Map<String, Object> run(SparkSession spark, RecvalueConfig config, Console console, String command, List<String> arguments,
      String sourceRun, String removed, String target) throws Exception {
    UnlearnJob job = new UnlearnJob(sourceRun, removed);
    RunManifest manifest = new RunManifest(command, arguments, config);
    manifest.put("input", removed);
    StageContext context = new StageContext(spark, config, target, Optional.empty(), manifest, console);
    StageRunner.run(context, List.of(job));
    manifest.finish("succeeded");
    manifest.write(target, spark.sparkContext().hadoopConfiguration());
    return job.counts();
  }

  /** The summary lines of an update written to {@code target}. */
  static void summarize(Console console, Map<String, Object> c, String target) {
    console.summary("  unlearn      %s removed rows; %s users and %s items re-solved (%s and %s left without rows),"
            + " %s sweeps, %.1f s -> %s", c.get("removed_rows"), c.get("users_resolved"), c.get("items_resolved"),
        c.get("users_without_rows"), c.get("items_without_rows"), c.get("sweeps"), (Double) c.get("seconds"), target);
    console.summary("  test         %s", testLine(c));
  }

  /**
   * The updated model's test metrics, each after the trained run's where its manifest recorded them:
   * {@code rmse 4.1490 -> 4.1851 (the trained run -> without the removed rows)}.
   */
  @SuppressWarnings("unchecked")
  static String testLine(Map<String, Object> c) {
    Map<String, Object> after = (Map<String, Object>) c.get("test");
    Map<String, Object> before = (Map<String, Object>) c.getOrDefault("test_before", Map.of());
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> e : after.entrySet()) {
      Object b = before.get(e.getKey());
      parts.add(e.getKey() + " " + (b == null ? "" : number(b) + " -> ") + number(e.getValue()));
    }
    return String.join(", ", parts) + (before.isEmpty() ? "" : " (the trained run -> without the removed rows)");
  }

  private static String number(Object v) {
    return v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v);
  }
}
