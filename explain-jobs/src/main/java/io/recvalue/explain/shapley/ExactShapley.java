package io.recvalue.explain.shapley;

import java.util.function.LongToDoubleFunction;

/**
 * Shapley values by enumerating every coalition: the test oracle for the Monte Carlo estimator.
 *
 * <pre>
 *   φ_f = Σ_{S ⊆ F∖{f}} |S|! (n − |S| − 1)! / n! · (v(S ∪ {f}) − v(S))
 * </pre>
 *
 * Costs {@code 2^n} evaluations of {@code v} (each {@code B} model calls for the interventional
 * game), so it is limited to {@value #MAX_PLAYERS} players. The values satisfy the axioms exactly:
 * efficiency ({@code Σ φ_f = v(F) − v(∅)}), symmetry, null player and linearity.
 */
public final class ExactShapley {
  public static final int MAX_PLAYERS = 12;

  private ExactShapley() {}

  /**
   * Shapley values of a game given by its characteristic function on coalitions as bit masks
   * (player {@code f} is bit {@code f}).
   */
  public static double[] of(int players, LongToDoubleFunction v) {
    if (players < 1 || players > MAX_PLAYERS) {
      throw new IllegalArgumentException(
          "exact enumeration handles 1 to " + MAX_PLAYERS + " players, got " + players);
    }
    int coalitions = 1 << players;
    double[] value = new double[coalitions];
    for (int mask = 0; mask < coalitions; mask++) {
      value[mask] = v.applyAsDouble(mask);
    }
    double[] weight = new double[players];
    for (int s = 0; s < players; s++) {
      weight[s] = factorial(s) * factorial(players - s - 1) / factorial(players);
    }
    double[] phi = new double[players];
    for (int mask = 0; mask < coalitions; mask++) {
      int size = Integer.bitCount(mask);
      for (int f = 0; f < players; f++) {
        if ((mask & (1 << f)) == 0) {
          phi[f] += weight[size] * (value[mask | (1 << f)] - value[mask]);
        }
      }
    }
    return phi;
  }

  /** Exact Shapley values of the interventional game of {@code model} at {@code x}. */
  public static ShapleyEstimate explain(Regressor model, double[] x, double[][] background) {
    InterventionalGame game = new InterventionalGame(model, x, background);
    double[] phi = of(game.players(), game::value);
    double[] se = new double[phi.length];
    return new ShapleyEstimate(phi, se, model.predict(x), game.value(0), 0, 0, true);
  }

  private static double factorial(int n) {
    double f = 1;
    for (int k = 2; k <= n; k++) {
      f *= k;
    }
    return f;
  }
}
