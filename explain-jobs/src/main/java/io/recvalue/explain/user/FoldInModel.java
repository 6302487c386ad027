package io.recvalue.explain.user;

import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.linalg.JavaCholeskySolver;
import java.io.Serializable;
import java.util.Map;

/**
 * The trained item side of a model and the settings of its user half-step: everything a fold-in
 * needs. With the item factors {@code Y} fixed, a user's factor is the minimiser of their own part of
 * the training objective, the solution of the user's normal equation ({@link NormalEquations}):
 *
 * <pre>
 *   explicit:  (Σ_{j∈S} w_j y_j y_jᵀ + λ (Σ_{j∈S} w_j) I) x = Σ_{j∈S} w_j r_j y_j
 *   implicit:  (YᵀY + Σ_{j∈S} w_j (c_j − 1) y_j y_jᵀ + λ (Σ_{j∈S} w_j) I) x = Σ_{j∈S} w_j c_j y_j,  c_j = 1 + α r_j
 * </pre>
 *
 * over the user's events {@code S}. With {@code S} all of them this is exactly the user half-step of
 * weighted ALS, so at a converged model the fold-in gives back the trained factor (a fixed point). The
 * empty history has {@code x(∅) = 0} (the implicit system gives it; the explicit one is defined so).
 *
 * <p>Holds the item factors densely by index ({@code 8·k} bytes per index up to the largest), so that a
 * Spark task can rank every item for a user; it is broadcast once per stage.
 */
public final class FoldInModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final JavaCholeskySolver SOLVER = new JavaCholeskySolver();

  private final int rank;
  private final double lambda;
  private final boolean implicit;
  private final double alpha;
  private final double[] items;
  private final boolean[] hasFactors;
  private final double[] gram;

  /**
   * @param rank {@code k}
   * @param lambda the run's {@code λ} (train.lambda); explicit feedback needs {@code λ > 0} so that every
   *     non-empty history has a unique solution
   * @param implicit Hu–Koren–Volinsky implicit feedback
   * @param alpha the confidence slope of {@code c = 1 + α r}
   * @param itemFactors factor of each item that has one, by item index
   */
  public FoldInModel(int rank, double lambda, boolean implicit, double alpha, Map<Integer, double[]> itemFactors) {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be >= 1, got " + rank);
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda) || (!implicit && lambda == 0)) {
      throw new IllegalArgumentException("train.lambda must be > 0 (explicit) or >= 0 (implicit) to fold a user in,"
          + " got " + lambda);
    }
    int size = itemFactors.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    this.rank = rank;
    this.lambda = lambda;
    this.implicit = implicit;
    this.alpha = alpha;
    this.items = new double[size * rank];
    this.hasFactors = new boolean[size];
    for (Map.Entry<Integer, double[]> e : itemFactors.entrySet()) {
      if (e.getValue().length != rank) {
        throw new IllegalArgumentException("item " + e.getKey() + " has " + e.getValue().length + " factors, rank is " + rank);
      }
      System.arraycopy(e.getValue(), 0, items, e.getKey() * rank, rank);
      hasFactors[e.getKey()] = true;
    }
    if (implicit) {
      gram = new double[rank * rank];
      NormalEquations.addGram(rank, gram, items, size);
      NormalEquations.symmetrize(rank, gram);
    } else {
      gram = null;
    }
  }

  public int rank() {
    return rank;
  }

  public boolean implicit() {
    return implicit;
  }

  /** One past the largest item index. */
  public int itemCount() {
    return hasFactors.length;
  }

  public boolean hasFactors(int item) {
    return item >= 0 && item < hasFactors.length && hasFactors[item];
  }

  /** The item factors, {@code k} per index (zeros where an item has none). */
  double[] itemFactors() {
    return items;
  }

  /** A copy of item {@code i}'s factor. */
  public double[] itemFactor(int item) {
    double[] y = new double[rank];
    System.arraycopy(items, item * rank, y, 0, rank);
    return y;
  }

  /**
   * Adds event {@code (r, w)} with item factor {@code y} to a user's matrix (lower triangle) and
   * right-hand side: the same call the ALS half-step makes.
   */
  void addEvent(double[] a, int ao, double[] b, int bo, double[] y, int yo, double r, double w) {
    NormalEquations.add(rank, a, ao, b, bo, y, yo, r, w, implicit, alpha);
  }

  /**
   * Solves the user's system in place: {@code a} holds {@code Σ} of the events' terms (lower
   * triangle) at {@code ao}, {@code b} their right-hand sides at {@code bo}, {@code weightSum} their
   * {@code Σ w}. Completes the matrix with {@code λ Σw I} (and {@code YᵀY}), factorises it and leaves
   * {@code x} in {@code b}; {@code a} is overwritten. An empty history ({@code weightSum = 0}) gives 0.
   */
  void solve(double[] a, int ao, double[] b, int bo, double weightSum) {
    if (weightSum == 0) {
      java.util.Arrays.fill(b, bo, bo + rank, 0.0);
      return;
    }
    NormalEquations.finish(rank, a, ao, lambda * weightSum, gram);
    JavaCholeskySolver.solveAt(rank, a, ao, b, bo);
  }

  /**
   * Solves {@code count} non-empty systems laid out one after another ({@code k×k} and {@code k} each)
   * as one batch of the core Cholesky solver; {@code b} holds the factors on return.
   */
  void solveBatch(double[] a, double[] b, double[] weightSums, int count) {
    for (int m = 0; m < count; m++) {
      if (!(weightSums[m] > 0)) {
        throw new IllegalArgumentException("system " + m + " of the batch has no event of positive weight");
      }
      NormalEquations.finish(rank, a, m * rank * rank, lambda * weightSums[m], gram);
    }
    SOLVER.solve(rank, count, a, b);
  }

  /** {@code x·y_i}. */
  double score(double[] x, int xo, int item) {
    return NormalEquations.dot(rank, x, xo, items, item * rank);
  }
}
