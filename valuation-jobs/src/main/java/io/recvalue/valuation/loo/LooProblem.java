package io.recvalue.valuation.loo;

import io.recvalue.core.linalg.BatchedSpdSolver;
import io.recvalue.core.linalg.SolverBackends;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.BprObjective;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.CgResult;
import io.recvalue.valuation.math.ConjugateGradient;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.MseObjective;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.Preconditioner;
import io.recvalue.valuation.math.SquaredImplicitObjective;
import io.recvalue.valuation.math.TrainingObjective;
import io.recvalue.valuation.math.ValidationObjective;
import io.recvalue.valuation.spark.ValidationKind;
import java.io.Serializable;

/**
 * The whole training problem in one JVM, as plain arrays so it can be broadcast to executors: the
 * training interactions (dense indices), the validation objective (built exactly as the distributed
 * valuation builds it, with the same seeded negatives), and {@code θ*}. Every leave-one-out or
 * leave-a-group-out retrain is a local weighted ALS ({@link AlsResult#localAls}) on this problem with the left-out
 * weights set to 0, warm-started at {@code θ*} and run to the same tolerance as {@code θ*}:
 * {@code max|Δθ| / max|θ| ≤ tol} over one sweep.
 *
 * <p>Entities without training interactions have zero factor rows and are never updated; a validation
 * pair that touches one scores a constant and cancels out of every change of {@code L_V}.
 */
