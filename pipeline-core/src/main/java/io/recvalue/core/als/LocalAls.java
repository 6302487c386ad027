package io.recvalue.core.als;

import io.recvalue.core.linalg.BatchedSpdSolver;

/**
 * Weighted ALS over dense arrays in one JVM, with the same per-entity algebra ({@link NormalEquations})
 * as the Spark half-step: the one local ALS of the project. It is the reference for small problems and
 * tests of {@link WeightedAls}, and the solver of the valuation's local problems (the leave-one-out
 * retrains, equilibrium propagation's nudged phases).
 *
 * <p>It minimises {@code F(X, Y) + Σ_p ν_p (t_p − s_p)²}: the objective of {@link AlsObjective} plus
 * optional nudge pairs with weights {@code ν_p} (any sign) and targets {@code t_p} and no
 * regularisation share, as {@link WeightedAls#fitNudgedIterates} does on Spark ({@link NormalEquations#addPlain}).
 *
 * <p>An entity's normal equation is solved when it has a term: an interaction of positive weight, a
 * nudge pair, or (implicit data) the all-pairs term {@code YᵀY}, which every entity has, so an implicit
 * entity without interactions goes to its minimiser {@code x = 0}. Any other entity keeps its factors.
 */
public final class LocalAls {
  private final AlsObjective.Problem problem;
  private final Nudge nudge;
  private final BatchedSpdSolver solver;

  /** Nudge pairs {@code ν_p (t_p − s_p)²}: user, item, target {@code t_p} and weight {@code ν_p} of each. */
  public record Nudge(int[] users, int[] items, double[] targets, double[] weights) {
    public Nudge {
      int n = users.length;
      if (items.length != n || targets.length != n || weights.length != n) {
        throw new IllegalArgumentException("nudge arrays differ in length: users=" + n + ", items="
            + items.length + ", targets=" + targets.length + ", weights=" + weights.length);
      }
    }
  }

  /**
   * Outcome of {@link #solve}.
   *
   * @param sweeps full sweeps (user half-step then item half-step) performed
   * @param relativeChange {@code max|Δθ| / max|θ|} of the last sweep
   * @param converged whether {@code relativeChange} reached the tolerance
   */
  public record Result(int sweeps, double relativeChange, boolean converged) {}

  /** {@code nudge} may be null (no nudge pairs). */
  public LocalAls(AlsObjective.Problem problem, Nudge nudge, BatchedSpdSolver solver) {
    this.problem = problem;
    this.nudge = nudge;
    this.solver = solver;
  }

  /** Replaces {@code X} by {@code argmin_X F(X, Y)} (no nudge pairs). */
  public static void solveUsers(AlsObjective.Problem p, double[] x, double[] y, BatchedSpdSolver solver) {
    new LocalAls(p, null, solver).solveUsers(x, y);
  }

  /** Replaces {@code Y} by {@code argmin_Y F(X, Y)} (no nudge pairs). */
  public static void solveItems(AlsObjective.Problem p, double[] x, double[] y, BatchedSpdSolver solver) {
    new LocalAls(p, null, solver).solveItems(x, y);
  }

  /**
   * Sweeps {@code (x, y)} in place until {@code max|Δθ| / max|θ| ≤ tol} over one sweep or after
   * {@code maxSweeps} sweeps ({@code tol = 0}: exactly {@code maxSweeps}, unless a sweep changes nothing).
   */
  public Result solve(double[] x, double[] y, double tol, int maxSweeps) {
    double change = Double.POSITIVE_INFINITY;
    int sweeps = 0;
    while (sweeps < maxSweeps && !(change <= tol)) {
      double[] x0 = x.clone();
      double[] y0 = y.clone();
      sweep(x, y);
      sweeps++;
      double moved = Math.max(maxAbsDiff(x0, x), maxAbsDiff(y0, y));
      change = moved / Math.max(Math.max(maxAbs(x), maxAbs(y)), Double.MIN_NORMAL);
    }
    return new Result(sweeps, change, change <= tol);
  }

  /** One user half-step then one item half-step, in place. */
  public void sweep(double[] x, double[] y) {
    solveUsers(x, y);
    solveItems(x, y);
  }

  /** Replaces {@code X} by its minimiser with {@code Y} fixed. */
  public void solveUsers(double[] x, double[] y) {
    AlsObjective.Problem p = problem;
    solveSide(p.users(), p.items(), p.numUsers(), p.numItems(), x, y,
        nudge == null ? null : nudge.users(), nudge == null ? null : nudge.items());
  }

  /** Replaces {@code Y} by its minimiser with {@code X} fixed. */
  public void solveItems(double[] x, double[] y) {
    AlsObjective.Problem p = problem;
    solveSide(p.items(), p.users(), p.numItems(), p.numUsers(), y, x,
        nudge == null ? null : nudge.items(), nudge == null ? null : nudge.users());
  }

  private void solveSide(int[] dst, int[] src, int numDst, int numSrc, double[] dstF, double[] srcF,
      int[] nudgeDst, int[] nudgeSrc) {
    AlsObjective.Problem p = problem;
    int k = p.rank();
    double[] a = new double[numDst * k * k];
    double[] b = new double[numDst * k];
    double[] wsum = new double[numDst];
    boolean[] hasTerm = new boolean[numDst];
    for (int j = 0; j < dst.length; j++) {
      double w = p.weights()[j];
      if (w > 0) {
        NormalEquations.add(k, a, dst[j] * k * k, b, dst[j] * k, srcF, src[j] * k, p.ratings()[j], w, p.implicit(), p.alpha());
        wsum[dst[j]] += w;
        hasTerm[dst[j]] = true;
      }
    }
    if (nudge != null) {
      for (int q = 0; q < nudgeDst.length; q++) {
        int d = nudgeDst[q];
        NormalEquations.addPlain(k, a, d * k * k, b, d * k, srcF, nudgeSrc[q] * k, nudge.targets()[q], nudge.weights()[q]);
        hasTerm[d] = true;
      }
    }
    double[] gram = p.implicit() ? AlsObjective.gram(k, srcF, numSrc) : null;
    int n = 0;
    int[] ids = new int[numDst];
    for (int d = 0; d < numDst; d++) {
      if (hasTerm[d] || gram != null) {
        ids[n] = d;
        System.arraycopy(a, d * k * k, a, n * k * k, k * k);
        System.arraycopy(b, d * k, b, n * k, k);
        NormalEquations.finish(k, a, n * k * k, p.lambda() * wsum[d], gram);
        n++;
      }
    }
    solver.solve(k, n, a, b);
    for (int m = 0; m < n; m++) {
      System.arraycopy(b, m * k, dstF, ids[m] * k, k);
    }
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int t = 0; t < a.length; t++) {
      m = Math.max(m, Math.abs(a[t] - b[t]));
    }
    return m;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
