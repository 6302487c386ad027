package io.recvalue.valuation.spark;

import java.util.Locale;

/** The validation objective {@code L_V} of a valuation (docs/methods.md §2). */
public enum ValidationKind {
  /** Mean squared error of held-out ratings ({@link io.recvalue.valuation.math.MseObjective}). */
  MSE,
  /**
   * Squared loss on held-out positives (target 1) and seeded negatives (target 0)
   * ({@link io.recvalue.valuation.math.SquaredImplicitObjective}); the implicit default.
   */
  SQUARED,
  /** BPR on held-out positives, one seeded negative each
   * ({@link io.recvalue.valuation.math.BprObjective}). */
  BPR;

  /** Parses {@code mse}, {@code squared} or {@code bpr}, naming the key on failure. */
  public static ValidationKind parse(String key, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(key + " must be one of mse, squared, bpr; got '" + value
          + "'");
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
