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
    checkPlayers(players);
    int coalitions = 1 << players;
    double[] value = new double[coalitions];
    for (int mask = 0; mask < coalitions; mask++) {
      value[mask] = v.applyAsDouble(mask);
    }
    return fromValues(players, value);
  }

  /** Shapley values of a game of at most {@value #MAX_PLAYERS} players. */
  public static double[] of(CoalitionGame game) {
    return of(game.players(), game::value);
  }

  /**
   * Shapley values from the worth of every coalition, {@code value[mask]} for {@code mask = 0 ..
   * 2^players − 1} (for games that compute all coalitions at once, in batches).
   */
  public static double[] fromValues(int players, double[] value) {
    checkPlayers(players);
    int coalitions = 1 << players;
    if (value.length != coalitions) {
      throw new IllegalArgumentException(players + " players have " + coalitions + " coalitions, got "
          + value.length + " values");
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

  private static void checkPlayers(int players) {
    if (players < 1 || players > MAX_PLAYERS) {
      throw new IllegalArgumentException(
          "exact enumeration handles 1 to " + MAX_PLAYERS + " players, got " + players);
    }
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
