package io.recvalue.core.run;

import io.recvalue.core.config.RecvalueConfig;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * What a stage gets to work with: the session, the resolved configuration, the run's output folder,
 * the input log (for stages that read it), the manifest and the console.
 *
 * @param spark the run's Spark session
 * @param config resolved configuration
 * @param outputDir the run's output folder (any Hadoop filesystem URI)
 * @param input path of the interaction log, when the command has one
 * @param manifest the run manifest, written by the runner after each stage
 * @param console progress and summary printer
 */
public record StageContext(
    SparkSession spark,
    RecvalueConfig config,
    String outputDir,
    Optional<String> input,
    RunManifest manifest,
    Console console) {

  /** The input path, or a clear error for a stage that needs one. */
  public String requireInput() {
    return input.orElseThrow(() -> new IllegalArgumentException("this command needs --input PATH"));
  }

  /** Path of another stage's output folder (or a sub-folder of it) under the run's output. */
  public String path(String... parts) {
    return outputDir.replaceAll("/+$", "") + "/" + String.join("/", parts);
  }
}
