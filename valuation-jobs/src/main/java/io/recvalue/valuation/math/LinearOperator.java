package io.recvalue.valuation.math;

/** A symmetric linear map on block vectors, such as {@code v ↦ (H + δI) v}. */
@FunctionalInterface
public interface LinearOperator {
  BlockVector apply(BlockVector v);
}
