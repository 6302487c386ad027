package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recvalue explain}: features, a surrogate and Shapley values that say why values are what they are. */
@Command(name = "explain",
    description = {"Explain item values: features, a tree surrogate (held-out fidelity) and Shapley values with SEs.",
        "",
        "Builds features per item (popularity, rating mean and spread, raters' activity, age and recency, model"
            + " and validation residuals, year and genre indicators from explain.item-metadata) and, with"
            + " explain.interactions=true, per interaction; fits a surrogate (explain.surrogate: gbt or"
            + " random-forest) from features to a target (explain.target: the value's percentile rank by default,"
            + " asinh of the scaled value, or the value) on a seeded split and reports its held-out R^2, Spearman"
            + " correlation and top-decile precision (warning below explain.min-spearman); explains every surrogate prediction with Shapley values (explain.shapley:"
            + " Monte Carlo permutations with a standard error each, stopping at max SE / range <="
            + " explain.tolerance or explain.max-permutations; or exactly from the trees). Writes"
            + " DIR/explain/{item_attributions,items,feature_importance} (Parquet) and"
            + " DIR/explain/feature_importance.arrow (with explain.interactions=true also interaction_attributions,"
            + " interactions, interaction_feature_importance); fit and convergence statistics go to manifest.json."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class ExplainCommand extends StageCommand {
  @Option(names = "--input", paramLabel = "PATH", order = 1,
      description = "Optional: the log, only to locate a relative explain.item-metadata (read from its folder).")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2,
      description = "The folder earlier 'ingest', 'train' and 'value' runs wrote.")
  String output;

  @Override
  String output() {
    return output;
  }

  @Override
  Optional<String> input(String outputDir) {
    return Optional.ofNullable(input);
  }

  @Override
  List<Stage> stages() {
    return List.of(Pipeline.explain());
  }
}
