package io.recvalue.valuation.math;

/** Applies {@code M⁻¹} for a symmetric positive definite {@code M}. */
@FunctionalInterface
public interface Preconditioner {
  BlockVector apply(BlockVector r);

  /** No preconditioning ({@code M = I}). */
  static Preconditioner identity() {
    return BlockVector::copy;
  }
}
