package io.recvalue.valuation.pg;

import java.io.Serializable;

/**
 * The trained model's loss as one side's half-step sees it, with the other side fixed at
 * {@code θ*}: rank {@code k}, {@code λ}, explicit or implicit ({@code c = 1 + αr}) feedback, and for
 * implicit feedback the other side's Gramian ({@code YᵀY} for users, {@code XᵀX} for items).
 *
 * @param countsRows whether this side counts the rows' keep statistics (the user side does; each
 *     interaction sits in one user block and one item block)
 */
public record HalfStepModel(int k, double lambda, boolean implicit, double alpha, double[] gram,
    boolean countsRows) implements Serializable {
  public HalfStepModel {
    if (implicit && (gram == null || gram.length != k * k)) {
      throw new IllegalArgumentException("implicit half-steps need the other side's k x k Gramian");
    }
  }
}
