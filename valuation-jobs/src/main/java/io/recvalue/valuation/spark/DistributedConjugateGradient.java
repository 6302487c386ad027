package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.CgOptions;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Preconditioned conjugate gradient for {@code H s = g} on either layout of {@link CgVector}, with
 * the stopping rule (relative recurrence residual {@code ‖r_t‖/‖g‖ ≤ tol}, iteration cap),
 * negative-curvature stop and final true-residual check of
 * {@link io.recvalue.valuation.math.ConjugateGradient}, whose Javadoc explains why CG converges
 * despite the rotational null space of {@code H}.
 *
 * <p><b>One job per iteration</b> (Chronopoulos and Gear's rearrangement, "s-step iterative methods
 * for symmetric linear systems", 1989). The textbook iteration needs two reductions in sequence:
 * {@code pᵀHp} after the product {@code Hp}, then {@code rᵀz} after the update of {@code r} — on Spark,
 * two jobs per iteration, each a round trip through the driver. Here the iteration carries
 * {@code u = M⁻¹r} and {@code w = Hu}, and updates {@code s_t = Hp_t} by the same recurrence as
 * {@code p_t}: with {@code γ_t = r_tᵀu_t}, {@code δ_t = w_tᵀu_t}, {@code β_t = γ_t/γ_{t−1}},
 * <pre>
 *   p_t = u_t + β_t p_{t−1},   s_t = w_t + β_t s_{t−1},   pᵀHp = δ_t − β_t γ_t / α_{t−1},   α_t = γ_t / pᵀHp,
 *   x_{t+1} = x_t + α_t p_t,   r_{t+1} = r_t − α_t s_t,   u_{t+1} = M⁻¹r_{t+1},   w_{t+1} = H u_{t+1},
 * </pre>
 * and {@code r_{t+1}ᵀr_{t+1}, γ_{t+1}, δ_{t+1}} come back together: one job, whose stages are those of
 * the one product {@code Hu} ({@link CgVector#residualDots}). The curvature identity follows from the
 * conjugacy of the directions and {@code u_{t+1}ᵀr_t = 0}: {@code u_{t+1}ᵀHp_t = −γ_{t+1}/α_t}, so
 * {@code p_{t+1}ᵀHp_{t+1} = δ_{t+1} − 2β γ_{t+1}/α_t + β² γ_t/α_t = δ_{t+1} − β γ_{t+1}/α_t}. In exact
 * arithmetic the iterates are those of the textbook iteration (the tests compare them with
 * {@link io.recvalue.valuation.math.ConjugateGradient} step by step); the price is one product more
 * per solve (the last {@code w}, computed in the job that finds the residual small enough) and two
 * more cached vectors.
 *
 * <p><b>The iterate's curvature</b> {@code xᵀHx} comes for free: the Galerkin condition of CG from
 * {@code x = 0} ({@code r_t ⊥} the Krylov space that holds {@code x_t}) gives
 * {@code x_tᵀHx_t = gᵀx_t = Σ_{i<t} α_i γ_i} ({@link DistributedCgResult#solutionCurvature}), which a
 * Newton step needs for its predicted decrease.
 *
 * <p>Spark hygiene: each iterate ({@code x, r, u, w, p, s}) is cached under a readable name and
 * computed before the one it replaces is unpersisted; every {@code checkpointInterval} iterations the
 * long-lived ones ({@code x, r, p, s}) are checkpointed so that the lineage (and the
 * task-serialisation stack) stays short however many iterations run, and the shuffle files of older
 * products can go. The iteration's reduction reads all four: Spark checkpoints only the marked tables a
 * job reaches before another marked one, and {@code p} and {@code s} lie behind {@code x} and {@code r}.
 */
public final class DistributedConjugateGradient<V extends CgVector<V>> {
  private final UnaryOperator<V> h;
  private final UnaryOperator<V> m;
  private final CgOptions options;
  private final int checkpointInterval;
  private final CgListener listener;
  private final boolean checkTrueResidual;

  /**
   * @param h the curvature operator ({@code v ↦ Hv}, lazy)
   * @param m the preconditioner ({@code r ↦ M⁻¹r}, lazy)
   * @param checkpointInterval iterations between lineage truncations ({@code ≥ 1})
   */
  public DistributedConjugateGradient(UnaryOperator<V> h,
      UnaryOperator<V> m, CgOptions options, int checkpointInterval) {
    this(h, m, options, checkpointInterval, CgListener.NONE);
  }

  /** As above, telling {@code listener} of each iteration. */
  public DistributedConjugateGradient(UnaryOperator<V> h,
      UnaryOperator<V> m, CgOptions options, int checkpointInterval, CgListener listener) {
    this(h, m, options, checkpointInterval, listener, true);
  }

  private DistributedConjugateGradient(UnaryOperator<V> h, UnaryOperator<V> m, CgOptions options,
      int checkpointInterval, CgListener listener, boolean checkTrueResidual) {
    if (checkpointInterval < 1) {
      throw new IllegalArgumentException("checkpointInterval must be >= 1, got "
          + checkpointInterval);
    }
    this.h = h;
    this.m = m;
    this.options = options;
    this.checkpointInterval = checkpointInterval;
    this.listener = listener;
    this.checkTrueResidual = checkTrueResidual;
  }

  /**
   * A solver that skips the final true-residual check (one product {@code Hs}; the result's
   * {@code trueRelativeResidual} is then {@code NaN}): for a caller that does not read it.
   */
  public DistributedConjugateGradient<V> withoutTrueResidual() {
    return new DistributedConjugateGradient<>(h, m, options, checkpointInterval, listener, false);
  }

  /** Solves {@code H s = g} from {@code s = 0}; {@code g} stays the caller's to unpersist. */
  public DistributedCgResult<V> solve(V g) {
    V r = g;
    V u = prepared(m.apply(r), "value.cg.u0", false);
    V w = prepared(h.apply(u), "value.cg.w0", false);
    double[] dots = r.residualDots(u, w, List.of());
    double gNorm = Math.sqrt(dots[0]);
    if (gNorm == 0) {
      release(List.of(u, w));
      return new DistributedCgResult<>(zero(g), new double[] {0}, 0, true, 0, false, 0);
    }
    double gamma = dots[1];
    double delta = dots[2];
    double beta = 0;
    double alphaBefore = 1;
    double curvatureOfX = 0;
    double[] log = new double[options.maxIterations() + 1];
    log[0] = 1;
    int it = 0;
    boolean converged = false;
    boolean negative = false;
    V x = null;
    V p = null;
    V s = null;
    while (it < options.maxIterations()) {
      long started = System.nanoTime();
      double curvature = it == 0 ? delta : delta - beta * gamma / alphaBefore;
      if (!(curvature > 0)) {
        negative = true;
        break;
      }
      double alpha = gamma / curvature;
      boolean first = it == 0;
      it++;
      boolean cut = it % checkpointInterval == 0;
      // p_0 = u_0 and s_0 = w_0: the first directions are the cached vectors themselves
      V pNext = first ? u : prepared(u.axpy(beta, p), "value.cg.p" + it, cut);
      V sNext = first ? w : prepared(w.axpy(beta, s), "value.cg.s" + it, cut);
      V xNext = prepared(first ? pNext.scale(alpha) : x.axpy(alpha, pNext), "value.cg.x" + it, cut);
      V rNext = prepared(r.axpy(-alpha, sNext), "value.cg.r" + it, cut);
      V uNext = prepared(m.apply(rNext), "value.cg.u" + it, false);
      V wNext = prepared(h.apply(uNext), "value.cg.w" + it, false);
      // the reduction reads p and s too, or they are never cut (see the class comment)
      dots = rNext.residualDots(uNext, wNext, first ? List.of(xNext) : List.of(xNext, pNext, sNext));
      release(first ? List.of() : List.of(u, w, p, s), x == null ? List.of() : List.of(x),
          r == g ? List.of() : List.of(r));
      curvatureOfX += alpha * gamma;
      x = xNext;
      r = rNext;
      p = pNext;
      s = sNext;
      u = uNext;
      w = wNext;
      log[it] = Math.sqrt(dots[0]) / gNorm;
      listener.iterationDone(it, log[it], (System.nanoTime() - started) / 1e9);
      if (log[it] <= options.relativeTolerance()) {
        converged = true;
        break;
      }
      beta = dots[1] / gamma;
      gamma = dots[1];
      delta = dots[2];
      alphaBefore = alpha;
    }
    // u and w are p and s before the first step
    release(p == null ? List.of(u, w) : List.of(u, w, p, s), r == g ? List.of() : List.of(r));
    if (x == null) {
      x = zero(g);
    }
    double trueResidual = checkTrueResidual ? h.apply(x).axpy(-1, g).norm() / gNorm : Double.NaN;
    return new DistributedCgResult<>(x, Arrays.copyOf(log, it + 1), it, converged, trueResidual,
        negative, curvatureOfX);
  }

  /** A cached zero vector of {@code g}'s layout. */
  private static <V extends CgVector<V>> V zero(V g) {
    V z = g.scale(0).persist("value.cg.x0");
    z.materialize();
    return z;
  }

  private static <V extends CgVector<V>> V prepared(V v, String name,
      boolean truncate) {
    v.persist(name);
    if (truncate) {
      v.truncateLineage();
    }
    return v;
  }

  @SafeVarargs
  private static <V extends CgVector<V>> void release(List<V>... lists) {
    for (List<V> vs : lists) {
      vs.forEach(CgVector::unpersist);
    }
  }
}
