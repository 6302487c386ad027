package io.recvalue.valuation.pg;

/**
 * Runs one policy iteration's episodes: the stochastic masks of {@link EpisodeMasks}, keeping
 * everything, and the deterministic policy at the budget; returns their rewards and the
 * policy-gradient estimate.
 */
public interface EpisodeEngine {
  /** {@code half-step} or {@code trainer}, for the manifest. */
  String id();

  /** Rewards and gradient of one iteration under {@code policy}. */
  PgAccumulator iterate(Policy policy, EpisodeMasks masks, double threshold);

  /** Releases what the engine cached. */
  void release();
}
