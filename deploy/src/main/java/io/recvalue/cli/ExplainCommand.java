package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;

/** {@code recvalue explain}: features, a surrogate and Shapley values that say why values are what they are. */
final class ExplainCommand extends StageCommand {
  @Override
  public String name() {
    return "explain";
  }

  @Override
  public String summary() {
    return "explain item values: features, a tree surrogate (held-out R^2) and Shapley values with SEs";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue explain --output DIR [--config FILE]... [--set key=value]...",
        "",
        "Builds features per item (popularity, rating mean and spread, raters' activity, age and recency,",
        "model and validation residuals, year and genre indicators from explain.item-metadata) and, with",
        "explain.interactions=true, per interaction; fits a surrogate (explain.surrogate: gbt or",
        "random-forest) from features to value on a seeded split and reports its held-out R^2 (warning",
        "below explain.min-r2); explains every surrogate prediction with Monte Carlo permutation Shapley",
        "values (antithetic pairs, a standard error each), stopping at max SE / range <= explain.tolerance",
        "or explain.max-permutations. Writes DIR/explanations, DIR/explanation_items, DIR/feature_importance",
        "(Parquet) and DIR/feature_importance.arrow; fit and convergence statistics go to manifest.json.",
        "A relative explain.item-metadata is read from the folder of --input when given.",
        "",
        "  --output DIR       the folder earlier 'ingest', 'train' and 'value' runs wrote",
        "  --input PATH       optional: the log, only to locate a relative explain.item-metadata",
        commonOptionsHelp());
  }

  @Override
  List<Stage> stages() {
    return List.of(Pipeline.explain());
  }

  @Override
  boolean needsInput() {
    return false;
  }
}
