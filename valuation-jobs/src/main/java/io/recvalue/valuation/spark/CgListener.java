package io.recvalue.valuation.spark;

/**
 * Told of each conjugate-gradient iteration as soon as it is done, so that a caller can report
 * progress while a solve runs; the solver itself prints nothing.
 */
@FunctionalInterface
public interface CgListener {
  /** A listener that ignores every iteration. */
  CgListener NONE = (iteration, relativeResidual, seconds) -> { };

  /**
   * @param iteration 1-based iteration number
   * @param relativeResidual {@code ‖r_t‖/‖g‖} after it (the recurrence residual CG stops on)
   * @param seconds wall-clock seconds of the iteration
   */
  void iterationDone(int iteration, double relativeResidual, double seconds);
}
