package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.HessianOptions;
import java.util.Optional;

/**
 * A point of the polish on Spark, everything cached for it. The first point is built from the training rows;
 * each later one is the current point's blocks moved to the candidate's factors ({@link DistributedObjective#at}),
 * its {@code F} the current one plus the change summed over the blocks. The gradient only when asked for, so a
 * candidate step that raises {@code F} is turned down without it. A step is solved by CG on the packed layout
 * where it holds the system ({@link PackedSystem}), else on the entity layout, a job per iteration.
 */
final class SparkPolishPoint implements PolishPoint {
  private final DistributedBlockVector theta;
  private final DistributedObjective objective;
  private final double value;
  private final Solver solver;
  private DistributedBlockVector gradient;
  private double gradientNorm = Double.NaN;

  /** What every point of one walk shares: the solver backend, the CG checkpoint interval and the clock. */
  record Solver(String backend, int checkpointInterval, PolishClock clock) {}

  SparkPolishPoint(DistributedBlockVector theta, DistributedObjective objective, double value, Solver solver) {
    this.theta = theta;
    this.objective = objective;
    this.value = value;
    this.solver = solver;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public double gradientNorm() {
    if (gradient == null) {
      solver.clock().point(() -> {
        gradient = objective.gradient().persist("value.polish.gradient");
        gradientNorm = gradient.norm();
        return null;
      });
    }
    return gradientNorm;
  }

  @Override
  public Trial trial(HessianOptions options, CgOptions cg) {
    gradientNorm();
    Step step = solver.clock().solve(() -> solve(options, cg));
    return solver.clock().point(() -> {
      // cut the lineage: the step's closures hold broadcasts that are destroyed with its objective
      DistributedBlockVector next = theta.axpy(-1, step.direction).persist("value.polish.theta").truncateLineage();
      next.materialize();
      step.direction.unpersist();
      DistributedObjective moved = objective.at(next);
      double change = objective.valueChange(moved);
      return new Trial(new SparkPolishPoint(next, moved, value + change, solver), change, step.iterations,
          step.negativeCurvature,
          Trial.quadraticModelDecrease(step.dampedCurvature, options.damping(), step.normSquared));
    });
  }

  @Override
  public Landing land() {
    if (gradient != null) {
      gradient.unpersist();
    }
    return new Landing(theta, objective);
  }

  @Override
  public void release() {
    if (gradient != null) {
      gradient.unpersist();
    }
    objective.release();
    theta.unpersist();
  }

  /**
   * A step {@code Δ} (cached), its CG's iterations, negative curvature, {@code Δᵀ(H + μI)Δ} and {@code ‖Δ‖²}.
   */
  private record Step(DistributedBlockVector direction, int iterations, boolean negativeCurvature,
      double dampedCurvature, double normSquared) {}

  /** {@code (H + μI)⁻¹ ∇F} by preconditioned CG, in the packed layout where it holds the system. */
  private Step solve(HessianOptions options, CgOptions cg) {
    Optional<PackedSystem> packed = PackedSystem.of(objective, options, solver.backend());
    if (packed.isPresent()) {
      PackedSystem system = packed.get();
      PackedBlockVector pg = system.pack(gradient).persist("value.polish.cg.g");
      DistributedCgResult<PackedBlockVector> r = new DistributedConjugateGradient<PackedBlockVector>(
          system::hvp, system::precondition, cg, solver.checkpointInterval(), ValuationProgress.SILENT)
          .withoutTrueResidual().solve(pg);
      DistributedBlockVector s = system.unpack(r.solution()).persist("value.polish.step");
      double norm = s.norm();
      r.solution().unpersist();
      pg.unpersist();
      system.unpersist();
      return new Step(s, r.iterations(), r.negativeCurvature(), r.solutionCurvature(), norm * norm);
    }
    DistributedBlockDiagonal m = DistributedBlockDiagonal.of(objective, options, solver.backend());
    DistributedCgResult<DistributedBlockVector> r = new DistributedConjugateGradient<DistributedBlockVector>(
        v -> objective.hvp(v, options), m::apply, cg, solver.checkpointInterval(), ValuationProgress.SILENT)
        .withoutTrueResidual().solve(gradient);
    m.unpersist();
    double norm = r.solution().norm();
    return new Step(r.solution(), r.iterations(), r.negativeCurvature(), r.solutionCurvature(), norm * norm);
  }
}
