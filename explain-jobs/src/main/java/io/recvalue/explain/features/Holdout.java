package io.recvalue.explain.features;

import io.recvalue.core.seed.Seeds;

/**
 * The surrogate's seeded train/held-out split: a row is held out when
 * {@code uniform(root, "explain.holdout", key hash) < fraction}, a pure function of its ids and the
 * root seed, so the split does not depend on partitioning or row order.
 */
public final class Holdout {
  static final String PURPOSE = "explain.holdout";

  private Holdout() {}

  public static boolean isHeldOut(long rootSeed, long keyHash, double fraction) {
    return Seeds.uniform(rootSeed, PURPOSE, keyHash) < fraction;
  }
}
