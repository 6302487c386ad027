package io.recvalue.valuation.spark;

import java.util.Locale;

/** How {@code s ≈ H⁻¹g} is obtained (the team's methods reference, §3). */
public enum ValueMethod {
  /** Block-diagonally preconditioned conjugate gradient on {@code H}. */
  INFLUENCE,
  /** {@code s = M⁻¹g} with {@code M = blockdiag(H_uu, H_ii)}: zero CG iterations. */
  BLOCKDIAG,
  /** Equilibrium propagation: two nudged weighted-ALS phases, no Hessian ({@link EpValuation}). */
  EP;

  /** Parses {@code influence}, {@code blockdiag} or {@code ep}, naming the key on failure. */
  public static ValueMethod parse(String key, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(key + " must be one of influence, blockdiag, ep; got '"
          + value + "'");
    }
  }

  /** The name written to the {@code method} column. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
