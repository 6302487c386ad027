package io.recvalue.cli;

import io.recvalue.core.run.Console;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.valuation.judge.EvaluateJob;
import io.recvalue.valuation.judge.EvaluationTables;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recvalue evaluate}: removal curves and noise detection for every value method. */
@Command(name = "evaluate",
    description = {"Judge the value methods: removal curves (retraining) and noise detection (ROC-AUC).",
        "",
        "On the split in DIR/ingest (from 'recvalue ingest'): trains the model, values the training interactions"
            + " with every method, removes the lowest-valued 0, F, 2F, ... (up to --max-removal) of them, retrains"
            + " from scratch and measures test NDCG@10, Recall@20 and (explicit) RMSE; the same removing the"
            + " highest-valued first and in --random-seeds random orders. Then corrupts --noise of the training"
            + " interactions, retrains, values, and reports the ROC-AUC of low value against corrupted and the share"
            + " of corruptions in the lowest-valued 20%%. Writes DIR/evaluate/{removal_curves,noise_detection}"
            + " (Parquet and .csv) and removal_curves.png. Costly: one retraining per method, direction and"
            + " fraction. With --set evaluate.oracle-sample=N it also leaves N sampled interactions (half"
            + " corrupted) out one at a time and reports the ROC-AUC of their actual change of validation loss"
            + " (row loo_oracle: the most a value can reach)."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class EvaluateCommand extends StageCommand {
  private final EvaluateJob job = new EvaluateJob();

  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2,
      description = "The folder an earlier 'recvalue ingest' wrote.")
  String output;

  // The options below stand for keys and are applied through ConfigKeyOptions.
  @Option(names = "--methods", paramLabel = "LIST", order = 10, descriptionKey = "evaluate.methods")
  String methods;

  @Option(names = "--removal-step", paramLabel = "F", order = 11, descriptionKey = "evaluate.removal-step")
  String removalStep;

  @Option(names = "--max-removal", paramLabel = "F", order = 12, descriptionKey = "evaluate.max-removal")
  String maxRemoval;

  @Option(names = "--random-seeds", paramLabel = "N", order = 13, descriptionKey = "evaluate.random-seeds")
  String randomSeeds;

  @Option(names = "--noise", paramLabel = "F", order = 14, descriptionKey = "evaluate.noise-fraction")
  String noise;

  @Override
  String output() {
    return output;
  }

  @Override
  List<Stage> stages() {
    return List.of(job);
  }

  @Override
  void summarize(StageContext context) {
    Console c = context.console();
    c.summary("");
    c.summary("recvalue evaluate: %s", context.manifest().get("status"));
    if (job.report() != null) {
      job.report().summaryLines().forEach(l -> c.summary("%s", l));
    }
    String dir = context.path(EvaluateJob.NAME);
    c.summary("  tables       %s/%s, %s/%s (Parquet; .csv beside them)", dir, EvaluationTables.REMOVAL_CURVES,
        dir, EvaluationTables.NOISE_DETECTION);
    c.summary("  plot         %s/%s", dir, EvaluationTables.PLOT);
  }
}
