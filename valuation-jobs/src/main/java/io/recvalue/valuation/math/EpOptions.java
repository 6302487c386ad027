package io.recvalue.valuation.math;

/**
 * Settings of an equilibrium-propagation valuation.
 *
 * @param beta nudge size {@code β > 0}
 * @param tolerance relative-change tolerance of each nudged ALS solve; must be far below
 *     {@code β} since the signal is {@code O(β)}
 * @param maxSweeps sweep cap per nudged solve
 */
public record EpOptions(double beta, double tolerance, int maxSweeps) {
  public EpOptions {
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and > 0, got " + beta);
    }
    if (!(tolerance > 0) || tolerance >= beta) {
      throw new IllegalArgumentException("tolerance must be in (0, beta=" + beta + "), got "
          + tolerance);
    }
    if (maxSweeps <= 0) {
      throw new IllegalArgumentException("maxSweeps must be > 0, got " + maxSweeps);
    }
  }
}
