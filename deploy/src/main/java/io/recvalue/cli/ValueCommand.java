package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recvalue value}: a value for every training interaction, and per item and per user. */
@Command(name = "value",
    description = {"Value every training interaction (influence | blockdiag | ep) and sum per item and user.",
        "",
        "Gives every training interaction in DIR/ingest/train a value: how much it lowers (positive) or raises"
            + " (negative) the validation loss of the model in DIR/train, to first order. influence first converges the"
            + " model to the minimiser of its training objective by Newton steps (value.polish-steps), then solves"
            + " H s = g by preconditioned conjugate gradient (value.cg-tol, value.cg-max-iter); blockdiag uses the block"
            + " diagonal of H only (fast, coarse); ep runs two ALS phases nudged by +/- beta times the validation"
            + " loss from the trained model (value.ep-beta, value.ep-sweeps). Writes"
            + " DIR/value/{interactions,items,users} (Parquet), DIR/value/{items,users}.arrow and, for influence"
            + " and blockdiag, DIR/value/decomposition and DIR/value/leverage (which values to distrust: leverage above"
            + " 0.5 on the interaction's user or item)."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class ValueCommand extends StageCommand {
  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2,
      description = "The folder earlier 'ingest' and 'train' runs wrote.")
  String output;

  /** Applied through {@link ConfigKeyOptions}. */
  @Option(names = "--method", paramLabel = "M", order = 10, descriptionKey = "value.method")
  String method;

  @Override
  String output() {
    return output;
  }

  @Override
  List<Stage> stages() {
    return List.of(Pipeline.value());
  }
}
