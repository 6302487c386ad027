package io.recvalue.core.linalg;

/**
 * Solves a batch of small symmetric positive definite systems {@code A_m x_m = b_m}, {@code m = 0 ..
 * count-1}, each {@code k×k}: the one interface through which weighted ALS, the valuation's
 * block-diagonal solves and the leave-one-out check reach a backend.
 *
 * <p>Layout: {@code a} holds the matrices one after another, each row-major and complete (both
 * triangles), so matrix {@code m} occupies {@code a[m*k*k .. (m+1)*k*k)}; {@code b} holds the right-hand
 * sides, {@code b[m*k .. (m+1)*k)}. On return {@code b} holds the solutions; {@code a} may have been
 * overwritten (by the Cholesky factor). Only the lower triangle of each matrix needs to be valid for
 * the Java implementation, but callers should fill both.
 *
 * <p>Where one matrix serves many right-hand sides (a preconditioner applied at every conjugate-gradient
 * iteration), {@link #factor} computes the Cholesky factors {@code A_m = L_m L_mᵀ} once and
 * {@link #solveFactored} applies them. The factored form is the same for every backend: {@code L_m} in
 * the lower triangle of its {@code k×k} slot, the upper triangle unspecified. Factors can therefore be
 * stored (in a cached Spark table, say) and applied by any backend.
 *
 * <p>Implementations are not required to be thread-safe; {@link SolverBackends} hands out one
 * instance per JVM and per name, whose methods are safe to call from concurrent Spark tasks.
 */
public interface BatchedSpdSolver {

  /**
   * Solves the batch in place.
   *
   * @throws IllegalArgumentException if a matrix is not (numerically) positive definite; the message
   *     names the batch index of the matrix
   */
  void solve(int k, int count, double[] a, double[] b);

  /**
   * Replaces the lower triangle of each matrix by its Cholesky factor {@code L_m}.
   *
   * @throws IllegalArgumentException if a matrix is not (numerically) positive definite
   */
  void factor(int k, int count, double[] a);

  /** Solves {@code L_m L_mᵀ x_m = b_m} in place for factors {@code l} made by {@link #factor}. */
  void solveFactored(int k, int count, double[] l, double[] b);

  /** The backend, for the run manifest (e.g. {@code "nd4j-native 1.0.0-M2.1 (CPU)"}). */
  String describe();
}
