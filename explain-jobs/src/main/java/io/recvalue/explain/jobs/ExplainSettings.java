package io.recvalue.explain.jobs;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.seed.Seeds;
import io.recvalue.explain.features.ExplainTarget;
import io.recvalue.explain.features.ItemMetadata;
import io.recvalue.explain.groups.GroupSettings;
import io.recvalue.explain.shapley.StoppingRule;
import io.recvalue.explain.surrogate.SurrogateKind;
import io.recvalue.explain.surrogate.SurrogateSettings;
import java.util.Optional;

/**
 * The explain stage's settings, from {@code explain.*} and {@code run.seed}.
 *
 * @param metadata item metadata as configured (path not yet resolved against the input folder)
 * @param target what the surrogate is fitted to ({@code explain.target})
 * @param surrogate how the surrogate is fitted
 * @param holdoutFraction rows held out to score it
 * @param minSpearman below this held-out Spearman correlation between prediction and target,
 *     explanations carry a warning
 * @param backgroundSize rows of the background sample
 * @param exactTrees Shapley values exactly from the surrogate's trees ({@code explain.shapley = tree})
 *     instead of Monte Carlo permutations
 * @param rule when the Monte Carlo Shapley estimate stops
 * @param interactions whether interactions are explained too
 * @param groups the group game's settings
 * @param rootSeed the run's root seed
 */
public record ExplainSettings(Optional<ItemMetadata> metadata, ExplainTarget target, SurrogateSettings surrogate,
    double holdoutFraction, double minSpearman, int backgroundSize, boolean exactTrees, StoppingRule rule,
    boolean interactions, GroupSettings groups,
    long rootSeed) {

  public ExplainSettings {
    if (rule.maxPermutations() < 2 * backgroundSize) {
      throw new IllegalArgumentException("explain.max-permutations=" + rule.maxPermutations()
          + " is below one round over the background (2 x explain.background-size = " + 2 * backgroundSize + ")");
    }
  }

  public static ExplainSettings from(RecvalueConfig c) {
    long root = c.getLong("run.seed");
    Optional<ItemMetadata> metadata = ItemMetadata.fromConfig(c);
    ExplainTarget target = ExplainTarget.parse("explain.target", c.getString("explain.target"));
    SurrogateSettings surrogate = new SurrogateSettings(
        SurrogateKind.parse("explain.surrogate", c.getString("explain.surrogate")),
        c.getInt("explain.surrogate-trees"), c.getInt("explain.surrogate-depth"),
        c.getDouble("explain.surrogate-step"), Seeds.derive(root, "explain.surrogate"));
    return new ExplainSettings(metadata, target, surrogate, c.getDouble("explain.holdout-fraction"),
        c.getDouble("explain.min-spearman"), c.getInt("explain.background-size"),
        c.getString("explain.shapley").equals("tree"),
        new StoppingRule(c.getDouble("explain.tolerance"), c.getInt("explain.max-permutations")),
        c.getBoolean("explain.interactions"), GroupSettings.from(c), root);
  }
}
