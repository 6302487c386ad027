package io.recvalue.valuation.spark;

import io.recvalue.core.linalg.SolverBackends;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.PointLoss;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Converges the trained model to the minimiser {@code θ*} of the training objective, so that
 * influence values are computed where the implicit function theorem holds (docs/methods.md §3).
 *
 * <p><b>Why.</b> An influence value is exact to first order only at a stationary point: the theorem
 * gives the derivative of {@code θ*} in {@code w_j} as {@code −H⁻¹∇ℓ_j} from {@code ∇F(θ*, w) = 0}. ALS stops on a relative change of the
 * objective; on rating logs it contracts slowly along directions that couple users and items, so the
 * trained model still has a gradient, and there the exact Hessian is often indefinite (the reason the
 * Gauss–Newton matrix was the default). A few Newton steps from the trained model reach {@code θ*}:
 * near it Newton converges quadratically where ALS moves only {@code (1 − ρ)} of the error per sweep.
 *
 * <p><b>A step</b> (Levenberg–Marquardt on the exact Hessian, the rule of the leave-one-out check's
 * local solver): solve {@code (∇²F(θ) + μI) Δ = ∇F(θ)} by block-diagonally preconditioned CG on the
 * Hessian-vector product (the machinery of the values), to a relative residual
 * {@code min(10⁻², √(‖∇F(θ)‖ / ‖∇F(θ₀)‖))} (a forcing sequence: loose far away, tight near the end, which
 * keeps Newton's fast local convergence at a fraction of the CG iterations), but no tighter than the
 * stopping target needs ({@link #forcing}); try {@code θ − Δ}. Accept
 * when {@code F} falls, or, within the rounding of {@code F}, when {@code ‖∇F‖} falls (at the minimum a
 * lightly damped step moves along the rotation null space, where {@code F} is flat); then set {@code μ}
 * from the step's gain ratio ({@link #dampingAfterAcceptance}), else {@code μ ×= 10} and retry. A step
 * whose CG stopped on negative curvature raises {@code μ} tenfold even when kept: {@code H + μI} is
 * then indefinite and CG returns a truncated step (on sparse logs a single preconditioned gradient
 * step, which keeps being accepted with a perfect gain ratio while {@code F} barely moves). {@code μ}
 * makes the system positive definite far from {@code θ*}, where the exact Hessian is not.
 *
 * <p><b>Two layouts of the walk</b> ({@link PolishPoint}; the rules above are the same for both). The training
 * rows are read and cached once, without factors ({@link TrainingEdges}); the trained model's point is built
 * from them (their grouping into {@link BlockedEdges}: one shuffle of every row), and they stay cached for the
 * values' pass that follows ({@link Result#objective}).
 * <ul>
 *   <li><b>On the driver</b> ({@link DriverPolishPoint}), with {@link Settings#solveOnDriver} and a problem
 *       that fits there ({@link DriverSolver}): the rows are collected once and every point, {@code F} change,
 *       gradient and CG solve is computed on them; only the end goes back to Spark, the trained model's blocks
 *       moved to it.</li>
 *   <li><b>On Spark</b> ({@link SparkPolishPoint}): a candidate is the current point's blocks moved to its
 *       factors ({@link DistributedObjective#at}: the blocks keep their interactions, curvatures and layout; the
 *       factors arrive as the messages of one Hessian-vector product, and each slope moves exactly with its
 *       score, the loss being quadratic in the score); CG is a job per iteration. A point's blocks descend from
 *       the previous point's: a lost cached partition is recomputed along that chain, one link per accepted
 *       step, back to the trained model's rows.</li>
 * </ul>
 * Either way a candidate is judged by {@code F} first, the current {@code F} plus the change summed term by
 * term ({@link DistributedObjective#valueChange}, {@link io.recvalue.valuation.math.TrainingObjective#valueChange}),
 * which keeps the small changes near {@code θ*} free of the cancellation of two large sums; its gradient is
 * computed only when it is kept (or when {@code F} ties).
 *
 * <p><b>Stops</b> converged at {@code ‖∇F(θ)‖ ≤ max(tol · ‖∇F(θ₀)‖, 10⁻¹² · Σ_j ‖w_j∇ℓ_j(θ₀)‖)} (the second
 * term is the rounding floor of a sum of those terms: a model already at {@code θ*} needs no step),
 * unconverged after {@code maxSteps} tried steps or {@value #MAX_REJECTIONS_IN_A_ROW} rejections in a row.
 *
 * <p>Diagnostics: {@code polish_steps, polish_accepted_steps, polish_cg_iterations,
 * polish_negative_curvature_steps, polish_converged,
 * polish_gradient_start, polish_gradient_end, polish_relative_gradient, polish_objective_start,
 * polish_objective_end, polish_relative_move} ({@code max|θ* − θ₀| / max|θ₀|}, how far the values' point
 * is from the trained model), {@code seconds_polish} and two parts of it: {@code seconds_polish_points}
 * (building each point tried: the first from the rows, then each candidate's moved blocks and {@code F},
 * and for a point kept its gradient; on the driver, also the end's move back to Spark)
 * and {@code seconds_polish_solves} (the steps' CG solves with their preconditioners, and the rows' collection
 * when they run on the driver), {@code polish_cg_layout} ({@code driver} or {@code spark}: where the walk ran).
 */
public final class ThetaPolish {
  static final double INITIAL_DAMPING = 1e-3;
  static final double MIN_DAMPING = 1e-12;
  static final int MAX_REJECTIONS_IN_A_ROW = 8;
  /** The gradient's rounding floor relative to the mass of its terms. */
  static final double ROUNDING_FLOOR = 1e-12;

  /**
   * @param maxSteps Newton steps tried at most; 0 turns the polish off
   * @param gradientTolerance stop at {@code ‖∇F‖ ≤ tol · ‖∇F(θ₀)‖}
   * @param cgMaxIter CG iterations per step at most
   * @param checkpointInterval CG iterations between checkpoints of its iterates; 0: by the training rows
   *     ({@link CheckpointInterval})
   * @param solveOnDriver solve each step on the driver where the problem fits there ({@link DriverSolver})
   */
  public record Settings(int maxSteps, double gradientTolerance, int cgMaxIter, int checkpointInterval,
      boolean solveOnDriver) {
    /** Settings whose steps are solved on Spark whatever the problem's size. */
    public Settings(int maxSteps, double gradientTolerance, int cgMaxIter, int checkpointInterval) {
      this(maxSteps, gradientTolerance, cgMaxIter, checkpointInterval, false);
    }

    public Settings {
      if (maxSteps < 0) {
        throw new IllegalArgumentException("value.polish-steps must be >= 0, got " + maxSteps);
      }
      if (!(gradientTolerance > 0 && gradientTolerance < 1)) {
        throw new IllegalArgumentException("value.polish-tol must be in (0, 1), got " + gradientTolerance);
      }
      if (cgMaxIter < 1) {
        throw new IllegalArgumentException("value.cg-max-iter must be >= 1, got " + cgMaxIter);
      }
      if (checkpointInterval < 0) {
        throw new IllegalArgumentException("value.checkpoint-interval must be >= 0, got " + checkpointInterval);
      }
    }
  }

  /**
   * The polished factor tables (lazy views of the cached factors) and the objective at them ({@code objective}:
   * its rows, blocks and factors, for the solve that follows,
   * {@link InfluenceValuation#run(Dataset, Dataset, Dataset, Dataset, DistributedObjective)}), all cached until
   * {@link #release} frees them, and what the polish did.
   */
  public record Result(Dataset<Row> userFactors, Dataset<Row> itemFactors, DistributedObjective objective,
      Map<String, Object> diagnostics, Runnable release) {}

  private final SparkSession spark;
  private final PointLoss loss;
  private final Settings settings;
  private final int partitions;
  private final Consumer<String> log;

  /** {@code partitions ≤ 0}: Spark's default parallelism; {@code log} hears one line per step. */
  public ThetaPolish(SparkSession spark, PointLoss loss, Settings settings, int partitions, Consumer<String> log) {
    this.spark = spark;
    this.loss = loss;
    this.settings = settings;
    this.partitions = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
    this.log = log;
  }

  /** Polishes the factors of a model trained on {@code train}; the caller releases the result. */
  public Result polish(Dataset<Row> train, Dataset<Row> userFactors, Dataset<Row> itemFactors) {
    long start = System.nanoTime();
    spark.sparkContext().setJobDescription("value: polish");
    Partitioner up = new HashPartitioner(partitions);
    Partitioner ip = new HashPartitioner(partitions);
    int k = FactorTables.rank(userFactors);
    String backend = SolverBackends.resolve(SolverBackends.AUTO);
    DistributedBlockVector theta0 = FactorTables.toVector(userFactors, itemFactors, k, up, ip).persist("value.polish.theta0");
    theta0.materialize();
    PolishClock clock = new PolishClock();
    TrainingEdges rows = clock.point(() -> TrainingEdges.build(train, ip, "value.train.edges"));
    int checkpointInterval = CheckpointInterval.resolve(settings.checkpointInterval(), rows.count());
    // the first point from the rows: F and Σ_j ‖w_j ∇ℓ_j‖ there (the scale of ∇F's rounding) in one pass
    DistributedBlockVector thetaStart = theta0.axpy(0, theta0).persist("value.polish.theta");
    DistributedObjective objective0 = clock.point(() -> DistributedObjective.of(loss, rows, thetaStart, up, ip));
    double[] valueAndMass = clock.point(objective0::valueAndGradientMass);
    SparkPolishPoint sparkStart = new SparkPolishPoint(thetaStart, objective0, valueAndMass[0],
        new SparkPolishPoint.Solver(backend, checkpointInterval, clock));
    Optional<DriverSolver> driver = settings.solveOnDriver()
        ? clock.solve(() -> DriverSolver.of(objective0, DriverSolver.maxNumbers(), backend))
        : Optional.empty();
    PolishPoint cur = driver.isEmpty() ? sparkStart : new DriverPolishPoint(new DriverPolishPoint.Walk(driver.get(),
        clock, thetaStart, objective0, clock.point(() -> driver.get().local(thetaStart))), valueAndMass[0]);
    double g0 = cur.gradientNorm();
    double f0 = cur.value();
    double target = Math.max(settings.gradientTolerance() * g0, ROUNDING_FLOOR * valueAndMass[1]);
    double mu = INITIAL_DAMPING;
    int steps = 0;
    int accepted = 0;
    int cgIterations = 0;
    int negativeSteps = 0;
    int rejectedInARow = 0;
    boolean converged = g0 <= target;
    while (!converged && steps < settings.maxSteps() && rejectedInARow < MAX_REJECTIONS_IN_A_ROW) {
      double forcing = forcing(cur.gradientNorm(), g0, target);
      PolishPoint.Trial trial = cur.trial(new HessianOptions(false, mu), new CgOptions(forcing, settings.cgMaxIter()));
      PolishPoint candidate = trial.point();
      cgIterations += trial.iterations();
      negativeSteps += trial.negativeCurvature() ? 1 : 0;
      steps++;
      double rounding = 1e-13 * Math.abs(cur.value());
      boolean lower = trial.change() < -rounding;
      if (!lower && trial.change() <= rounding) {
        lower = candidate.gradientNorm() < cur.gradientNorm();
      }
      double change = -trial.change();
      double ratio = change / trial.predictedDecrease();
      double damping = mu;
      double gradientBefore = cur.gradientNorm();
      if (lower) {
        candidate.gradientNorm();
        cur.release();
        cur = candidate;
        accepted++;
        // CG stopped on negative curvature: the step is a truncated one (often a single preconditioned
        // gradient step), however well the model predicted it; H + μI is indefinite, so raise μ
        mu = trial.negativeCurvature() ? mu * 10 : dampingAfterAcceptance(mu, ratio);
        rejectedInARow = 0;
        converged = cur.gradientNorm() <= target;
      } else {
        candidate.release();
        mu *= 10;
        rejectedInARow++;
      }
      log.accept(String.format(Locale.ROOT, "polish step %d: %s, F %s by %.2e (gain ratio %.2f), |grad F| %.3e"
          + " -> %.3e (%.1e of the start), damping %.0e, %d CG iterations%s", steps, lower ? "accepted" : "rejected",
          change >= 0 ? "fell" : "rose", Math.abs(change), ratio, gradientBefore, cur.gradientNorm(),
          cur.gradientNorm() / g0, damping, trial.iterations(),
          trial.negativeCurvature() ? " (negative curvature)" : ""));
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("polish_steps", steps);
    d.put("polish_accepted_steps", accepted);
    d.put("polish_cg_iterations", cgIterations);
    d.put("polish_negative_curvature_steps", negativeSteps);
    d.put("polish_cg_layout", driver.isPresent() ? "driver" : "spark");
    d.put("polish_converged", converged);
    d.put("polish_gradient_start", g0);
    d.put("polish_gradient_end", cur.gradientNorm());
    d.put("polish_relative_gradient", g0 == 0 ? 0.0 : cur.gradientNorm() / g0);
    d.put("polish_objective_start", f0);
    d.put("polish_objective_end", cur.value());
    PolishPoint.Landing done = cur.land();
    if (driver.isPresent()) {
      // a walk on the driver keeps the start's blocks until here: the end on Spark is moved from them
      sparkStart.release();
    }
    d.put("polish_relative_move", relativeMove(done.theta(), theta0));
    theta0.unpersist();
    // lazy views of the cached factors: a solve that reuses the objective never reads them
    Dataset<Row> users = FactorTables.users(spark, done.theta());
    Dataset<Row> items = FactorTables.items(spark, done.theta());
    d.put("seconds_polish_points", clock.pointSeconds());
    d.put("seconds_polish_solves", clock.solveSeconds());
    d.put("seconds_polish", (System.nanoTime() - start) / 1e9);
    spark.sparkContext().setJobDescription(null);
    return new Result(users, items, done.objective(), d, () -> {
      done.objective().release();
      rows.unpersist();
      done.theta().unpersist();
    });
  }

  /**
   * The relative residual a step's CG solves to: Eisenstat and Walker's {@code min(10⁻², √(‖∇F‖/‖∇F(θ₀)‖))},
   * loosened to {@code ½ · target/‖∇F‖} (at most ½) once that is looser. A Newton step solved to a
   * relative residual {@code η} leaves a gradient of about {@code η‖∇F‖} plus what the quadratic model
   * misses, so near the stopping target a looser solve still ends the polish; solving it to {@code 10⁻²}
   * would take the gradient far below the target at several more CG iterations.
   */
  static double forcing(double gradient, double g0, double target) {
    double eisenstatWalker = Math.max(1e-10, Math.min(1e-2, Math.sqrt(gradient / g0)));
    return Math.max(eisenstatWalker, Math.min(0.5, 0.5 * target / gradient));
  }

  /**
   * The damping after an accepted step, from its gain ratio {@code ρ} (actual over predicted
   * decrease of {@code F}), Nielsen's rule: {@code μ · max(1/3, 1 − (2ρ − 1)³)}. A step the model
   * predicted well ({@code ρ → 1}) cuts {@code μ} by up to three, one it predicted poorly keeps or
   * raises it (up to twice) — a fixed {@code μ/10} would drop back into the damping that the
   * indefinite Hessian far from {@code θ*} turns down, and alternate rejected and accepted steps. A
   * model that predicted no decrease ({@code ρ} not finite or negative prediction) keeps {@code μ}.
   */
  static double dampingAfterAcceptance(double mu, double ratio) {
    if (!Double.isFinite(ratio) || ratio <= 0) {
      return mu;
    }
    double c = 2 * ratio - 1;
    return Math.max(mu * Math.max(1.0 / 3, 1 - c * c * c), MIN_DAMPING);
  }

  /** {@code max|a − b| / max|b|} over both sides. */
  private static double relativeMove(DistributedBlockVector a, DistributedBlockVector b) {
    DistributedBlockVector diff = a.axpy(-1, b);
    double moved = maxAbs(diff);
    double size = maxAbs(b);
    return size == 0 ? 0.0 : moved / size;
  }

  private static double maxAbs(DistributedBlockVector v) {
    return v.users().values().union(v.items().values()).map(x -> {
      double m = 0;
      for (double e : x) {
        m = Math.max(m, Math.abs(e));
      }
      return m;
    }).fold(0.0, Math::max);
  }
}
