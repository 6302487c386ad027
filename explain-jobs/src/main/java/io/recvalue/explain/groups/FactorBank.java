package io.recvalue.explain.groups;

import io.recvalue.core.als.NormalEquations;
import java.io.Serializable;

/**
 * One side's factors for a batch of coalitions, indexed by the dense entity index: {@code factors[e]}
 * is {@code null} (the entity has no factors), a length-{@code k} vector shared by every coalition
 * (the warm start {@code θ*} before the first half-step), or {@code coalitions × k} values, coalition
 * {@code c} at offset {@code c·k}. Broadcast to the executors for each half-step.
 */
final class FactorBank implements Serializable {
  private static final long serialVersionUID = 1L;
  final int k;
  final int coalitions;
  final double[][] factors;

  FactorBank(int k, int coalitions, double[][] factors) {
    this.k = k;
    this.coalitions = coalitions;
    this.factors = factors;
  }

  /** Offset of coalition {@code c} in {@code f}, a vector of this bank. */
  int offset(double[] f, int c) {
    return f.length == k ? 0 : c * k;
  }

  /** Per coalition, the Gramian {@code Σ_e f_e f_eᵀ} (full {@code k×k}), for implicit feedback. */
  double[][] grams() {
    double[][] g = new double[coalitions][k * k];
    for (double[] f : factors) {
      if (f != null) {
        for (int c = 0; c < coalitions; c++) {
          NormalEquations.addOuter(k, g[c], 0, f, offset(f, c), 1.0);
        }
      }
    }
    for (double[] gc : g) {
      NormalEquations.symmetrize(k, gc);
    }
    return g;
  }

  /** Bytes of a bank of {@code entities} entities with {@code coalitions} vectors each. */
  static long bytes(long entities, int k, int coalitions) {
    return entities * k * (long) coalitions * Double.BYTES;
  }
}
