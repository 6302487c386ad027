package io.recvalue.explain.shapley;

import java.io.Serializable;

/**
 * A model of the features, {@code g(x)}: what Shapley values explain. Implementations must be pure
 * (the same {@code x} gives the same prediction) and must not keep or modify {@code x}.
 */
@FunctionalInterface
public interface Regressor extends Serializable {
  double predict(double[] x);
}
