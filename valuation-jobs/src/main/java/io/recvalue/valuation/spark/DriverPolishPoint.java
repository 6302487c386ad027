package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.CgResult;
import io.recvalue.valuation.math.HessianOptions;

/**
 * A point of the polish on the driver ({@link DriverSolver}): {@code θ} of the entities with a training row, its
 * {@code F} (the walk's start from Spark, then the change of each accepted step summed term by term) and its
 * gradient, all computed on the collected rows; a step is CG there. Only the end goes back to Spark
 * ({@link #land}): the move from the start, once, and the start's blocks moved to it.
 */
final class DriverPolishPoint implements PolishPoint {
  private final Walk walk;
  private final BlockVector theta;
  private final double value;
  private BlockVector gradient;

  /**
   * What every point of one walk shares: the driver's problem, the clock, and the start on both sides (its
   * factors and objective on Spark, its factors here).
   */
  record Walk(DriverSolver driver, PolishClock clock, DistributedBlockVector sparkStart,
      DistributedObjective sparkObjective, BlockVector start) {}

  /** The walk's first point, at its start, {@code value} its {@code F}. */
  DriverPolishPoint(Walk walk, double value) {
    this(walk, walk.start(), value);
  }

  private DriverPolishPoint(Walk walk, BlockVector theta, double value) {
    this.walk = walk;
    this.theta = theta;
    this.value = value;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public double gradientNorm() {
    if (gradient == null) {
      gradient = walk.clock().point(() -> walk.driver().gradient(theta));
    }
    return gradient.norm();
  }

  @Override
  public Trial trial(HessianOptions options, CgOptions cg) {
    gradientNorm();
    CgResult r = walk.clock().solve(() -> walk.driver().solve(theta, gradient, options, cg));
    BlockVector next = theta.copy().axpy(-1, r.solution());
    double change = walk.clock().point(() -> walk.driver().valueChange(theta, next));
    double norm = r.solution().norm();
    return new Trial(new DriverPolishPoint(walk, next, value + change), change, r.iterations(), r.negativeCurvature(),
        Trial.quadraticModelDecrease(gradient.dot(r.solution()), options.damping(), norm * norm));
  }

  /**
   * {@code θ} on Spark: the start plus this point's move from it (the entities without a training row keep their
   * factors, as on Spark), the lineage cut; its objective the start's blocks moved there
   * ({@link DistributedObjective#at}).
   */
  @Override
  public Landing land() {
    return walk.clock().point(() -> {
      DistributedBlockVector move = walk.driver().distributed(theta.copy().axpy(-1, walk.start()), walk.sparkStart(),
          "value.polish.move");
      DistributedBlockVector landed = walk.sparkStart().axpy(1, move).persist("value.polish.theta").truncateLineage();
      landed.materialize();
      move.unpersist();
      return new Landing(landed, walk.sparkObjective().at(landed));
    });
  }

  @Override
  public void release() {
    // nothing cached on Spark: the driver's arrays go with the point
  }
}
