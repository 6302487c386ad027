package io.recvalue.cli;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.SparkSessions;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.run.RunDate;
import io.recvalue.core.run.RunStatus;
import io.recvalue.core.run.RunTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * A subcommand that runs pipeline stages: {@code run}, {@code ingest}, {@code train}, ... It parses
 * the common options, resolves and validates the configuration (before any Spark session exists),
 * checks the paths, then runs the stages and prints a summary.
 */
abstract class StageCommand implements Command {
  static final String PARTITION_BY_RUN_DATE = "output.partition-by-run-date";
  static final Set<String> COMMON_VALUED =
      Set.of("--input", "--output", "--config", "--set", "--run-date", "--window-days");
  static final Set<String> COMMON_FLAGS = Set.of("--help", "--check");

  /** The stages this command runs, in order. */
  abstract List<Stage> stages();

  /** Whether the command reads an interaction log. */
  abstract boolean needsInput();

  /** Where the command writes when {@code --output} is not given (null: required). */
  String defaultOutput() {
    return null;
  }

  /** The input when {@code --input} is not given (null: required). */
  String defaultInput(String outputDir) {
    return null;
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
  public int run(List<String> args, Console console) throws Exception {
    CliArgs a = CliArgs.parse(args, COMMON_VALUED, COMMON_FLAGS);
    if (a.flag("--help")) {
      console.summary("%s", help());
      return ExitCodes.OK;
    }
    a.requireNoPositional(name());
    String output = a.value("--output").orElse(defaultOutput());
    if (output == null) {
      throw new UsageException("missing required option --output");
    }
    List<Path> files = configFiles(a.values("--config").stream().map(Path::of).collect(Collectors.toList()), output);
    RecvalueConfig config = ConfigLoader.load(files, settings(a));
    boolean usesDate = config.getBoolean(PARTITION_BY_RUN_DATE) || config.getInt("input.window-days") > 0;
    if (usesDate && !RunDate.isExplicit(config)) {
      // "today" is fixed once, so the partition name and the end of the input window are the same day
      List<String> sets = new ArrayList<>(settings(a));
      sets.add(RunDate.KEY + "=" + RunDate.of(config));
      config = ConfigLoader.load(files, sets);
    }
    Optional<String> input = a.value("--input");
    if (needsInput() && input.isEmpty()) {
      input = Optional.ofNullable(defaultInput(output));
      if (input.isEmpty()) {
        throw new UsageException("missing required option --input");
      }
    }
    input.ifPresent(in -> PathSafety.checkOutputIsNotInput(in, output));
    Map<String, String> paths = new LinkedHashMap<>();
    input.ifPresent(in -> paths.put("--input", in));
    paths.put("--output", output);
    PathSafety.checkAllowed(config, paths);
    for (Stage stage : stages()) {
      stage.validate(config);
    }
    console.progress(name(), "configuration %s (hash %s)", config.toRedactedMap(), config.hash().substring(0, 12));
    if (a.flag("--check")) {
      console.summary("recvalue %s: arguments, configuration and paths are valid; nothing was run", name());
      return ExitCodes.OK;
    }

    boolean dated = config.getBoolean(PARTITION_BY_RUN_DATE);
    LocalDate runDate = usesDate ? RunDate.of(config) : null;
    SparkSession spark = SparkSessions.create(name(), config, output);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunTarget target = dated ? RunTarget.dated(output, runDate, replacesWholeRun(), hadoop)
        : RunTarget.plain(output, hadoop);
    RunManifest manifest = new RunManifest(name(), args, config);
    input.ifPresent(in -> manifest.put("input", in));
    if (runDate != null) {
      manifest.put("run_date", runDate.toString());
    }
    if (dated) {
      console.progress(name(), "run date %s: outputs go to %s", runDate, target.publishedDir());
    }
    StageContext context = new StageContext(spark, config, target.runDir(), input, manifest, console);
    try {
      StageRunner.run(context, stages());
    } catch (Exception | Error e) {
      recordFailure(target, manifest, runDate, e);
      throw e;
    }
    manifest.finish("succeeded");
    manifest.relocate(target.runDir(), target.publishedDir());
    manifest.write(target.runDir(), hadoop);
    target.succeed(RunStatus.succeeded(RunManifest.readFrom(target.runDir(), hadoop), runDate, target.publishedDir()));
    summarize(new StageContext(spark, config, target.publishedDir(), input, manifest, console));
    return ExitCodes.OK;
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

  /**
   * The {@code --set} values, then the shorthand options: {@code --run-date D} is
   * {@code run.date=D} with date partitioning on, {@code --window-days N} is {@code input.window-days=N}.
   */
  static List<String> settings(CliArgs a) {
    List<String> sets = new ArrayList<>(a.values("--set"));
    a.value("--run-date").ifPresent(d -> {
      sets.add(RunDate.KEY + "=" + d);
      sets.add(PARTITION_BY_RUN_DATE + "=true");
    });
    a.value("--window-days").ifPresent(n -> sets.add("input.window-days=" + n));
    return sets;
  }

  /** The options every stage command takes, for help texts. */
  static String commonOptionsHelp() {
    return String.join("\n",
        "  --config FILE      a config file layered over the defaults (repeatable; later wins)",
        "  --set key=value    override one key (repeatable; see conf/README.md for every key)",
        "  --run-date DATE    write the run as the partition DIR/run_date=DATE (YYYY-MM-DD or today, UTC);",
        "                     re-running a date replaces it; _RUN_STATUS.json is written last",
        "  --window-days N    read only the last N days (date=YYYY-MM-DD folders) of the log, up to the run date",
        "  --check            check the arguments, configuration and paths, then stop (no Spark)",
        "  --help             this text",
        "Spark options (--master, --deploy-mode, --conf k=v, --driver-memory, ...) go to spark-submit.");
  }
}
