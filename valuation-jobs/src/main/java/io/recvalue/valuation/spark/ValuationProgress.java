package io.recvalue.valuation.spark;

import io.recvalue.core.als.TrainingHistory;

/**
 * What a valuation tells while it runs: each conjugate-gradient iteration of {@link InfluenceValuation},
 * each ALS sweep of a nudged phase of {@link EpValuation}. Both default to saying nothing.
 */
public interface ValuationProgress extends CgListener {
  /** Progress nobody hears. */
  ValuationProgress SILENT = new ValuationProgress() { };

  @Override
  default void iterationDone(int iteration, double relativeResidual, double seconds) {
  }

  /**
   * @param phase {@code plus} or {@code minus}: the sign of the nudge
   * @param sweep the sweep just done
   */
  default void phaseSweepDone(String phase, TrainingHistory.Iteration sweep) {
  }
}
