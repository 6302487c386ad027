package io.recvalue.cli;

import io.recvalue.core.run.Console;
import io.recvalue.core.run.Stage;
import io.recvalue.valuation.jobs.VerifyLooJob;
import java.util.List;

/** {@code recvalue verify-loo}: judge the value methods against leave-one-out retraining. */
final class VerifyLooCommand extends StageCommand {
  @Override
  public String name() {
    return "verify-loo";
  }

  @Override
  public String summary() {
    return "judge the value methods against leave-one-out retraining (Pearson, Spearman, groups)";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue verify-loo --output DIR [--sample N] [--methods M1,M2] [--config FILE]... [--set key=value]...",
        "",
        "The oracle for the values: converges the model in DIR/train tightly (verify-loo.tol), values every",
        "training interaction by each method at it, then retrains without each of N interactions (half at",
        "random, half with the largest |value|) and without groups of 1 % and 5 % (random, lowest- and",
        "highest-valued), warm-started, to the same tolerance, as parallel Spark tasks. Prints Pearson and",
        "Spearman of predicted vs actual change of validation loss per method and writes DIR/loo/{interactions,",
        "groups,summary} (Parquet). Each executor holds the whole training set (verify-loo.max-interactions).",
        "",
        "  --output DIR       the folder earlier 'ingest' and 'train' runs wrote",
        "  --sample N         interactions to leave out one at a time; --set verify-loo.sample=N",
        "  --methods LIST     methods to judge (influence,blockdiag,ep); --set verify-loo.methods=LIST",
        commonOptionsHelp());
  }

  @Override
  public int run(List<String> args, Console console) throws Exception {
    List<String> rewritten = OptionAliases.rewrite(args, "--sample", "verify-loo.sample");
    return super.run(OptionAliases.rewrite(rewritten, "--methods", "verify-loo.methods"), console);
  }

  @Override
  List<Stage> stages() {
    return List.of(new VerifyLooJob());
  }

  @Override
  boolean needsInput() {
    return false;
  }
}
