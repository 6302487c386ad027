package io.recvalue.core.run;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Runs stages in order under one Spark session: each stage runs in its own Spark job group (the
 * stage name, so the Spark UI reads like the pipeline), its wall time goes into its manifest section,
 * and the manifest is rewritten after every successful stage. The first failing stage stops the run;
 * stages already done keep their committed outputs, and the failed stage's previous output stays. A
 * stage that ran out of memory fails with {@link OutOfMemory}, which names it and the settings to change; one that
 * ran out of scratch disk with {@link OutOfScratchDisk}, which names it and Spark's scratch folders.
 */
public final class StageRunner {
  /** Manifest entry naming the stage that failed, when one did. */
  public static final String FAILED_STAGE = "failed_stage";

  private StageRunner() {}

  public static void run(StageContext context, List<Stage> stages) throws Exception {
    recordEnvironment(context.spark(), context.manifest());
    for (Stage stage : stages) {
      SparkSession spark = context.spark();
      spark.sparkContext().setJobGroup(stage.name(), "recvalue " + stage.name(), false);
      long start = System.nanoTime();
      context.console().progress(stage.name(), "started");
      try {
        stage.run(context);
      } catch (Exception | Error e) {
        context.manifest().put(FAILED_STAGE, stage.name());
        if (OutOfMemory.causedBy(e) && !(e instanceof OutOfMemory)) {
          throw OutOfMemory.inStage(stage.name(), context.config(), e);
        }
        if (OutOfScratchDisk.causedBy(e) && !(e instanceof OutOfScratchDisk)) {
          throw OutOfScratchDisk.inStage(stage.name(), spark.sparkContext().getConf(), e);
        }
        throw e;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      context.manifest().stage(stage.name()).put("wall_seconds", seconds);
      context.console().progress(stage.name(), "done in %.1f s", seconds);
      spark.sparkContext().clearJobGroup();
      context.manifest().write(context.outputDir(), spark.sparkContext().hadoopConfiguration());
    }
  }

  /** Spark and Java versions, master and parallelism: where and with what the run happened. */
  static void recordEnvironment(SparkSession spark, RunManifest manifest) {
    manifest.environment("spark_version", spark.version());
    manifest.environment("spark_master", spark.sparkContext().master());
    manifest.environment("default_parallelism", spark.sparkContext().defaultParallelism());
    manifest.environment("java_version", System.getProperty("java.version"));
    manifest.environment(
        "os", String.format(Locale.ROOT, "%s %s", System.getProperty("os.name"), System.getProperty("os.arch")));
  }
}
