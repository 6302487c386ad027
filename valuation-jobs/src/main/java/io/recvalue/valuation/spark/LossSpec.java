package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.ExplicitLoss;
import io.recvalue.valuation.math.ImplicitLoss;
import io.recvalue.valuation.math.PointLoss;
import java.io.Serializable;

/**
 * A serialisable description of a {@link PointLoss} for Spark closures (the loss records are not
 * {@link Serializable}); each task rebuilds the loss once.
 */
final class LossSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  private final boolean implicit;
  private final double lambda;
  private final double alpha;
  private transient PointLoss loss;

  private LossSpec(boolean implicit, double lambda, double alpha) {
    this.implicit = implicit;
    this.lambda = lambda;
    this.alpha = alpha;
  }

  static LossSpec of(PointLoss loss) {
    if (loss instanceof ImplicitLoss il) {
      return new LossSpec(true, il.lambda(), il.alpha());
    }
    if (loss instanceof ExplicitLoss el) {
      return new LossSpec(false, el.lambda(), 0);
    }
    throw new IllegalArgumentException("unsupported loss " + loss.getClass().getName());
  }

  PointLoss get() {
    if (loss == null) {
      loss = implicit ? PointLoss.implicit(lambda, alpha) : PointLoss.explicit(lambda);
    }
    return loss;
  }
}
