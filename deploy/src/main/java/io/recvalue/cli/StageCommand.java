package io.recvalue.cli;

import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.SparkSessions;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * A subcommand that runs pipeline stages: {@code run}, {@code ingest}, {@code train}, ... It parses
 * the common options, resolves and validates the configuration (before any Spark session exists),
 * checks the paths, then runs the stages and prints a summary.
 */
abstract class StageCommand implements Command {
  static final Set<String> COMMON_VALUED = Set.of("--input", "--output", "--config", "--set");
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
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected argument " + a.positional().get(0) + " for " + name());
    }
    String output = a.value("--output").orElse(defaultOutput());
    if (output == null) {
      throw new UsageException("missing required option --output");
    }
    RecvalueConfig config = ConfigLoader.load(
        configFiles(a.values("--config").stream().map(Path::of).collect(Collectors.toList()), output),
        a.values("--set"));
    Optional<String> input = a.value("--input");
    if (needsInput() && input.isEmpty()) {
      input = Optional.ofNullable(defaultInput(output));
      if (input.isEmpty()) {
        throw new UsageException("missing required option --input");
      }
    }
    input.ifPresent(in -> PathSafety.checkOutputIsNotInput(in, output));
    for (Stage stage : stages()) {
      stage.validate(config);
    }
    console.progress(name(), "configuration %s (hash %s)", config.toRedactedMap(), config.hash().substring(0, 12));
    if (a.flag("--check")) {
      console.summary("recvalue %s: arguments, configuration and paths are valid; nothing was run", name());
      return ExitCodes.OK;
    }

    SparkSession spark = SparkSessions.create(name(), config, output);
    RunManifest manifest = new RunManifest(name(), args, config);
    input.ifPresent(in -> manifest.put("input", in));
    StageContext context = new StageContext(spark, config, output, input, manifest, console);
    StageRunner.run(context, stages());
    manifest.finish("succeeded");
    manifest.write(output, spark.sparkContext().hadoopConfiguration());
    summarize(context);
    return ExitCodes.OK;
  }

  /** The options every stage command takes, for help texts. */
  static String commonOptionsHelp() {
    return String.join("\n",
        "  --config FILE      a config file layered over the defaults (repeatable; later wins)",
        "  --set key=value    override one key (repeatable; see conf/README.md for every key)",
        "  --check            check the arguments, configuration and paths, then stop (no Spark)",
        "  --help             this text",
        "Spark options (--master, --deploy-mode, --conf k=v, --driver-memory, ...) go to spark-submit.");
  }
}
