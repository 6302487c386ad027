package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recvalue train}: weighted ALS on an ingested log. */
@Command(name = "train",
    description = {"Train the weighted ALS recommender on DIR/ingest (and MLlib's ALS beside it).",
        "",
        "Trains weighted ALS on DIR/ingest/train (written by 'recvalue ingest'), reports the objective and"
            + " validation loss per sweep, test metrics (and MLlib's when train.compare-mllib is true), and writes"
            + " DIR/train/{user_factors,item_factors,history}."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class TrainCommand extends StageCommand {
  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2,
      description = "The folder an earlier 'recvalue ingest' wrote.")
  String output;

  @Override
  String output() {
    return output;
  }

  @Override
  List<Stage> stages() {
    return List.of(Pipeline.train());
  }
}
