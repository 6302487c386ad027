package io.recvalue.explain.surrogate;

import java.io.Serializable;

/**
 * How the surrogate is fitted.
 *
 * @param kind gradient-boosted trees or random forest
 * @param trees boosting iterations (GBT) or trees (random forest)
 * @param maxDepth depth of each tree
 * @param stepSize GBT learning rate (unused by the random forest)
 * @param seed MLlib's seed (bootstrap and feature subsets of the forest; GBT uses no subsampling)
 */
public record SurrogateSettings(SurrogateKind kind, int trees, int maxDepth, double stepSize, long seed)
    implements Serializable {
  public SurrogateSettings {
    if (trees < 1) {
      throw new IllegalArgumentException("trees must be >= 1, got " + trees);
    }
    if (maxDepth < 1 || maxDepth > 30) {
      throw new IllegalArgumentException("maxDepth must be in [1, 30] (MLlib's limit), got " + maxDepth);
    }
    if (!(stepSize > 0 && stepSize <= 1)) {
      throw new IllegalArgumentException("stepSize must be in (0, 1], got " + stepSize);
    }
  }
}
