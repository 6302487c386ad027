package io.recvalue.core.als;

/**
 * Per-entity normal equations of the weighted ALS objective; pure functions on primitive arrays that
 * the Spark half-step, the local reference {@link LocalAls} and the tests share.
 *
 * <p><b>Explicit.</b> With {@code Y} fixed, {@code F} restricted to user {@code u} is
 * {@code Σ_{j∈u} w_j[(r_j − x·y_i)² + λ‖x‖²] + const}; its gradient
 * {@code 2[Σ_j w_j (y_i y_iᵀ + λI)] x − 2 Σ_j w_j r_j y_i} vanishes at the solution of
 * <pre>  (Σ_j w_j y_i y_iᵀ + λ (Σ_j w_j) I) x = Σ_j w_j r_j y_i.</pre>
 * At {@code w = 1} this is MLlib's ALS-WR system ({@code λ·n_u} on the diagonal).
 *
 * <p><b>Implicit</b> (Hu, Koren, Volinsky; {@code c_j = 1 + α r_j}). Differentiating
 * {@code Σ_i s_ui² + Σ_{j∈u} w_j[c_j(1−s)² − s² + λ‖x‖²]} gives {@code 2(YᵀY)x + Σ_j w_j[−2c_j(1−s) y_i −
 * 2s y_i + 2λx]}, so the minimiser solves
 * <pre>  (YᵀY + Σ_j w_j (c_j − 1) y_i y_iᵀ + λ (Σ_j w_j) I) x = Σ_j w_j c_j y_i,</pre>
 * MLlib's implicit system at {@code w = 1}. The dense sum over all items enters only through the
 * {@code k×k} Gramian {@code YᵀY}.
 *
 * <p>Matrices are {@code k×k} row-major at an offset; {@link #addOuter} fills the lower triangle only
 * and {@link #finish} adds the diagonal and Gramian and mirrors it to the upper triangle.
 */
public final class NormalEquations {
  private NormalEquations() {}

  /** {@code A += c v vᵀ} (lower triangle) for {@code v = src[so .. so+k)}. */
  public static void addOuter(int k, double[] a, int ao, double[] src, int so, double c) {
    for (int i = 0; i < k; i++) {
      double ci = c * src[so + i];
      int row = ao + i * k;
      for (int j = 0; j <= i; j++) {
        a[row + j] += ci * src[so + j];
      }
    }
  }

  /** {@code b += c v}. */
  public static void addScaled(int k, double[] b, int bo, double[] src, int so, double c) {
    for (int i = 0; i < k; i++) {
      b[bo + i] += c * src[so + i];
    }
  }

  /** Adds one interaction of weight {@code w} and rating {@code r} with the other side's factor {@code v}. */
  public static void add(
      int k, double[] a, int ao, double[] b, int bo, double[] v, int vo, double r, double w,
      boolean implicit, double alpha) {
    if (implicit) {
      double c = 1.0 + alpha * r;
      addOuter(k, a, ao, v, vo, w * (c - 1.0));
      addScaled(k, b, bo, v, vo, w * c);
    } else {
      addOuter(k, a, ao, v, vo, w);
      addScaled(k, b, bo, v, vo, w * r);
    }
  }

  /**
   * Adds a nudge pair {@code ν (t − s)²} (a plain squared term, whatever the feedback kind, and no
   * regularisation share): half its gradient in {@code x} is {@code ν (y yᵀ x − t y)}, so it adds
   * {@code ν y yᵀ} to the matrix and {@code ν t y} to the right-hand side. {@code ν} may be negative.
   */
  public static void addPlain(int k, double[] a, int ao, double[] b, int bo, double[] v, int vo, double t, double nu) {
    addOuter(k, a, ao, v, vo, nu);
    addScaled(k, b, bo, v, vo, nu * t);
  }

  /**
   * Completes the matrix: adds {@code diag} to the diagonal and the Gramian {@code gram} (full
   * {@code k×k}, may be null) to the lower triangle, then mirrors the lower triangle to the upper.
   */
  public static void finish(int k, double[] a, int ao, double diag, double[] gram) {
    for (int i = 0; i < k; i++) {
      int row = ao + i * k;
      if (gram != null) {
        for (int j = 0; j <= i; j++) {
          a[row + j] += gram[i * k + j];
        }
      }
      a[row + i] += diag;
      for (int j = 0; j < i; j++) {
        a[ao + j * k + i] = a[row + j];
      }
    }
  }

  /** Dot product of two length-{@code k} slices. */
  public static double dot(int k, double[] x, int xo, double[] y, int yo) {
    double s = 0.0;
    for (int p = 0; p < k; p++) {
      s += x[xo + p] * y[yo + p];
    }
    return s;
  }

  /**
   * The per-interaction loss of docs/methods.md §1 without its weight: explicit {@code (r − s)² + λ(‖x‖²+‖y‖²)},
   * implicit {@code c(1 − s)² − s² + λ(‖x‖²+‖y‖²)}, given the score {@code s} and the two squared norms.
   */
  public static double loss(double r, double s, double xx, double yy, double lambda, boolean implicit, double alpha) {
    double reg = lambda * (xx + yy);
    if (implicit) {
      double c = 1.0 + alpha * r;
      double e = 1.0 - s;
      return c * e * e - s * s + reg;
    }
    double e = r - s;
    return e * e + reg;
  }

  /** {@code G += Σ_m v_m v_mᵀ} over {@code n} consecutive length-{@code k} vectors (full matrix). */
  public static void addGram(int k, double[] g, double[] v, int n) {
    for (int m = 0; m < n; m++) {
      addOuter(k, g, 0, v, m * k, 1.0);
    }
  }

  /** Mirrors the lower triangle of a full {@code k×k} matrix at offset 0 to its upper triangle. */
  public static void symmetrize(int k, double[] g) {
    finish(k, g, 0, 0.0, null);
  }

  /** {@code Σ_{u,i} (x_u·y_i)² = tr((XᵀX)(YᵀY)) = Σ_{pq} G_X[p,q] G_Y[p,q]} for symmetric Gramians. */
  public static double denseSquaredScores(double[] gramX, double[] gramY) {
    double s = 0.0;
    for (int p = 0; p < gramX.length; p++) {
      s += gramX[p] * gramY[p];
    }
    return s;
  }
}