public final class LooProblem implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numUsers;
  private final int numItems;
  private final int k;
  private final int[] users;
  private final int[] items;
  private final double[] ratings;
  private final double[] weights;
  private final boolean implicit;
  private final double lambda;
  private final double alpha;
  private final ValidationKind kind;
  private final int[] valUsers;
  private final int[] valItems;
  private final double[] valRatings;
  private final int negativesPerPositive;
  private final long seed;
  private double[] thetaUsers;
  private double[] thetaItems;
  private transient ValidationObjective validation;

  /**
   * @param numItems the training items' index range (negatives are drawn from it, as on Spark)
   * @param users training users (dense indices), one per interaction; likewise {@code items},
   *     {@code ratings}, {@code weights}
   * @param thetaUsers flat starting factors, one row per user index up to the largest training or
   *     validation index (zero rows for users without training interactions); likewise {@code thetaItems}
   */
  public LooProblem(int numUsers, int numItems, int k, int[] users, int[] items, double[] ratings,
      double[] weights, boolean implicit, double lambda, double alpha, ValidationKind kind, int[] valUsers, int[] valItems,
      double[] valRatings, int negativesPerPositive, long seed, double[] thetaUsers, double[] thetaItems) {
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.k = k;
    this.users = users;
    this.items = items;
    this.ratings = ratings;
    this.weights = weights;
    this.implicit = implicit;
    this.lambda = lambda;
    this.alpha = alpha;
    this.kind = kind;
    this.valUsers = valUsers;
    this.valItems = valItems;
    this.valRatings = valRatings;
    this.negativesPerPositive = negativesPerPositive;
    this.seed = seed;
    this.thetaUsers = thetaUsers;
    this.thetaItems = thetaItems;
  }

  public int size() {
    return users.length;
  }

  public int user(int j) {
    return users[j];
  }

  public int item(int j) {
    return items[j];
  }

  public int rank() {
    return k;
  }

  public BlockVector theta() {
    return new BlockVector(k, thetaUsers, thetaItems);
  }

  public Interactions interactions() {
    return new Interactions(numUsers, numItems, users, items, ratings, weights);
  }

  public PointLoss loss() {
    return implicit ? PointLoss.implicit(lambda, alpha) : PointLoss.explicit(lambda);
  }

  /** {@code L_V}, built once per JVM. */
  public ValidationObjective validation() {
    if (validation == null) {
      validation = switch (kind) {
        case MSE -> new MseObjective(valUsers, valItems, valRatings);
        case SQUARED -> SquaredImplicitObjective.withSampledNegatives(valUsers, valItems, interactions(),
            negativesPerPositive, seed);
        case BPR -> BprObjective.withSampledNegatives(valUsers, valItems, interactions(), seed);
      };
    }
    return validation;
  }

  /**
   * Converges {@code θ*} from the current factors (in place) and returns the solve's outcome; call before
   * broadcasting.
   */
  public AlsResult convergeTheta(double tol, int maxSweeps) {
    AlsResult r = AlsResult.localAls(interactions(), loss(), null, exactSolver(), theta(), tol, maxSweeps);
    thetaUsers = r.theta().users().clone();
    thetaItems = r.theta().items().clone();
    return r;
  }

  /** A retrain without the interactions {@code removed}: the change of {@code L_V} and the solve. */
  public Retrain retrainWithout(int[] removed, double tol, int maxSweeps) {
    double[] w = weights.clone();
    for (int j : removed) {
      w[j] = 0.0;
    }
    Interactions data = interactions().withWeights(w);
    BlockVector start = theta();
    AlsResult r = AlsResult.localAls(data, loss(), null, exactSolver(), start, tol, maxSweeps);
    double change = validation().value(r.theta()) - validation().value(start);
    return new Retrain(change, r.sweeps(), r.converged(), r.relativeChange());
  }

  /**
   * A retrain without the interactions {@code removed} by damped Newton (Levenberg–Marquardt) steps
   * instead of ALS: from {@code θ*}, {@code θ ← θ − (H₋(θ) + μI)⁻¹ ∇F₋(θ)} with {@code F₋} the
   * objective with the removed weights set to 0 and {@code H₋} its exact Hessian (conjugate gradient,
   * preconditioned by the damped Gauss–Newton block diagonal, to the relative residual
   * {@code min(1e-2, √(‖∇F₋(θ)‖/‖∇F₋(θ*)‖))}, at least 1e-10: an inexact Newton step, loose far from the
   * solution and tight near it, so the convergence stays superlinear at a fraction of the CG work). A step is kept when it lowers
   * {@code F₋} (or, at rounding level of {@code F₋}, its gradient) and then {@code μ} shrinks tenfold;
   * otherwise it is dropped and {@code μ} grows tenfold. The damping keeps the steps well defined where
   * {@code H₋} is singular (the rotation null space of §3, or a user whose only interaction was removed)
   * or indefinite, and makes them pure Newton steps as {@code μ → 0}, so convergence ends quadratic.
   * Stops at {@code ‖∇F₋(θ)‖ ≤ gradTol · ‖∇F₋(θ*)‖} or after {@code maxSteps} tried steps. It converges to
   * the same minimiser as {@link #retrainWithout} (both descend from {@code θ*} to a stationary point of
   * {@code F₋}) where ALS crawls: on rating logs with many light users ALS takes thousands of sweeps to
   * a tight tolerance. {@link Retrain#sweeps} counts tried steps and {@link Retrain#relativeChange} is
   * the final relative gradient norm. {@code θ*} must be converged ({@link #convergeTheta}) for the change
   * to be a leave-one-out effect.
   */
  public Retrain newtonRetrainWithout(int[] removed, double gradTol, int maxSteps) {
    return newtonRetrainWithout(removed, gradTol, 0.0, maxSteps);
  }

  /**
   * {@link #newtonRetrainWithout(int[], double, int)} that also stops after an accepted step of relative
   * size {@code max|Δθ| / max|θ| ≤ stepTol} (the rule of {@link #convergeThetaNewton}; 0 disables it).
   */
  public Retrain newtonRetrainWithout(int[] removed, double gradTol, double stepTol, int maxSteps) {
    double[] w = weights.clone();
    for (int j : removed) {
      w[j] = 0.0;
    }
    TrainingObjective f = new TrainingObjective(interactions().withWeights(w), loss());
    BlockVector start = theta();
    Newton n = newton(f, start, gradTol, stepTol, maxSteps, false);
    double change = validation().value(n.theta()) - validation().value(start);
    return new Retrain(change, n.steps(), n.converged(), n.relativeGradient());
  }

  /**
   * Converges {@code θ*} from the current factors (in place) by the damped Newton steps of
   * {@link #newtonRetrainWithout} on the full objective, and returns the solve's outcome; call before
   * broadcasting. It stops at {@code ‖∇F(θ)‖ ≤ gradTol · ‖∇F(θ₀)‖} ({@code θ₀} the current factors) or
   * after an accepted step with {@code max|Δθ| / max|θ| ≤ tol}: the criterion of
   * {@link #convergeTheta}, over one Newton step instead of one ALS sweep. Near the minimum a Newton
   * step is the remaining error itself (and the error after it is of the order of its square), while
   * an ALS sweep that contracts the error by a factor {@code ρ} moves only {@code (1 − ρ)} of it: on
   * a rating log whose ALS contracts slowly ({@code ρ → 1}) the same tolerance leaves ALS much farther
   * from {@code θ*}, and takes thousands of sweeps. {@link AlsResult#sweeps} counts tried steps and
   * {@link AlsResult#relativeChange} is the relative size of the last accepted step.
   */
  public AlsResult convergeThetaNewton(double gradTol, double tol, int maxSteps) {
    TrainingObjective f = new TrainingObjective(interactions(), loss());
    Newton n = newton(f, theta(), gradTol, tol, maxSteps, true);
    thetaUsers = n.theta().users().clone();
    thetaItems = n.theta().items().clone();
    return new AlsResult(n.theta(), n.steps(), n.lastStep(), n.converged());
  }

  /** The Newton solve's end point, steps tried, and its two stopping measures. */
  private record Newton(BlockVector theta, int steps, boolean converged, double relativeGradient, double lastStep) {}

  /**
   * Damped Newton from {@code start} on {@code f}; stops at {@code ‖∇f‖ ≤ gradTol · ‖∇f(start)‖}, or
   * after an accepted step of relative size {@code max|Δθ| / max|θ| ≤ stepTol}, or (unconverged) after
   * {@code maxSteps} tried steps or {@value #MAX_REJECTIONS_IN_A_ROW} rejected ones in a row (a tolerance
   * of 0 disables its rule); {@code log}: one INFO line per step.
   */
  private static Newton newton(TrainingObjective f, BlockVector start, double gradTol, double stepTol, int maxSteps,
      boolean log) {
    BlockVector theta = start.copy();
    BlockVector g = f.gradient(theta);
    double value = f.value(theta);
    double g0 = g.norm();
    double gn = g0;
    double mu = INITIAL_DAMPING;
    double lastStep = Double.NaN;
    int steps = 0;
    boolean converged = gn <= gradTol * g0;
    int rejectedInARow = 0;
    while (!converged && steps < maxSteps && rejectedInARow < MAX_REJECTIONS_IN_A_ROW) {
      HessianOptions damped = HessianOptions.EXACT.withDamping(mu);
      Preconditioner m = f.blockDiagonal(theta, new HessianOptions(true, mu)).asPreconditioner(exactSolver());
      CgOptions cg = new CgOptions(Math.max(1e-10, Math.min(1e-2, Math.sqrt(g0 == 0 ? 0 : gn / g0))), 5000);
      CgResult step = ConjugateGradient.solve(f.hessian(theta, damped), m, g, cg);
      BlockVector next = theta.copy().axpy(-1, step.solution());
      BlockVector gNext = f.gradient(next);
      double vNext = f.value(next);
      double gnNext = gNext.norm();
      steps++;
      // Within rounding of F a lower value means nothing: there the gradient must fall instead. (At the
      // minimum, a step with little damping carries a large component along the rotation null space of
      // §3; F barely moves, the gradient jumps, and accepting such steps would cycle.)
      double rounding = 1e-13 * Math.abs(value);
      boolean lower = vNext < value - rounding || (vNext <= value + rounding && gnNext < gn);
      double stepSize = maxAbs(step.solution()) / Math.max(maxAbs(next), Double.MIN_NORMAL);
      if (log) {
        LOG.info(String.format("Newton step %d: %s, |grad| %.3e -> %.3e, damping %.0e, %d CG iterations, step %.2e",
            steps, lower ? "accepted" : "rejected", gn, gnNext, mu, step.iterations(), stepSize));
      }
      if (lower) {
        lastStep = stepSize;
        theta = next;
        g = gNext;
        value = vNext;
        gn = gnNext;
        mu = Math.max(mu / 10, MIN_DAMPING);
        converged = gn <= gradTol * g0 || lastStep <= stepTol;
        rejectedInARow = 0;
      } else {
        mu *= 10;
        rejectedInARow++;
      }
    }
    return new Newton(theta, steps, converged, g0 == 0 ? 0 : gn / g0, lastStep);
  }

  private static double maxAbs(BlockVector v) {
    double m = 0;
    for (double x : v.users()) {
      m = Math.max(m, Math.abs(x));
    }
    for (double x : v.items()) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  /** The k×k solves of the check: the Java Cholesky, the oracle every other backend is tested against. */
  private static BatchedSpdSolver exactSolver() {
    return SolverBackends.create(SolverBackends.JAVA);
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LooProblem.class);
  private static final double INITIAL_DAMPING = 1e-3;
  /**
   * Rejected steps in a row (the damping grown by 10⁸) after which the solve stops unconverged: the
   * gradient sits at its rounding floor, above the tolerance asked.
   */
  private static final int MAX_REJECTIONS_IN_A_ROW = 8;
  private static final double MIN_DAMPING = 1e-12;

  /** Outcome of one retrain: actual change of {@code L_V} and the solve's sweeps and convergence. */
  public record Retrain(double change, int sweeps, boolean converged, double relativeChange)
      implements Serializable {}
}
