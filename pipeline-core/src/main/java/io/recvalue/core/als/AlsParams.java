package io.recvalue.core.als;

import io.recvalue.core.linalg.SolverBackends;

/**
 * Parameters of {@link WeightedAls}, validated when built (the message names the parameter and value).
 *
 * @param rank number of latent factors {@code k ≥ 1}
 * @param lambda regularisation {@code λ ≥ 0}, applied per interaction as in docs/methods.md §1 (MLlib's
 *     {@code regParam} with its {@code λ·n} scaling)
 * @param implicit Hu–Koren–Volinsky implicit feedback instead of explicit ratings
 * @param alpha confidence slope {@code α ≥ 0} of {@code c = 1 + α r} (implicit only)
 * @param maxIter most sweeps (one sweep = users then items), {@code ≥ 1}
 * @param tol stop when {@code |F_prev − F| / |F_prev| < tol}; {@code 0} runs exactly {@code maxIter}
 * @param numBlocks user and item blocks (and partitions), {@code ≥ 1}
 * @param seed root seed of the per-entity initialisation and the validation negatives
 * @param checkpointInterval checkpoint the factors every this many sweeps ({@code ≥ 1}), or {@code -1}
 *     never; needs a checkpoint directory on the SparkContext
 * @param solverBackend {@code auto|nd4j|java}, see {@link SolverBackends}
 */
public record AlsParams(
    int rank, double lambda, boolean implicit, double alpha, int maxIter, double tol, int numBlocks,
    long seed, int checkpointInterval, String solverBackend) {

  public AlsParams {
    require(rank >= 1, "rank", rank, "must be >= 1");
    require(Double.isFinite(lambda) && lambda >= 0, "lambda", lambda, "must be finite and >= 0");
    require(Double.isFinite(alpha) && alpha >= 0, "alpha", alpha, "must be finite and >= 0");
    require(maxIter >= 1, "maxIter", maxIter, "must be >= 1");
    require(Double.isFinite(tol) && tol >= 0, "tol", tol, "must be finite and >= 0");
    require(numBlocks >= 1, "numBlocks", numBlocks, "must be >= 1");
    require(checkpointInterval >= 1 || checkpointInterval == -1, "checkpointInterval", checkpointInterval,
        "must be >= 1, or -1 to disable");
    SolverBackends.validate(solverBackend);
  }

  private static void require(boolean ok, String name, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("AlsParams." + name + " " + rule + ", got " + value);
    }
  }

  /** Explicit feedback, 10 sweeps max, tol 1e-6, 4 blocks, seed 42, checkpoint every 10, backend auto. */
  public static AlsParams explicit(int rank, double lambda) {
    return new AlsParams(rank, lambda, false, 0.0, 10, 1e-6, 4, 42L, 10, SolverBackends.AUTO);
  }

  /** Implicit feedback with confidence slope {@code alpha}, otherwise as {@link #explicit}. */
  public static AlsParams implicit(int rank, double lambda, double alpha) {
    return new AlsParams(rank, lambda, true, alpha, 10, 1e-6, 4, 42L, 10, SolverBackends.AUTO);
  }

  public AlsParams withMaxIter(int v) {
    return new AlsParams(rank, lambda, implicit, alpha, v, tol, numBlocks, seed, checkpointInterval, solverBackend);
  }

  public AlsParams withTol(double v) {
    return new AlsParams(rank, lambda, implicit, alpha, maxIter, v, numBlocks, seed, checkpointInterval, solverBackend);
  }

  public AlsParams withNumBlocks(int v) {
    return new AlsParams(rank, lambda, implicit, alpha, maxIter, tol, v, seed, checkpointInterval, solverBackend);
  }

  public AlsParams withSeed(long v) {
    return new AlsParams(rank, lambda, implicit, alpha, maxIter, tol, numBlocks, v, checkpointInterval, solverBackend);
  }

  public AlsParams withSolverBackend(String v) {
    return new AlsParams(rank, lambda, implicit, alpha, maxIter, tol, numBlocks, seed, checkpointInterval, v);
  }

  public AlsParams withCheckpointInterval(int v) {
    return new AlsParams(rank, lambda, implicit, alpha, maxIter, tol, numBlocks, seed, v, solverBackend);
  }
}
