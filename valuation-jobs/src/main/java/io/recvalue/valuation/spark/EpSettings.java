package io.recvalue.valuation.spark;

import io.recvalue.core.als.AlsParams;

/**
 * Settings of an equilibrium-propagation valuation ({@link EpValuation}), validated when built.
 *
 * @param beta nudge size {@code β > 0}: the phases minimise {@code F ± β L_V}
 * @param sweeps ALS sweeps of each nudged phase, {@code ≥ 1}. Both phases run exactly this many
 *     sweeps from {@code θ*} (and, when the extrapolation is refused, the same number more up to
 *     {@code fallbackSweeps}), so whatever drift {@code θ*} still has (an ALS that stopped on its
 *     tolerance is not at the exact minimum) is the same in both and cancels in the centred
 *     difference; what remains is the linear response of {@code sweeps} ALS sweeps to the nudge,
 *     which tends to the influence value as {@code sweeps} grows.
 * @param centred the centred estimate (two phases, error {@code O(β²)}); false: one-sided against
 *     {@code θ*} (one phase, error {@code O(β)}, and the drift of an inexact {@code θ*} does not cancel)
 * @param rreTerms how many of each phase's last iterates reduced-rank extrapolation combines into its limit
 *     (reduced-rank extrapolation, see {@link EpValuation}; {@code 0} or {@code 1}: none, the last iterate), at most {@code sweeps}
 * @param rreMaxResidual the extrapolation is used only when its combination of the differences is at most this
 *     share of the last difference ({@code ‖Σγ_i u_i‖ ≤ rreMaxResidual · ‖u_last‖}): a sequence that a few linear
 *     modes explain (a phase near its limit) cancels most of its last step; one that they do not (a trained model
 *     still drifting, whose phases move for reasons the nudge does not explain) would be extrapolated to a wrong
 *     point, and the last iterates are used instead
 * @param fallbackSweeps when the extrapolation is not used, both phases continue from their last iterates to this
 *     many sweeps in all (the plain estimate of that many sweeps, exactly); at most {@code sweeps}: they stop there
 * @param als the phases' ALS settings (blocks, solver backend, checkpointing); rank, {@code λ},
 *     {@code α} and the feedback kind must be the trained model's
 */
public record EpSettings(double beta, int sweeps, boolean centred, int rreTerms, double rreMaxResidual,
    int fallbackSweeps, AlsParams als) {
  public EpSettings {
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("invalid value.ep-beta: " + beta + " (must be finite and > 0)");
    }
    if (sweeps < 1) {
      throw new IllegalArgumentException("invalid value.ep-sweeps: " + sweeps + " (must be >= 1)");
    }
    if (rreTerms < 0 || rreTerms > sweeps) {
      throw new IllegalArgumentException("invalid value.ep-rre-terms: " + rreTerms
          + " (must be in [0, value.ep-sweeps = " + sweeps + "]: the extrapolation combines the phases' last iterates)");
    }
    if (!(rreMaxResidual >= 0 && rreMaxResidual <= 1)) {
      throw new IllegalArgumentException("invalid value.ep-rre-max-residual: " + rreMaxResidual + " (must be in [0, 1])");
    }
    if (fallbackSweeps < 0) {
      throw new IllegalArgumentException("invalid value.ep-fallback-sweeps: " + fallbackSweeps + " (must be >= 0)");
    }
    if (als == null) {
      throw new IllegalArgumentException("EP needs the ALS settings of its phases");
    }
  }

  /** Whether the phases are extrapolated (more than one iterate combined). */
  boolean extrapolated() {
    return rreTerms > 1;
  }

  /** The phase ALS: exactly {@link #sweeps} sweeps (tolerance 0) at rank {@code k}. */
  AlsParams phaseParams(int k) {
    return phaseParams(k, sweeps);
  }

  /** The phase ALS: exactly {@code n} sweeps (tolerance 0) at rank {@code k}. */
  AlsParams phaseParams(int k, int n) {
    return new AlsParams(k, als.lambda(), als.implicit(), als.alpha(), n, 0.0, als.numBlocks(),
        als.seed(), als.checkpointInterval(), als.solverBackend());
  }
}
