package io.recvalue.cli;

import io.recvalue.core.run.Console;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code recvalue} command line: {@code recvalue <command> [options]}. Run through
 * {@code deploy/bin/recvalue} (which builds the jar if needed and starts Spark's SparkSubmit) or
 * with a Spark distribution's {@code spark-submit --class io.recvalue.cli.RecvalueCli recvalue.jar}.
 *
 * <p>Exit codes are in {@link ExitCodes}: 0 success, 1 runtime failure, 2 bad usage or
 * configuration, 3 bad input.
 */
public final class RecvalueCli {
  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final Console console;

  public RecvalueCli(Console console) {
    this.console = console;
    for (Command c : Commands.all()) {
      commands.put(c.name(), c);
    }
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

  /** Runs one command line and returns its exit code (never exits the JVM). */
  public int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      console.summary("%s", usage());
      return args.length == 0 ? ExitCodes.BAD_USAGE_OR_CONFIG : ExitCodes.OK;
    }
    Command command = commands.get(args[0]);
    if (command == null) {
      console.summary("recvalue: unknown command '%s'\n\n%s", args[0], usage());
      return ExitCodes.BAD_USAGE_OR_CONFIG;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return command.run(rest, console);
    } catch (Exception e) {
      ExitCodes.Failure failure = ExitCodes.failure(command.name(), e);
      console.summary("%s", failure.message());
      if (failure.code() == ExitCodes.RUNTIME_FAILURE) {
        e.printStackTrace(System.err);
      }
      return failure.code();
    }
  }

  String usage() {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: recvalue <command> [options]   (recvalue <command> --help for its options)\n\n");
    sb.append("commands:\n");
    commands.values().forEach(c -> sb.append(String.format("  %-10s %s%n", c.name(), c.summary())));
    sb.append("\nexit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration, 3 bad input");
    return sb.toString();
  }
}
