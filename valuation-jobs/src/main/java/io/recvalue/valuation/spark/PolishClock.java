package io.recvalue.valuation.spark;

import java.util.function.Supplier;

/**
 * Where {@link ThetaPolish}'s time goes: building the points it tries ({@code seconds_polish_points}) and
 * solving its steps ({@code seconds_polish_solves}).
 */
final class PolishClock {
  private long pointNanos;
  private long solveNanos;

  /** {@code f}'s result, its wall time counted as building a point. */
  <T> T point(Supplier<T> f) {
    long t0 = System.nanoTime();
    T out = f.get();
    pointNanos += System.nanoTime() - t0;
    return out;
  }

  /** {@code f}'s result, its wall time counted as solving a step. */
  <T> T solve(Supplier<T> f) {
    long t0 = System.nanoTime();
    T out = f.get();
    solveNanos += System.nanoTime() - t0;
    return out;
  }

  double pointSeconds() {
    return pointNanos / 1e9;
  }

  double solveSeconds() {
    return solveNanos / 1e9;
  }
}
