package io.recvalue.valuation.math;

/**
 * The per-interaction work of every pass over the training table, as pure functions of the two
 * factor rows involved. Rows are addressed as (array, offset) so the same code runs on the local
 * flat factor arrays and on rows a distributed job has joined onto an interaction.
 *
 * <p>Derivatives follow {@link PointLoss}. For a direction {@code (a_u, b_i)} the Hessian of one
 * {@code ℓ_j} contributes, with {@code ds = y_i·a_u + x_u·b_i} (the directional derivative of the
 * score):
 *
 * <pre>
 *   user u: φ'' ds y_i + 2λ a_u + φ' b_i
 *   item i: φ'' ds x_u + 2λ b_i + φ' a_u
 * </pre>
 *
 * which is {@code [φ'' y yᵀ + 2λI] a + [φ'' y xᵀ + φ' I] b} and its mirror image. The Gauss–Newton
 * matrix drops the {@code φ' I} cross terms (explicit: the {@code −2e I}), keeping
 * {@code φ'' J Jᵀ + 2λI} with {@code J = (y_i, x_u)}, which is PSD whenever {@code w_j φ'' ≥ 0}.
 * Everything is {@code O(k)} per interaction except {@link #addSelfBlock} ({@code O(k²)}).
 */
public final class InteractionKernel {
  private InteractionKernel() {}

  /** {@code x·y} over {@code k} entries. */
  public static double score(double[] x, int xo, double[] y, int yo, int k) {
    double s = 0;
    for (int a = 0; a < k; a++) {
      s += x[xo + a] * y[yo + a];
    }
    return s;
  }

  /** {@code ℓ_j = φ(s; r) + λ(‖x‖² + ‖y‖²)}. */
  public static double loss(PointLoss loss, double[] x, int xo, double[] y, int yo, int k,
      double r) {
    double s = score(x, xo, y, yo, k);
    return loss.phi(s, r) + loss.lambda() * (score(x, xo, x, xo, k) + score(y, yo, y, yo, k));
  }

  /**
   * {@code ℓ(x', y') − ℓ(x, y)} without subtracting two losses: {@code φ} is quadratic in the score, so
   * {@code φ(s') − φ(s) = ½(s' − s)(φ'(s) + φ'(s'))}, with {@code s' − s = (x' − x)·y' + x·(y' − y)}, and the
   * regularisation changes by {@code λ((x' − x)·(x' + x) + (y' − y)·(y' + y))} (the form of
   * {@code EdgeBlock.objectiveChange} on Spark). Near a minimum the change is far below {@code ℓ}, and the
   * difference of the two losses would lose it to their rounding.
   */
  public static double lossChange(PointLoss loss, double[] x, double[] x2, int xo, double[] y, double[] y2, int yo,
      int k, double r) {
    double ds = 0;
    double squares = 0;
    for (int a = 0; a < k; a++) {
      double dx = x2[xo + a] - x[xo + a];
      double dy = y2[yo + a] - y[yo + a];
      ds += dx * y2[yo + a] + x[xo + a] * dy;
      squares += dx * (x2[xo + a] + x[xo + a]) + dy * (y2[yo + a] + y[yo + a]);
    }
    return 0.5 * ds * (loss.dphi(score(x, xo, y, yo, k), r) + loss.dphi(score(x2, xo, y2, yo, k), r))
        + loss.lambda() * squares;
  }

  /** Adds {@code scale·∇_{x}ℓ} to {@code gu} and {@code scale·∇_{y}ℓ} to {@code gi}. */
  public static void addGradient(PointLoss loss, double[] x, int xo, double[] y, int yo, int k,
      double r, double scale, double[] gu, int guo, double[] gi, int gio) {
    double d = scale * loss.dphi(score(x, xo, y, yo, k), r);
    double reg = 2 * scale * loss.lambda();
    for (int a = 0; a < k; a++) {
      gu[guo + a] += d * y[yo + a] + reg * x[xo + a];
      gi[gio + a] += d * x[xo + a] + reg * y[yo + a];
    }
  }

  /**
   * {@code ∇ℓ_jᵀ (s_u, s_i)}: the influence value of one interaction for an inverse-HVP {@code s}.
   */
  public static double gradientDot(PointLoss loss, double[] x, int xo, double[] y, int yo,
      int k, double r, double[] su, int suo, double[] si, int sio) {
    double d = loss.dphi(score(x, xo, y, yo, k), r);
    double reg = 2 * loss.lambda();
    double v = 0;
    for (int a = 0; a < k; a++) {
      v += (d * y[yo + a] + reg * x[xo + a]) * su[suo + a]
          + (d * x[xo + a] + reg * y[yo + a]) * si[sio + a];
    }
    return v;
  }

  /**
   * Adds {@code scale·H_j (a, b)} (user part to {@code hu}, item part to {@code hi}); with
   * {@code gaussNewton} the {@code φ' I} cross terms are dropped.
   */
  public static void addHvp(PointLoss loss, double[] x, int xo, double[] y, int yo, double[] av,
      int ao, double[] bv, int bo, int k, double r, double scale, boolean gaussNewton,
      double[] hu, int huo, double[] hi, int hio) {
    double ds = score(y, yo, av, ao, k) + score(x, xo, bv, bo, k);
    double c2 = scale * loss.d2phi(r) * ds;
    double d1 = gaussNewton ? 0 : scale * loss.dphi(score(x, xo, y, yo, k), r);
    double reg = 2 * scale * loss.lambda();
    for (int a = 0; a < k; a++) {
      hu[huo + a] += c2 * y[yo + a] + reg * av[ao + a] + d1 * bv[bo + a];
      hi[hio + a] += c2 * x[xo + a] + reg * bv[bo + a] + d1 * av[ao + a];
    }
  }

  /**
   * Adds {@code scale·(φ'' z zᵀ + 2λI)} to the {@code k×k} block at {@code m[mo..]}: the diagonal
   * Hessian block of {@code ℓ_j} for the user ({@code z = y_i}) or for the item ({@code z = x_u}).
   */
  public static void addSelfBlock(PointLoss loss, double[] z, int zo, int k, double r,
      double scale, double[] m, int mo) {
    double c2 = scale * loss.d2phi(r);
    double reg = 2 * scale * loss.lambda();
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        m[mo + a * k + b] += c2 * z[zo + a] * z[zo + b];
      }
      m[mo + a * k + a] += reg;
    }
  }
}
