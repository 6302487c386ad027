package io.recvalue.valuation.judge;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.valuation.method.ValuationMethod;
import io.recvalue.valuation.method.ValuationMethods;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of {@code recvalue evaluate}, from the {@code evaluate.*} keys.
 *
 * @param removalStep removal curves step, e.g. 0.1 for 0 %, 10 %, 20 %, ...
 * @param maxRemoval largest removed fraction of the curves (0: no curves)
 * @param randomSeeds random removal orders, seeds 1..randomSeeds
 * @param noiseFraction fraction of training interactions corrupted for noise detection (0: none)
 * @param methods the value methods evaluated; {@code all} is every method of {@link ValuationMethods}
 * @param trainer the trainer of every retraining ({@code evaluate.trainer}: {@code als} or {@code mllib})
 */
public record EvaluateSettings(double removalStep, double maxRemoval, int randomSeeds,
    double noiseFraction, List<ValuationMethod> methods, String trainer) {
  /** The share of lowest values in which corruptions are counted (docs/methods.md §8.4). */
  public static final double LOWEST_SHARE = 0.2;

  public EvaluateSettings {
    if (!(removalStep > 0 && removalStep <= 1)) {
      throw new IllegalArgumentException("evaluate.removal-step must be in (0, 1], got " + removalStep);
    }
    if (!(maxRemoval >= 0 && maxRemoval < 1)) {
      throw new IllegalArgumentException("evaluate.max-removal must be in [0, 1), got " + maxRemoval);
    }
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("evaluate.methods names no method");
    }
    methods = List.copyOf(methods);
  }

  /** From {@code evaluate.*}. */
  public static EvaluateSettings of(RecvalueConfig c) {
    return new EvaluateSettings(c.getDouble("evaluate.removal-step"), c.getDouble("evaluate.max-removal"),
        c.getInt("evaluate.random-seeds"), c.getDouble("evaluate.noise-fraction"),
        ValuationMethods.list("evaluate.methods", c.getString("evaluate.methods")), c.getString("evaluate.trainer"));
  }

  /** The removed fractions of the curves: 0, step, 2·step, ... ≤ max (exact decimals). */
  public List<Double> fractions() {
    List<Double> f = new ArrayList<>();
    BigDecimal step = new BigDecimal(Double.toString(removalStep));
    BigDecimal max = new BigDecimal(Double.toString(maxRemoval));
    for (BigDecimal x = BigDecimal.ZERO; x.compareTo(max) <= 0; x = x.add(step)) {
      f.add(x.doubleValue());
    }
    return f;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("removal_fractions", fractions());
    m.put("random_seeds", randomSeeds);
    m.put("noise_fraction", noiseFraction);
    m.put("methods", methods.stream().map(ValuationMethod::id).toList());
    m.put("trainer", trainer);
    m.put("lowest_share", LOWEST_SHARE);
    return m;
  }

  static String percent(double f) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * f);
  }
}
