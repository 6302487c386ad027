package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.PointLoss;

/**
 * Settings of an influence valuation, validated when built (a bad value fails with its key).
 *
 * @param blockDiagonal {@code s = M⁻¹g} with the block-diagonal {@code M} (method {@code blockdiag}, no
 *     CG) instead of {@code s = H⁻¹g} by CG (method {@code influence})
 * @param cgTolerance CG stop on {@code ‖Hs − g‖/‖g‖ ≤ cgTolerance}, in (0, 1); 1e-6 in {@link #explicit} and
 *     {@link #implicit}, the value stage's {@code value.cg-tol} otherwise
 * @param cgMaxIter CG iteration cap, ≥ 0; default 500
 * @param damping {@code δ ≥ 0} of {@code H + δI}; default 0
 * @param gaussNewton use the Gauss–Newton matrix instead of the exact Hessian; default false
 * @param lambda the model's regularisation {@code λ ≥ 0} (as trained)
 * @param alpha implicit confidence {@code c = 1 + α r}, ≥ 0 (ignored for explicit data)
 * @param implicit whether the model is implicit (Hu–Koren–Volinsky) or explicit (ALS-WR)
 * @param validationObjective {@code mse} (explicit default), {@code squared} (implicit default),
 *     {@code bpr}
 * @param negativesPerPositive seeded negatives per held-out positive for {@code squared}, ≥ 1
 * @param seed root seed of the negatives
 * @param partitions partitions of the user and item tables; 0 means Spark's default parallelism
 * @param checkpointInterval CG iterations between lineage truncations, ≥ 1, or 0 for {@link CheckpointInterval}'s
 *     choice by the training rows; default 10
 * @param solveOnDriver run CG on the driver where the problem fits there ({@link DriverSolver}); default false
 *     here, the value stage's {@code value.solve-on-driver} otherwise
 */
public record InfluenceSettings(boolean blockDiagonal, double cgTolerance, int cgMaxIter,
    double damping, boolean gaussNewton, double lambda, double alpha, boolean implicit,
    ValidationKind validationObjective, int negativesPerPositive, long seed, int partitions,
    int checkpointInterval, boolean solveOnDriver) {
  /** The {@code method} column of values by CG. */
  public static final String INFLUENCE_ID = "influence";
  /** The {@code method} column of block-diagonal values. */
  public static final String BLOCKDIAG_ID = "blockdiag";

  public InfluenceSettings {
    require(cgTolerance > 0 && cgTolerance < 1, "value.cg.tolerance", cgTolerance);
    require(cgMaxIter >= 0, "value.cg.maxIter", cgMaxIter);
    require(damping >= 0 && Double.isFinite(damping), "value.damping", damping);
    require(lambda >= 0 && Double.isFinite(lambda), "value.lambda", lambda);
    require(alpha >= 0 && Double.isFinite(alpha), "value.alpha", alpha);
    require(validationObjective != null, "value.validation.objective", validationObjective);
    require(negativesPerPositive >= 1, "value.validation.negativesPerPositive",
        negativesPerPositive);
    require(partitions >= 0, "value.partitions", partitions);
    require(checkpointInterval >= 0, "value.cg.checkpointInterval", checkpointInterval);
  }

  /** Defaults for an explicit model trained with {@code λ}: CG, MSE, 1e-6, 500 iterations. */
  public static InfluenceSettings explicit(double lambda) {
    return new InfluenceSettings(false, 1e-6, 500, 0, false, lambda, 0, false,
        ValidationKind.MSE, 1, 0L, 0, 10, false);
  }

  /** Defaults for an implicit model: CG, squared loss with 4 seeded negatives per positive. */
  public static InfluenceSettings implicit(double lambda, double alpha) {
    return new InfluenceSettings(false, 1e-6, 500, 0, false, lambda, alpha, true,
        ValidationKind.SQUARED, 4, 0L, 0, 10, false);
  }

  public InfluenceSettings withBlockDiagonal(boolean b) {
    return new InfluenceSettings(b, cgTolerance, cgMaxIter, damping, gaussNewton, lambda, alpha,
        implicit, validationObjective, negativesPerPositive, seed, partitions, checkpointInterval, solveOnDriver);
  }

  public InfluenceSettings withCg(double tolerance, int maxIter, int checkpointEvery) {
    return new InfluenceSettings(blockDiagonal, tolerance, maxIter, damping, gaussNewton, lambda, alpha,
        implicit, validationObjective, negativesPerPositive, seed, partitions, checkpointEvery, solveOnDriver);
  }

  public InfluenceSettings withHessian(boolean gn, double delta) {
    return new InfluenceSettings(blockDiagonal, cgTolerance, cgMaxIter, delta, gn, lambda, alpha,
        implicit, validationObjective, negativesPerPositive, seed, partitions, checkpointInterval, solveOnDriver);
  }

  public InfluenceSettings withValidation(ValidationKind kind, int perPositive, long rootSeed) {
    return new InfluenceSettings(blockDiagonal, cgTolerance, cgMaxIter, damping, gaussNewton, lambda,
        alpha, implicit, kind, perPositive, rootSeed, partitions, checkpointInterval, solveOnDriver);
  }

  public InfluenceSettings withPartitions(int n) {
    return new InfluenceSettings(blockDiagonal, cgTolerance, cgMaxIter, damping, gaussNewton, lambda,
        alpha, implicit, validationObjective, negativesPerPositive, seed, n, checkpointInterval, solveOnDriver);
  }

  public InfluenceSettings withSolveOnDriver(boolean b) {
    return new InfluenceSettings(blockDiagonal, cgTolerance, cgMaxIter, damping, gaussNewton, lambda,
        alpha, implicit, validationObjective, negativesPerPositive, seed, partitions, checkpointInterval, b);
  }

  /** The id written to the {@code method} column: {@code blockdiag} or {@code influence}. */
  public String methodId() {
    return blockDiagonal ? BLOCKDIAG_ID : INFLUENCE_ID;
  }

  /** The per-interaction loss of the trained model. */
  public PointLoss loss() {
    return implicit ? PointLoss.implicit(lambda, alpha) : PointLoss.explicit(lambda);
  }

  public HessianOptions hessian() {
    return new HessianOptions(gaussNewton, damping);
  }

  public CgOptions cg() {
    return new CgOptions(cgTolerance, cgMaxIter);
  }

  private static void require(boolean ok, String key, Object value) {
    if (!ok) {
      throw new IllegalArgumentException("invalid " + key + ": " + value);
    }
  }
}
