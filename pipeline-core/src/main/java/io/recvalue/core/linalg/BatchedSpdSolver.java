package io.recvalue.core.linalg;

/**
 * Solves a batch of small symmetric positive definite systems {@code A_m x_m = b_m}, {@code m = 0 ..
 * count-1}, each {@code k×k}.
 *
 * <p>Layout: {@code a} holds the matrices one after another, each row-major and complete (both
 * triangles), so matrix {@code m} occupies {@code a[m*k*k .. (m+1)*k*k)}; {@code b} holds the right-hand
 * sides, {@code b[m*k .. (m+1)*k)}. On return {@code b} holds the solutions; {@code a} may have been
 * overwritten (by the Cholesky factor). Only the lower triangle of each matrix needs to be valid for
 * the Java implementation, but callers should fill both.
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

  /** The backend, for the run manifest (e.g. {@code "nd4j-native 1.0.0-M2.1 (CPU)"}). */
  String describe();
}
