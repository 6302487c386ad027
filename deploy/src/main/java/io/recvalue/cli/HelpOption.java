package io.recvalue.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} of every command. */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, order = 99, description = "Show this help and exit.")
  boolean requested;
}
