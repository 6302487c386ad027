package io.recvalue.cli;

import picocli.CommandLine.Option;

/** {@code --check}: validate everything a command would use, then stop before Spark starts. */
final class CheckOption {
  @Option(names = "--check", order = 90,
      description = "Check the arguments, configuration and paths, then stop: nothing runs and no Spark starts.")
  boolean requested;
}
