package io.recvalue.valuation.loo;

import io.recvalue.valuation.math.AlsResult;
import java.util.Locale;

/**
 * How the leave-one-out check converges {@code θ*} and re-minimises without the left-out interactions
 * ({@code verify-loo.solver}). Both stop on {@code max|Δθ| / max|θ| ≤ verify-loo.tol} over one step
 * (Newton also on a fallen gradient) and reach the same minimiser; they differ in what a step is and in
 * how close to the minimiser that rule leaves them.
 */
public enum LooSolver {
  /**
   * Damped Newton steps on the exact Hessian ({@link LooProblem#convergeThetaNewton},
   * {@link LooProblem#newtonRetrainWithout(int[], double, double, int)}): a handful of steps, each a
   * preconditioned CG solve, stopping on a step whose size bounds the remaining error or on a gradient
   * far below where it started ({@link #THETA_GRADIENT_TOLERANCE}, {@link #RETRAIN_GRADIENT_TOLERANCE}),
   * whichever comes first. The step cap is {@code verify-loo.max-sweeps}, at most
   * {@value #MAX_NEWTON_STEPS}.
   */
  NEWTON,
  /**
   * Weighted ALS sweeps ({@link LooProblem#convergeTheta}, {@link LooProblem#retrainWithout}): the
   * trainer's own algorithm; thousands of sweeps where ALS contracts slowly.
   */
  ALS;

  /** Newton steps beyond this many mean the solve is not converging; the cap bounds its cost. */
  public static final int MAX_NEWTON_STEPS = 500;
  /**
   * Newton's {@code θ*} also stops once {@code ‖∇F‖} is this fraction of its value at the trained model:
   * near the minimum a step's size is limited by rounding along the rotation null space (docs/methods.md §3),
   * not by the remaining error, and the gradient is the measure that keeps falling.
   */
  public static final double THETA_GRADIENT_TOLERANCE = 1e-9;
  /**
   * A Newton retrain also stops once {@code ‖∇F₋‖} is this fraction of its value at {@code θ*} (the
   * removed interactions' own gradient): the change it measures is then exact to about this fraction.
   */
  public static final double RETRAIN_GRADIENT_TOLERANCE = 1e-8;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LooSolver of(String id) {
    for (LooSolver s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("invalid verify-loo.solver: '" + id + "' (one of newton, als)");
  }

  /** Converges the problem's {@code θ*} in place. */
  public AlsResult convergeTheta(LooProblem p, double tol, int maxSteps) {
    return this == NEWTON ? p.convergeThetaNewton(THETA_GRADIENT_TOLERANCE, tol, Math.min(maxSteps, MAX_NEWTON_STEPS))
        : p.convergeTheta(tol, maxSteps);
  }

  /** Re-minimises from {@code θ*} without {@code removed}. */
  public LooProblem.Retrain retrainWithout(LooProblem p, int[] removed, double tol, int maxSteps) {
    return this == NEWTON
        ? p.newtonRetrainWithout(removed, RETRAIN_GRADIENT_TOLERANCE, tol, Math.min(maxSteps, MAX_NEWTON_STEPS))
        : p.retrainWithout(removed, tol, maxSteps);
  }
}
