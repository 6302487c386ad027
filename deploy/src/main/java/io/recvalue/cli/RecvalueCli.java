package io.recvalue.cli;

import io.recvalue.core.run.Console;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code recvalue} command line: {@code recvalue <command> [options]}. Run through
 * {@code deploy/bin/recvalue} (which builds the jar if needed and starts Spark's SparkSubmit) or
 * with a Spark distribution's {@code spark-submit --class io.recvalue.cli.RecvalueCli recvalue.jar}.
 * The commands and their options are declared once ({@link RecvalueCommand} and the classes it
 * lists); parsing, help and usage errors come from those declarations.
 *
 * <p>Exit codes are in {@link ExitCodes}: 0 success, 1 runtime failure, 2 bad usage or
 * configuration, 3 bad input.
 */
public final class RecvalueCli {
  private static final int HELP_WIDTH = 100;
  private final Console console;

  public RecvalueCli(Console console) {
    this.console = console;
  }

  public static void main(String[] args) throws org.apache.spark.SparkUserAppException {
    int code = new RecvalueCli(Console.standard()).run(args);
    if (code != ExitCodes.OK) {
      exit(code);
    }
  }

  /**
   * Ends the process with an exit code. In YARN cluster mode the driver runs inside the
   * application master, which reports a {@code System.exit} from the application as "shutdown hook
   * called before final status was reported" (status 16); Spark's own exception carries the code
   * instead, so that the application fails with it ("User application exited with status 3") and
   * the application master's container exits with it.
   */
  static void exit(int code) throws org.apache.spark.SparkUserAppException {
    if (runsInYarnApplicationMaster()) {
      throw new org.apache.spark.SparkUserAppException(code);
    }
    System.exit(code);
  }

  /** The application master sets the submitted Spark configuration as system properties. */
  static boolean runsInYarnApplicationMaster() {
    return "yarn".equals(System.getProperty("spark.master"))
        && "cluster".equals(System.getProperty("spark.submit.deployMode"));
  }

  /**
   * Every command, parsed the way recvalue always parsed: a repeated option's last value wins, and
   * an argument starting with {@code @} is a value, not a file of arguments.
   */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RecvalueCommand());
    cli.setOverwrittenOptionsAllowed(true);
    cli.setExpandAtFiles(false);
    cli.setResourceBundle(new ConfigKeyDescriptions());
    layOut(cli);
    return cli;
  }

  private static void layOut(CommandLine command) {
    command.getCommandSpec().usageMessage().synopsisHeading("usage: ").width(HELP_WIDTH).sortOptions(false)
        .sortSynopsis(false).descriptionHeading("%n").optionListHeading("%nOptions:%n")
        .commandListHeading("%nCommands:%n");
    command.getSubcommands().values().forEach(RecvalueCli::layOut);
  }

  /** A command's help, as {@code --help} prints it. */
  static String usage(CommandLine command) {
    return command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
  }

  /** The name a command is called by: {@code run}, {@code benchmark als}. */
  static String nameOf(CommandSpec command) {
    return command.qualifiedName(" ").replaceFirst("^recvalue ?", "");
  }

  /** Runs one command line and returns its exit code (never exits the JVM). */
  public int run(String[] args) {
    CommandLine cli = commandLine();
    List<CommandLine> path;
    try {
      path = cli.parseArgs(args).asCommandLineList();
    } catch (ParameterException e) {
      console.summary("%s", UsageErrors.describe(e, Arrays.asList(args)));
      return ExitCodes.BAD_USAGE_OR_CONFIG;
    }
    CommandLine selected = path.get(path.size() - 1);
    if (selected.isUsageHelpRequested()) {
      console.summary("%s", usage(selected));
      return ExitCodes.OK;
    }
    if (selected.isVersionHelpRequested()) {
      console.summary("%s", String.join("\n", cli.getCommandSpec().version()));
      return ExitCodes.OK;
    }
    if (!(selected.getCommand() instanceof Subcommand command)) {
      console.summary("%s", UsageErrors.noCommandChosen(selected));
      return ExitCodes.BAD_USAGE_OR_CONFIG;
    }
    String name = nameOf(selected.getCommandSpec());
    // the command's own words: everything after its name (and its group's, for benchmark als)
    List<String> arguments = Arrays.asList(args).subList(path.size() - 1, args.length);
    try {
      return command.run(console, arguments);
    } catch (Exception | OutOfMemoryError e) {
      ExitCodes.Failure failure = ExitCodes.failure(name, e);
      if (failure.code() == ExitCodes.OUT_OF_MEMORY) {
        e.printStackTrace(System.err); // the trace first, so that the line saying what to change is the last
        console.summary("%s", failure.message());
        return failure.code();
      }
      console.summary("%s", failure.message());
      if (failure.code() == ExitCodes.RUNTIME_FAILURE) {
        e.printStackTrace(System.err);
      }
      return failure.code();
    }
  }
}
