package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;

/** Every subcommand, in the order {@code recvalue --help} lists them. */
final class Commands {
  private Commands() {}

  static List<Command> all() {
    return List.of(new DemoCommand(), new RunCommand(), new IngestCommand(), new TrainCommand(),
        new ValueCommand(), new VerifyLooCommand(), new ExplainCommand(), new ReportCommand(),
        new EvaluateCommand(), new PruneCommand(), new GenerateCommand(), new BenchmarkCommand());
  }

  /** {@code recvalue run}: every stage on a user's log. */
  static final class RunCommand extends StageCommand {
    @Override
    public String name() {
      return "run";
    }

    @Override
    public String summary() {
      return "run every stage on an interaction log: " + String.join(" -> ", Pipeline.names(Pipeline.all()));
    }

    @Override
    public String help() {
      return String.join("\n",
          "usage: recvalue run --input PATH --output DIR [--config FILE]... [--set key=value]...",
          "",
          "Runs every stage (" + String.join(", ", Pipeline.names(Pipeline.all())) + ") on the log at PATH",
          "(CSV with a header, or Parquet; a file or a folder; file:, hdfs:, s3a: ...) and writes",
          "one folder per stage and manifest.json under DIR.",
          "",
          "  --input PATH       the interaction log",
          "  --output DIR       where the outputs go (never inside the input)",
          commonOptionsHelp());
    }

    @Override
    List<Stage> stages() {
      return Pipeline.all();
    }

    @Override
    boolean replacesWholeRun() {
      return true;
    }

    @Override
    boolean needsInput() {
      return true;
    }
  }

  /** {@code recvalue ingest}: validate, quarantine, index and split a log. */
  static final class IngestCommand extends StageCommand {
    @Override
    public String name() {
      return "ingest";
    }

    @Override
    public String summary() {
      return "validate a log, quarantine bad rows, index ids, split into train/validation/test";
    }

    @Override
    public String help() {
      return String.join("\n",
          "usage: recvalue ingest --input PATH --output DIR [--config FILE]... [--set key=value]...",
          "",
          "Reads the log, sends bad rows to DIR/ingest/quarantine with their reason, merges duplicate",
          "(user, item) pairs, indexes ids and writes DIR/ingest/{train,validation,test,user_index,item_index}.",
          "Fails with exit code 3 when more than ingest.max-bad-fraction of the rows are bad, a column",
          "is missing or of the wrong type, or the input is unreadable or empty.",
          "",
          "  --input PATH       the interaction log",
          "  --output DIR       where the outputs go",
          commonOptionsHelp());
    }

    @Override
    List<Stage> stages() {
      return List.of(Pipeline.ingest());
    }

    @Override
    boolean needsInput() {
      return true;
    }
  }

  /** {@code recvalue train}: weighted ALS on an ingested log. */
  static final class TrainCommand extends StageCommand {
    @Override
    public String name() {
      return "train";
    }

    @Override
    public String summary() {
      return "train the weighted ALS recommender on DIR/ingest (and MLlib's ALS beside it)";
    }

    @Override
    public String help() {
      return String.join("\n",
          "usage: recvalue train --output DIR [--config FILE]... [--set key=value]...",
          "",
          "Trains weighted ALS on DIR/ingest/train (written by 'recvalue ingest'), reports the",
          "objective and validation loss per sweep, test metrics (and MLlib's when train.compare-mllib",
          "is true), and writes DIR/train/{user_factors,item_factors,history}.",
          "",
          "  --output DIR       the folder an earlier 'recvalue ingest' wrote",
          commonOptionsHelp());
    }

    @Override
    List<Stage> stages() {
      return List.of(Pipeline.train());
    }

    @Override
    boolean needsInput() {
      return false;
    }
  }
}
