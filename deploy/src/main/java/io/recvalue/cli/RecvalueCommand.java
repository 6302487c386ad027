package io.recvalue.cli;

import picocli.CommandLine.Command;

/**
 * {@code recvalue}: the command list, {@code --help} and {@code --version}. Every command's options,
 * help and usage errors are generated from its declaration (picocli); {@link RecvalueCli} runs them.
 */
@Command(name = "recvalue", mixinStandardHelpOptions = true, versionProvider = VersionLines.class,
    synopsisSubcommandLabel = "<command>",
    description = {"Values every interaction of a recommender's training log: weighted ALS on Apache Spark, a value"
        + " per interaction, summed per item and per user, and logs pruned by value.",
        "", "'recvalue <command> --help' shows a command's options."},
    subcommands = {DemoCommand.class, RunCommand.class, IngestCommand.class, TrainCommand.class, ValueCommand.class,
        VerifyLooCommand.class, ExplainCommand.class, ExplainUserCommand.class, ReportCommand.class,
        EvaluateCommand.class, PruneCommand.class, UnlearnCommand.class, GenerateCommand.class, BenchmarkCommand.class, HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK + ":success",
        ExitCodes.RUNTIME_FAILURE + ":runtime failure (Spark, filesystem, memory, a bug)",
        ExitCodes.BAD_USAGE_OR_CONFIG + ":bad usage or configuration; nothing ran",
        ExitCodes.BAD_INPUT + ":bad input (unreadable, empty, a column missing, too many bad rows)"},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class RecvalueCommand {
  /** Where spark-submit's options go; the footer of every command that starts Spark. */
  static final String SPARK_OPTIONS = "Spark options (--master, --deploy-mode, --conf k=v, --driver-memory,"
      + " --executor-memory, --num-executors, ...) may appear anywhere on the deploy/bin/recvalue command line"
      + " and go to spark-submit.";
}
