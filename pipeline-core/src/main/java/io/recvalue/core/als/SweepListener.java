package io.recvalue.core.als;

/**
 * Told of each ALS sweep as soon as it is done (its objective, relative change, validation loss and
 * time), so that a caller can report progress while a fit runs; the fit itself prints nothing.
 */
@FunctionalInterface
public interface SweepListener {
  /** A listener that ignores every sweep. */
  SweepListener NONE = sweep -> { };

  void sweepDone(TrainingHistory.Iteration sweep);
}
