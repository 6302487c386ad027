package io.recvalue.engines;

import io.recvalue.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline run every engine test repeats: {@code recvalue run} on the bundled MovieTweetings
 * sample (44,613 ratings) with its own settings file, and a small model so that a run stays near a
 * minute: rank 4, 3 ALS sweeps, at most 5 conjugate-gradient iterations, no MLlib comparison, and a
 * light explain stage (10 trees, a background of 10 rows, at most 40 permutations per item).
 * Stopping CG at an iteration cap keeps the comparison strict: every engine must do the same
 * iterations, not merely converge to nearby answers.
 */
public final class SampleRun {
  /** Relative agreement demanded between engines (see {@link OutputComparison}). */
  public static final double TOLERANCE = 1e-9;

  private SampleRun() {}

  public static Path sampleDir() {
    return TestData.projectRoot().resolve("deploy/src/main/resources/sample/movietweetings-small");
  }

  public static Path ratings() {
    return sampleDir().resolve("ratings.csv.gz");
  }

  /** The sample's column settings, as a config file. */
  public static Path settings() {
    return sampleDir().resolve("recvalue.properties");
  }

  /** Small-model overrides, as {@code --set} options. */
  public static List<String> smallModel() {
    List<String> sets = new ArrayList<>();
    for (String kv : List.of("train.rank=4", "train.max-iter=3", "train.compare-mllib=false",
        "value.cg-tol=1e-3", "value.cg-max-iter=5", "spark.sql.shuffle.partitions=4",
        "explain.surrogate-trees=10", "explain.background-size=10", "explain.max-permutations=40")) {
      sets.add("--set");
      sets.add(kv);
    }
    return sets;
  }

  /** {@code run --input IN --output OUT --config CONFIG} plus the small-model settings. */
  public static List<String> runArguments(String input, String output, String config) {
    List<String> args = new ArrayList<>(List.of("run", "--input", input, "--output", output, "--config", config));
    args.addAll(smallModel());
    return args;
  }

  /**
   * Runs {@code deploy/bin/recvalue} as a user would, with spark-submit options first, on the jar
   * this build packaged.
   */
  public static Processes.Result launch(Path workDir, String logName, List<String> sparkOptions,
      List<String> recvalueArgs) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(TestData.projectRoot().resolve("deploy/bin/recvalue").toString());
    cmd.addAll(sparkOptions);
    cmd.addAll(recvalueArgs);
    Map<String, String> env = new LinkedHashMap<>(SparkHome.environment());
    env.put("RECVALUE_SKIP_BUILD", "1");
    env.put("RECVALUE_DRIVER_MEMORY", "2g");
    Files.createDirectories(workDir);
    return Processes.run(cmd, env, workDir, workDir.resolve(logName), Duration.ofMinutes(30));
  }
}
