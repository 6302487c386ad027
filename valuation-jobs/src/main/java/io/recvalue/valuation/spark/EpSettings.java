package io.recvalue.valuation.spark;

import io.recvalue.core.als.AlsParams;

/**
 * Settings of an equilibrium-propagation valuation ({@link EpValuation}), validated when built.
 *
 * @param beta nudge size {@code β > 0}: the phases minimise {@code F ± β L_V}
 * @param sweeps ALS sweeps of each nudged phase, {@code ≥ 1}. Both phases run exactly this many
 *     sweeps from {@code θ*}, so whatever drift {@code θ*} still has (an ALS that stopped on its
 *     tolerance is not at the exact minimum) is the same in both and cancels in the centred
 *     difference; what remains is the linear response of {@code sweeps} ALS sweeps to the nudge,
 *     which tends to the influence value as {@code sweeps} grows.
 * @param centred the centred estimate (two phases, error {@code O(β²)}); false: one-sided against
 *     {@code θ*} (one phase, error {@code O(β)}, and the drift of an inexact {@code θ*} does not cancel)
 * @param als the phases' ALS settings (blocks, solver backend, checkpointing); rank, {@code λ},
 *     {@code α} and the feedback kind must be the trained model's
 */
public record EpSettings(double beta, int sweeps, boolean centred, AlsParams als) {
  public EpSettings {
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("invalid value.ep.beta: " + beta + " (must be finite and > 0)");
    }
    if (sweeps < 1) {
      throw new IllegalArgumentException("invalid value.ep.sweeps: " + sweeps + " (must be >= 1)");
    }
    if (als == null) {
      throw new IllegalArgumentException("EP needs the ALS settings of its phases");
    }
  }

  /** The phase ALS: exactly {@link #sweeps} sweeps (tolerance 0) at rank {@code k}. */
  AlsParams phaseParams(int k) {
    return new AlsParams(k, als.lambda(), als.implicit(), als.alpha(), sweeps, 0.0, als.numBlocks(),
        als.seed(), als.checkpointInterval(), als.solverBackend());
  }
}
