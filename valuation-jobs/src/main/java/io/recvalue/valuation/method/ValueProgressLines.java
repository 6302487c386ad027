package io.recvalue.valuation.method;

import io.recvalue.core.als.TrainingHistory;
import io.recvalue.valuation.spark.ValuationProgress;

/**
 * A valuation's progress as lines of its stage ({@link Progress}): one per conjugate-gradient iteration
 * ({@code [value] CG iteration 3/100: relative residual 1.234e-03 (stops at 1.0e-06), 2.1 s}) and
 * one per sweep of an EP phase ({@code [value] EP phase plus, sweep 2/10: objective ..., 1.2 s}).
 */
public final class ValueProgressLines implements ValuationProgress {
  private final Progress progress;
  private final int maxIterations;
  private final double tolerance;
  private final int phaseSweeps;

  /**
   * @param maxIterations the CG iteration cap, {@code value.cg-max-iter}
   * @param tolerance the relative residual CG stops at, {@code value.cg-tol}
   * @param phaseSweeps sweeps of each EP phase, {@code value.ep-sweeps}
   */
  public ValueProgressLines(Progress progress, int maxIterations, double tolerance, int phaseSweeps) {
    this.progress = progress;
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
    this.phaseSweeps = phaseSweeps;
  }

  @Override
  public void iterationDone(int iteration, double relativeResidual, double seconds) {
    progress.line("CG iteration %d/%d: relative residual %.3e (stops at %.1e), %.1f s", iteration,
        maxIterations, relativeResidual, tolerance, seconds);
  }

  @Override
  public void phaseSweepDone(String phase, TrainingHistory.Iteration sweep) {
    if (sweep.iteration() <= phaseSweeps) {
      progress.line("EP phase %s, sweep %d/%d: %s", phase, sweep.iteration(), phaseSweeps, sweep.describe());
    } else {
      progress.line("EP phase %s, sweep %d: %s", phase, sweep.iteration(), sweep.describe());
    }
  }
}
