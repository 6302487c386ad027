package io.recvalue.cli;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunDate;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.RunStatus;
import io.recvalue.core.run.RunTarget;
import io.recvalue.core.run.SparkSessions;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that runs pipeline stages: {@code run}, {@code ingest}, {@code train}, ... It resolves and
 * validates the configuration (before any Spark session exists), checks the paths, then runs the
 * stages and prints a summary. Each subclass declares its {@code --output} (and {@code --input} where
 * it reads a log) and the options that stand for its keys; the options here are common to all.
 */
abstract class StageCommand implements Subcommand {
  @Mixin
  HelpOption help;

  @Mixin
  RunDateOptions runDate;

  @Mixin
  ConfigOptions configOptions;

  @Mixin
  CheckOption check;

  @Spec
  CommandSpec spec;

  /** The stages this command runs, in order. */
  abstract List<Stage> stages();

  /** Where the command writes ({@code --output}). */
  abstract String output();

  /** The interaction log the command reads, if any ({@code --input}). */
  Optional<String> input(String outputDir) {
    return Optional.empty();
  }

  /** The config files to layer over the defaults: by default, those given with {@code --config}. */
  List<Path> configFiles(List<Path> userFiles, String outputDir) {
    return userFiles;
  }

  /**
   * Whether the command rebuilds every stage of a run ({@code run}, {@code demo}): in a dated output it
   * then replaces the date's partition as a whole.
   */
  boolean replacesWholeRun() {
    return false;
  }

  /** Prints the end-of-run summary; the default lists what was written. */
  void summarize(StageContext context) {
    Summary.print(context);
  }

  @Override
  public int run(Console console, List<String> arguments) throws Exception {
    String name = RecvalueCli.nameOf(spec);
    String output = output();
    RecvalueConfig config = resolve(configFiles(configOptions.files(), output));
    boolean usesDate = config.getBoolean(RunDateOptions.PARTITION_BY_RUN_DATE) || config.getInt("input.window-days") > 0;
    Optional<String> input = input(output);
    input.ifPresent(in -> PathSafety.checkOutputIsNotInput(in, output));
    Map<String, String> paths = new LinkedHashMap<>();
    input.ifPresent(in -> paths.put("--input", in));
    paths.put("--output", output);
    PathSafety.checkAllowed(config, paths);
    for (Stage stage : stages()) {
      stage.validate(config);
    }
    ConfigReport.print(console, name, config);
    if (check.requested) {
      console.summary("recvalue %s: arguments, configuration and paths are valid; nothing was run", name);
      return ExitCodes.OK;
    }

    boolean dated = config.getBoolean(RunDateOptions.PARTITION_BY_RUN_DATE);
    LocalDate runDateOf = usesDate ? RunDate.of(config) : null;
    SparkSession spark = SparkSessions.create(name, config, output);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunTarget target = dated ? RunTarget.dated(output, runDateOf, replacesWholeRun(), hadoop)
        : RunTarget.plain(output, hadoop);
    RunManifest manifest = new RunManifest(name, arguments, config);
    input.ifPresent(in -> manifest.put("input", in));
    if (runDateOf != null) {
      manifest.put("run_date", runDateOf.toString());
    }
    if (dated) {
      console.progress(name, "run date %s: outputs go to %s", runDateOf, target.publishedDir());
    }
    StageContext context = new StageContext(spark, config, target.runDir(), input, manifest, console);
    try {
      StageRunner.run(context, stages());
    } catch (Exception | Error e) {
      recordFailure(target, manifest, runDateOf, e);
      throw e;
    }
    manifest.finish("succeeded");
    manifest.relocate(target.runDir(), target.publishedDir());
    manifest.write(target.runDir(), hadoop);
    target.succeed(RunStatus.succeeded(RunManifest.readFrom(target.runDir(), hadoop), runDateOf, target.publishedDir()));
    summarize(new StageContext(spark, config, target.publishedDir(), input, manifest, console));
    return ExitCodes.OK;
  }

  /**
   * The defaults, the files, {@code --set}, the options that stand for keys and {@code --run-date}; a run
   * that uses its date and was given none gets today's, fixed once, so that the partition name and the
   * end of the input window are the same day.
   */
  private RecvalueConfig resolve(List<Path> files) {
    List<ConfigOverride> overrides = new ArrayList<>(ConfigKeyOptions.given(spec));
    overrides.addAll(runDate.overrides());
    RecvalueConfig config = configOptions.load(files, overrides);
    boolean usesDate = config.getBoolean(RunDateOptions.PARTITION_BY_RUN_DATE) || config.getInt("input.window-days") > 0;
    if (!usesDate || RunDate.isExplicit(config)) {
      return config;
    }
    overrides.add(new ConfigOverride(RunDate.KEY, RunDate.of(config).toString(), "today in UTC"));
    return configOptions.load(files, overrides);
  }

  /**
   * Keeps the previous good output and records the failed attempt's status (never inside a published
   * partition). A failure to record it is reported beside the original error, not instead of it.
   */
  private static void recordFailure(RunTarget target, RunManifest manifest, LocalDate runDate, Throwable e) {
    manifest.finish("failed");
    try {
      target.fail(RunStatus.failed(manifest.snapshot(), runDate, target.publishedDir(),
          (String) manifest.get(StageRunner.FAILED_STAGE), String.valueOf(e.getMessage()), ExitCodes.of(e)));
    } catch (IOException | RuntimeException statusError) {
      e.addSuppressed(statusError);
    }
  }
}
