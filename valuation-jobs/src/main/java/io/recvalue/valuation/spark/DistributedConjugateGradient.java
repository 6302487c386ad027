package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.CgOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Preconditioned conjugate gradient for {@code H s = g} on either layout of {@link CgVector}: the
 * iteration, stopping rule (relative recurrence residual {@code ‖r_t‖/‖g‖ ≤ tol}, iteration cap),
 * negative-curvature stop and final true-residual check of
 * {@link io.recvalue.valuation.math.ConjugateGradient}, whose Javadoc explains why CG converges
 * despite the rotational null space of {@code H}.
 *
 * <p>Spark hygiene: each iterate ({@code s, r, z, p, Hp}) is cached under a readable name and
 * computed before the one it replaces is unpersisted; an iteration runs two jobs (the product
 * {@code Hp} with {@code pᵀHp}, then the updates with {@code rᵀr} and {@code rᵀz}); and every {@code checkpointInterval}
 * iterations the long-lived ones ({@code s, r, p}) are checkpointed so that the lineage (and the
 * task-serialisation stack) stays short however many iterations run.
 */
public final class DistributedConjugateGradient<V extends CgVector<V>> {
  private final UnaryOperator<V> h;
  private final UnaryOperator<V> m;
  private final CgOptions options;
  private final int checkpointInterval;
  private final CgListener listener;

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
    if (checkpointInterval < 1) {
      throw new IllegalArgumentException("checkpointInterval must be >= 1, got "
          + checkpointInterval);
    }
    this.h = h;
    this.m = m;
    this.options = options;
    this.checkpointInterval = checkpointInterval;
    this.listener = listener;
  }

  /** Solves {@code H s = g} from {@code s = 0}; {@code g} stays the caller's to unpersist. */
  public DistributedCgResult<V> solve(V g) {
    double gNorm = g.norm();
    V s = cached(g.scale(0), "value.cg.s0", false);
    if (gNorm == 0) {
      return new DistributedCgResult<>(s, new double[] {0}, 0, true, 0, false);
    }
    V r = g;
    V p = prepared(m.apply(r), "value.cg.p0", false);
    double rz = r.dot(p);
    double[] log = new double[options.maxIterations() + 1];
    log[0] = 1;
    int it = 0;
    boolean converged = false;
    boolean negative = false;
    List<V> pending = new ArrayList<>();
    while (it < options.maxIterations()) {
      long started = System.nanoTime();
      V q = prepared(h.apply(p), "value.cg.hp" + it, false);
      double curvature = p.dot(q);
      release(pending);
      if (!(curvature > 0)) {
        negative = true;
        q.unpersist();
        break;
      }
      double alpha = rz / curvature;
      it++;
      boolean cut = it % checkpointInterval == 0;
      V sNext = prepared(s.axpy(alpha, p), "value.cg.s" + it, cut);
      V rNext = prepared(r.axpy(-alpha, q), "value.cg.r" + it, cut);
      V z = prepared(m.apply(rNext), "value.cg.z" + it, false);
      double[] rrAndRz = rNext.dotWithSelfAnd(z, sNext);
      release(List.of(s, q), r == g ? List.of() : List.of(r));
      s = sNext;
      r = rNext;
      log[it] = Math.sqrt(rrAndRz[0]) / gNorm;
      listener.iterationDone(it, log[it], (System.nanoTime() - started) / 1e9);
      if (log[it] <= options.relativeTolerance()) {
        converged = true;
        z.unpersist();
        break;
      }
      V pNext = prepared(z.axpy(rrAndRz[1] / rz, p), "value.cg.p" + it, cut);
      pending = new ArrayList<>(List.of(p, z));
      p = pNext;
      rz = rrAndRz[1];
    }
    release(pending, r == g ? List.of(p) : List.of(p, r));
    V hs = h.apply(s);
    double trueResidual = hs.axpy(-1, g).norm() / gNorm;
    return new DistributedCgResult<>(s, Arrays.copyOf(log, it + 1), it, converged, trueResidual,
        negative);
  }

  private static <V extends CgVector<V>> V prepared(V v, String name,
      boolean truncate) {
    v.persist(name);
    if (truncate) {
      v.truncateLineage();
    }
    return v;
  }

  private static <V extends CgVector<V>> V cached(V v, String name,
      boolean truncate) {
    prepared(v, name, truncate).materialize();
    return v;
  }

  @SafeVarargs
  private static <V extends CgVector<V>> void release(List<V>... lists) {
    for (List<V> vs : lists) {
      vs.forEach(CgVector::unpersist);
    }
  }
}
