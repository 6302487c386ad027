package io.recvalue.valuation.math;

/**
 * The full dense curvature matrix of a small problem, as a test oracle, built two independent ways:
 * column by column from Hessian-vector products, and by assembling the analytic per-interaction
 * blocks (and, for implicit data, the per-pair blocks of the dense term over every one of the
 * {@code n_U n_I} pairs, which the Gramian route never forms). Row-major {@code n×n},
 * {@code n = (n_U + n_I) k}, users first (see {@link BlockVector#get}).
 */
public final class DenseHessian {
  private DenseHessian() {}

  /** Columns {@code H e_c} for every unit vector {@code e_c}. */
  public static double[] fromHvp(TrainingObjective f, BlockVector theta, HessianOptions options) {
    int n = theta.dimension();
    double[] h = new double[n * n];
    for (int c = 0; c < n; c++) {
      BlockVector e = theta.zerosLike();
      e.set(c, 1);
      BlockVector col = f.hvp(theta, e, options);
      for (int r = 0; r < n; r++) {
        h[r * n + c] = col.get(r);
      }
    }
    return h;
  }

  /**
   * Sums, per interaction, {@code w(φ'' y yᵀ + 2λI)} (user block), {@code w(φ'' x xᵀ + 2λI)}
   * (item block) and {@code w(φ'' y xᵀ + φ' I)} (user–item block, transposed for item–user);
   * implicit data add {@code 2 y yᵀ}, {@code 2 x xᵀ}, {@code 2(y xᵀ + s I)} for every pair.
   */
  public static double[] analytic(Interactions data, PointLoss loss, BlockVector theta,
      HessianOptions options) {
    int n = theta.dimension();
    double[] h = new double[n * n];
    for (int j = 0; j < data.size(); j++) {
      double r = data.rating(j);
      addPair(h, n, theta, data.user(j), data.item(j), data.weight(j) * loss.d2phi(r),
          data.weight(j) * 2 * loss.lambda(), data.weight(j), loss, r, options.gaussNewton());
    }
    if (loss.hasDenseTerm()) {
      for (int u = 0; u < theta.numUsers(); u++) {
        for (int i = 0; i < theta.numItems(); i++) {
          addPair(h, n, theta, u, i, 2, 0, 1, null, 0, options.gaussNewton());
        }
      }
    }
    for (int d = 0; d < n; d++) {
      h[d * n + d] += options.damping();
    }
    return h;
  }

  /** Adds one pair's blocks; {@code loss == null} means {@code φ = s²} ({@code φ' = 2s}). */
  private static void addPair(double[] h, int n, BlockVector theta, int u, int i, double curv,
      double reg, double w, PointLoss loss, double r, boolean gaussNewton) {
    int k = theta.k();
    double[] x = theta.users();
    double[] y = theta.items();
    double s = InteractionKernel.score(x, u * k, y, i * k, k);
    double d1 = gaussNewton ? 0 : w * (loss == null ? 2 * s : loss.dphi(s, r));
    int uo = u * k;
    int io = theta.numUsers() * k + i * k;
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        h[(uo + a) * n + uo + b] += curv * y[i * k + a] * y[i * k + b];
        h[(io + a) * n + io + b] += curv * x[u * k + a] * x[u * k + b];
        double cross = curv * y[i * k + a] * x[u * k + b] + (a == b ? d1 : 0);
        h[(uo + a) * n + io + b] += cross;
        h[(io + b) * n + uo + a] += cross;
      }
      h[(uo + a) * n + uo + a] += reg;
      h[(io + a) * n + io + a] += reg;
    }
  }
}
