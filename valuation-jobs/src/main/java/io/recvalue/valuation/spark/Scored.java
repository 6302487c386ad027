package io.recvalue.valuation.spark;

import java.io.Serializable;
import java.util.List;
import scala.Tuple2;

/**
 * A validation row on its way to the gradient: user and one or two items
 * ({@code keys = {u, i_1[, i_2]}}), a target, and the factor rows joined so far
 * ({@code rows = {x_u, y_{i_1}[, y_{i_2}]}}).
 */
final class Scored implements Serializable {
  private static final long serialVersionUID = 1L;
  final int[] keys;
  final double target;
  final double[][] rows;

  Scored(int[] keys, double target) {
    this(keys, target, new double[keys.length][]);
  }

  private Scored(int[] keys, double target, double[][] rows) {
    this.keys = keys;
    this.target = target;
    this.rows = rows;
  }

  Scored withRow(int slot, double[] row) {
    double[][] r = rows.clone();
    r[slot] = row;
    return new Scored(keys, target, r);
  }

  /** The score {@code x_u · y_{i_{j+1}}}. */
  double score(int j) {
    return KVectors.dot(rows[0], rows[1 + j]);
  }

  /**
   * Emits the chain rule for {@code ∂L/∂s_j = d}: {@code d·y} to the user (key {@code u}) and
   * {@code d·x} to the item (key {@code −1 − i}).
   */
  void emit(int j, double d, List<Tuple2<Integer, double[]>> out) {
    int k = rows[0].length;
    out.add(new Tuple2<>(keys[0], KVectors.addScaled(new double[k], d, rows[1 + j])));
    out.add(new Tuple2<>(-1 - keys[1 + j], KVectors.addScaled(new double[k], d, rows[0])));
  }
}
