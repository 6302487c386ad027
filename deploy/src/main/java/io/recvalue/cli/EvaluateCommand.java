package io.recvalue.cli;

import io.recvalue.core.run.Console;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.valuation.judge.EvaluateJob;
import io.recvalue.valuation.judge.EvaluationTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code recvalue evaluate}: removal curves and noise detection for every value method. */
final class EvaluateCommand extends StageCommand {
  /** Shortcut options and the keys they set. */
  private static final Map<String, String> SHORTCUTS = Map.of(
      "--methods", "evaluate.methods",
      "--removal-step", "evaluate.removal-step",
      "--max-removal", "evaluate.max-removal",
      "--random-seeds", "evaluate.random-seeds",
      "--noise", "evaluate.noise-fraction");
  private final EvaluateJob job = new EvaluateJob();

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "judge the value methods: removal curves (retraining) and noise detection (ROC-AUC)";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue evaluate --output DIR [--methods all|M,M] [--removal-step F] [--max-removal F]",
        "                         [--random-seeds N] [--noise F] [--config FILE]... [--set key=value]...",
        "",
        "On the split in DIR/ingest (from 'recvalue ingest'): trains the model, values the training",
        "interactions with every method, removes the lowest-valued 0, F, 2F, ... (up to --max-removal)",
        "of them, retrains from scratch and measures test NDCG@10, Recall@20 and (explicit) RMSE; the",
        "same removing the highest-valued first and in --random-seeds random orders. Then corrupts",
        "--noise of the training interactions, retrains, values, and reports the ROC-AUC of low value",
        "against corrupted and the share of corruptions in the lowest-valued 20%. Writes",
        "DIR/evaluate/{removal_curves,noise_detection} (Parquet and .csv) and removal_curves.png.",
        "Costly: one retraining per method, direction and fraction. With --set evaluate.oracle-sample=N",
        "it also leaves N sampled interactions (half corrupted) out one at a time and reports the ROC-AUC",
        "of their actual change of validation loss (row loo_oracle: the most a value can reach).",
        "",
        "  --output DIR       the folder an earlier 'recvalue ingest' wrote",
        "  --methods M        all (default: every value method) or a comma list (evaluate.methods)",
        "  --removal-step F   step of the removal curves (default 0.1; evaluate.removal-step)",
        "  --max-removal F    largest removed fraction (default 0.5; 0 skips the curves)",
        "  --random-seeds N   random removal orders (default 3)",
        "  --noise F          fraction corrupted for noise detection (default 0.1; 0 skips it)",
        commonOptionsHelp());
  }

  @Override
  public int run(List<String> args, Console console) throws Exception {
    List<String> rewritten = new ArrayList<>();
    for (int n = 0; n < args.size(); n++) {
      String a = args.get(n);
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      String key = SHORTCUTS.get(name);
      if (key == null) {
        rewritten.add(a);
        continue;
      }
      String value;
      if (a.contains("=")) {
        value = a.substring(a.indexOf('=') + 1);
      } else if (n + 1 < args.size()) {
        value = args.get(++n);
      } else {
        throw new UsageException("option " + name + " needs a value");
      }
      rewritten.add("--set");
      rewritten.add(key + "=" + value);
    }
    return super.run(rewritten, console);
  }

  @Override
  List<Stage> stages() {
    return List.of(job);
  }

  @Override
  boolean needsInput() {
    return false;
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
