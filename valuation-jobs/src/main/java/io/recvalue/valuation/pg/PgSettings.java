package io.recvalue.valuation.pg;

import io.recvalue.core.config.RecvalueConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of {@code value.method=pg}, from the {@code value.pg-*} keys (types and ranges are checked
 * by the configuration schema; the combinations here).
 *
 * @param dropFraction {@code ρ}: the share of training interactions the policy drops
 * @param episodes masks per iteration {@code K ≥ 2} (the leave-one-out baseline needs two)
 * @param iterations most policy iterations
 * @param learningRate Adam's step on the policy weights
 * @param patience stop after this many iterations without a better held-out reward (0: never)
 * @param heldoutFraction share of the validation pairs the reward never sees
 * @param episode {@code half-step} (our ALS's half-steps, all episodes in one pass) or
 *     {@code trainer} (each episode a training by {@link #trainer})
 * @param trainer {@code als} or {@code mllib}, for {@code trainer} episodes
 * @param sweeps warm-started sweeps of a {@code trainer} episode (a cold-starting trainer trains fully)
 * @param features the built-in features the policy sees ({@link PolicyFeatures#BUILT_IN})
 * @param valueFeatures ids of continuous methods whose values join the features
 * @param budgetSample interactions sampled to hold the drop budget
 * @param seed root seed of the masks, the held-out split and the sample
 */
public record PgSettings(double dropFraction, int episodes, int iterations, double learningRate, int patience,
    double heldoutFraction, String episode, String trainer, int sweeps, List<String> features, List<String> valueFeatures,
    int budgetSample, long seed) {
  public static final String HALF_STEP = "half-step";
  public static final String TRAINER = "trainer";

  public PgSettings {
    features = List.copyOf(features);
    valueFeatures = List.copyOf(valueFeatures);
    for (String f : features) {
      if (!PolicyFeatures.BUILT_IN.contains(f)) {
        throw new IllegalArgumentException("value.pg-features: unknown feature '" + f + "'; known: "
            + String.join(", ", PolicyFeatures.BUILT_IN));
      }
    }
    if (features.isEmpty() && valueFeatures.isEmpty()) {
      throw new IllegalArgumentException("value.pg-features and value.pg-value-features name no feature");
    }
    if (valueFeatures.contains("pg")) {
      throw new IllegalArgumentException("value.pg-value-features cannot name pg itself");
    }
    if (episode.equals(HALF_STEP) && !trainer.equals("als")) {
      throw new IllegalArgumentException("value.pg-episode=half-step runs our ALS's half-steps; value.pg-trainer="
          + trainer + " needs value.pg-episode=trainer (or auto)");
    }
  }

  /** From {@code value.pg-*} and {@code run.seed}; {@code auto} episodes are half-steps for {@code als}. */
  public static PgSettings of(RecvalueConfig c) {
    String trainer = c.getString("value.pg-trainer");
    String episode = c.getString("value.pg-episode");
    if (episode.equals("auto")) {
      episode = trainer.equals("als") ? HALF_STEP : TRAINER;
    }
    List<String> values = list(c.getString("value.pg-value-features"));
    return new PgSettings(c.getDouble("value.pg-drop-fraction"), c.getInt("value.pg-episodes"),
        c.getInt("value.pg-iterations"), c.getDouble("value.pg-learning-rate"), c.getInt("value.pg-patience"),
        c.getDouble("value.pg-heldout-fraction"), episode, trainer, c.getInt("value.pg-sweeps"),
        list(c.getString("value.pg-features")), values,
        c.getInt("value.pg-budget-sample"), c.getLong("run.seed"));
  }

  private static List<String> list(String spec) {
    List<String> out = new ArrayList<>();
    for (String id : spec.split(",")) {
      if (!id.isBlank()) {
        out.add(id.trim());
      }
    }
    return out;
  }
}
