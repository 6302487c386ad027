package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recvalue run}: every stage on a user's log. */
@Command(name = "run",
    description = {"Run every stage on an interaction log: ingest, train, value, explain, explain-user, report.",
        "",
        "Reads the log at PATH (CSV with a header, or Parquet; a file or a folder; file:, hdfs:, s3a: ...) and"
            + " writes one folder per stage and manifest.json under DIR."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class RunCommand extends StageCommand {
  @Option(names = "--input", required = true, paramLabel = "PATH", order = 1, description = "The interaction log.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2,
      description = "Where the outputs go (never inside the input).")
  String output;

  @Override
  String output() {
    return output;
  }

  @Override
  Optional<String> input(String outputDir) {
    return Optional.of(input);
  }

  @Override
  List<Stage> stages() {
    return Pipeline.all();
  }

  @Override
  boolean replacesWholeRun() {
    return true;
  }
}
