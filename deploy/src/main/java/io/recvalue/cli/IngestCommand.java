package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recvalue ingest}: validate, quarantine, index and split a log. */
@Command(name = "ingest",
    description = {"Validate a log, quarantine bad rows, index ids, split into train/validation/test.",
        "",
        "Reads the log, sends bad rows to DIR/ingest/quarantine with their reason, merges duplicate (user, item)"
            + " pairs, indexes ids and writes DIR/ingest/{train,validation,test,user_index,item_index}. Fails with"
            + " exit code 3 when more than ingest.max-bad-fraction of the rows are bad, a column is missing or of"
            + " the wrong type, or the input is unreadable or empty."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class IngestCommand extends StageCommand {
  @Option(names = "--input", required = true, paramLabel = "PATH", order = 1, description = "The interaction log.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2, description = "Where the outputs go.")
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
    return List.of(Pipeline.ingest());
  }
}
