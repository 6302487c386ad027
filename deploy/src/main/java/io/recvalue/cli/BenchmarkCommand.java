package io.recvalue.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code recvalue benchmark}: the group of {@code benchmark als} and {@code benchmark value}. */
@Command(name = "benchmark",
    description = {"Benchmarks on your data: 'als' (our ALS vs MLlib's), 'value' (cost of values vs training).",
        "",
        "Each runs in one process, prints its table and writes it under --output as Markdown (with the date,"
            + " machine, data and command) and CSV."},
    subcommands = {BenchmarkAlsCommand.class, BenchmarkValueCommand.class})
final class BenchmarkCommand {
  @Mixin
  HelpOption help;
}
