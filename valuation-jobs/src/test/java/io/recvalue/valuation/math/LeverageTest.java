package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.linalg.JavaCholeskySolver;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockDiagonal#leverage}: for explicit ratings, the leverage of an interaction on its user's
 * factor is the classical hat value, the derivative of its own fitted score {@code x_u·y_i} in its own
 * rating {@code r_j} when the user is re-solved with the items fixed (likewise for the item with the
 * users fixed). Checked by central finite differences of exact re-solves, for every interaction of a
 * planted problem with unequal weights; and {@code h ∈ [0, 1)} for implicit data.
 */
class LeverageTest {
  private static final int K = 3;
  private static final double LAMBDA = 0.05;

  @Test
  void explicitLeverageIsTheDerivativeOfTheFittedScoreInTheOwnRating() {
    Planted.Problem p = Planted.explicit(30, 20, K, 0.4, 0.1, 0.2, 91);
    Interactions data = p.train().withWeights(Planted.weights(p.train().size(), 0.5, 2.0, 92));
    PointLoss loss = PointLoss.explicit(LAMBDA);
    BlockVector theta = Planted.converge(data, loss, K, 1e-12, 1).theta();
    double[] h = BlockDiagonal.of(data, loss, theta, HessianOptions.EXACT)
        .leverage(data, loss, theta, new JavaCholeskySolver());
    double eps = 1e-4;
    double largest = 0;
    for (int j = 0; j < data.size(); j++) {
      for (int side = 0; side < 2; side++) {
        double up = fittedAfterResolve(data, theta, j, side == 0, eps);
        double down = fittedAfterResolve(data, theta, j, side == 0, -eps);
        double fd = (up - down) / (2 * eps);
        assertEquals(fd, h[2 * j + side], 1e-7, "interaction " + j + (side == 0 ? " user" : " item") + " side");
        assertTrue(h[2 * j + side] >= 0 && h[2 * j + side] < 1, "h = " + h[2 * j + side]);
        largest = Math.max(largest, h[2 * j + side]);
      }
    }
    assertTrue(largest > 0.3, "the problem should have some high-leverage rows; largest " + largest);
  }

  @Test
  void implicitLeverageLiesInTheUnitInterval() {
    Planted.Problem p = Planted.implicit(30, 20, K, 0.4, 0.2, 93);
    PointLoss loss = PointLoss.implicit(LAMBDA, 2.0);
    BlockVector theta = Planted.converge(p.train(), loss, K, 1e-12, 1).theta();
    double[] h = BlockDiagonal.of(p.train(), loss, theta, HessianOptions.EXACT)
        .leverage(p.train(), loss, theta, new JavaCholeskySolver());
    for (double v : h) {
      assertTrue(v >= 0 && v < 1, "h = " + v);
    }
  }

  /**
   * {@code x_u·y_i} after re-solving the user (or the item) of interaction {@code j} exactly with the
   * other side fixed, its rating shifted by {@code dr}: the normal equation of an ALS half-step.
   */
  private static double fittedAfterResolve(Interactions data, BlockVector theta, int j, boolean user, double dr) {
    int own = user ? data.user(j) : data.item(j);
    double[] other = user ? theta.items() : theta.users();
    double[] a = new double[K * K];
    double[] b = new double[K];
    double wsum = 0;
    for (int q = 0; q < data.size(); q++) {
      if ((user ? data.user(q) : data.item(q)) != own) {
        continue;
      }
      int opp = user ? data.item(q) : data.user(q);
      double r = data.rating(q) + (q == j ? dr : 0);
      NormalEquations.add(K, a, 0, b, 0, other, opp * K, r, data.weight(q), false, 0);
      wsum += data.weight(q);
    }
    NormalEquations.finish(K, a, 0, LAMBDA * wsum, null);
    JavaCholeskySolver.solveAt(K, a, 0, b, 0);
    int opp = user ? data.item(j) : data.user(j);
    return NormalEquations.dot(K, b, 0, other, opp * K);
  }
}
