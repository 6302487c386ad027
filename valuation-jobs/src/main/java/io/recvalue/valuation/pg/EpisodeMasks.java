package io.recvalue.valuation.pg;

import io.recvalue.core.seed.Seeds;
import java.io.Serializable;

/**
 * The keep/drop masks of one policy iteration, never stored: episode {@code k} keeps interaction
 * {@code (u, i)} when {@code U(k, u, i) < p_ui}, where {@code U} is a counter-based uniform, a pure
 * function of the root seed, the iteration, the episode and the pair. Any pass on any partitioning
 * regenerates the same masks, so the user side and the item side of an episode see the same mask and
 * results do not depend on how the data is split.
 */
public final class EpisodeMasks implements Serializable {
  private static final long serialVersionUID = 1L;
  private final long[] episodeSeeds;

  /** The masks of {@code episodes} episodes of iteration {@code iteration} under {@code rootSeed}. */
  public EpisodeMasks(long rootSeed, int iteration, int episodes) {
    episodeSeeds = new long[episodes];
    for (int k = 0; k < episodes; k++) {
      episodeSeeds[k] = Seeds.derive(rootSeed, "value.pg.mask", (long) iteration * 1_000_003L + k);
    }
  }

  public int episodes() {
    return episodeSeeds.length;
  }

  /** The per-pair part of the hash, computed once per interaction. */
  public static long pairKey(int user, int item) {
    return Seeds.mix(((long) user << 32) ^ (item & 0xffffffffL) ^ 0x5851f42d4c957f2dL);
  }

  /**
   * A fixed offset below {@code 1e-6} in magnitude that breaks ties between equal logits in the deterministic
   * policy, so that "drop the lowest {@code ρ}" drops a seeded random share among equals (at the
   * start, when every logit is the same) instead of none or all.
   */
  public static double tieBreak(long pairKey) {
    return ((Seeds.mix(pairKey ^ 0x2545f4914f6cdd1dL) >>> 11) * 0x1.0p-53 - 0.5) * 2e-6;
  }

  /** {@code U(k, u, i)} in {@code [0, 1)} from {@link #pairKey}. */
  public double uniform(int episode, long pairKey) {
    return (Seeds.mix(episodeSeeds[episode] + pairKey) >>> 11) * 0x1.0p-53;
  }

  /** Whether episode {@code k} keeps the pair whose keep probability is {@code p}. */
  public boolean kept(int episode, long pairKey, double p) {
    return uniform(episode, pairKey) < p;
  }
}
