package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import io.recvalue.valuation.jobs.VerifyLooJob;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recvalue verify-loo}: judge the value methods against leave-one-out retraining. */
@Command(name = "verify-loo",
    description = {"Judge the value methods against leave-one-out retraining (Pearson, Spearman, groups).",
        "",
        "The oracle for the values: converges the model in DIR/train tightly (verify-loo.tol), values every"
            + " training interaction by each method at it, then retrains without each of N interactions (half at"
            + " random, half with the largest |value|) and without groups of 1 %% and 5 %% (random, lowest- and"
            + " highest-valued), warm-started, to the same tolerance, as parallel Spark tasks. Prints Pearson and"
            + " Spearman of predicted vs actual change of validation loss per method and writes"
            + " DIR/verify-loo/{interactions,groups,summary} (Parquet). Each executor holds the whole training set"
            + " (verify-loo.max-interactions)."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class VerifyLooCommand extends StageCommand {
  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2,
      description = "The folder earlier 'ingest' and 'train' runs wrote.")
  String output;

  /** Applied through {@link ConfigKeyOptions}. */
  @Option(names = "--sample", paramLabel = "N", order = 10, descriptionKey = "verify-loo.sample")
  String sample;

  /** Applied through {@link ConfigKeyOptions}. */
  @Option(names = "--methods", paramLabel = "LIST", order = 11, descriptionKey = "verify-loo.methods")
  String methods;

  @Override
  String output() {
    return output;
  }

  @Override
  List<Stage> stages() {
    return List.of(new VerifyLooJob());
  }
}
