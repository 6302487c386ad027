package io.recvalue.valuation.math;

/**
 * The dense all-pairs term of the implicit objective, {@code D(θ) = Σ_{all u,i} (x_u·y_i)²}, and
 * its derivatives, computed only through {@code k×k} Gramians (never materialising the pairs).
 *
 * <p>With {@code G_X = XᵀX = Σ_u x_u x_uᵀ}, {@code G_Y = YᵀY} and, for two row sets,
 * {@code cross(P, Q) = Σ_r p_r q_rᵀ = PᵀQ}:
 *
 * <pre>
 *   D        = Σ_u x_uᵀ G_Y x_u = ⟨G_X, G_Y⟩_F
 *   ∇_{x_u}D = 2 G_Y x_u                         ∇_{y_i}D = 2 G_X y_i
 * </pre>
 *
 * For a direction {@code (A, B)}: differentiating {@code 2 G_Y x_u} along it gives
 * {@code 2 G_Y a_u + 2 (YᵀB + BᵀY) x_u}. Per pair the cross block is
 * {@code ∂²s²/∂x_u∂y_iᵀ = 2(y_i x_uᵀ + s_ui I)}; summed over items and applied to {@code b_i}, the
 * {@code y xᵀ} part is {@code 2 (YᵀB) x_u} and the {@code s I} part {@code 2 (BᵀY) x_u}:
 *
 * <pre>
 *   (∇²D·v)_u = 2 G_Y a_u + 2 (YᵀB) x_u + 2 (BᵀY) x_u
 *   (∇²D·v)_i = 2 G_X b_i + 2 (XᵀA) y_i + 2 (AᵀX) y_i
 * </pre>
 *
 * The Gauss–Newton version drops the {@code s I} parts ({@code BᵀY}, {@code AᵀX}): per pair it
 * keeps {@code 2 J Jᵀ}, so {@code ∇²_{GN}D} is PSD. The diagonal blocks are {@code 2 G_Y} (user)
 * and {@code 2 G_X} (item). The Gramians are sums over factor rows: a {@link GramAggregator} serves
 * a local loop and a distributed {@code treeAggregate}.
 */
public final class DenseTerm {
  private DenseTerm() {}

  /** {@code Σ_r p_r q_rᵀ} over the rows of two flat {@code n×k} arrays ({@code k×k}, row-major). */
  public static double[] cross(double[] p, double[] q, int k) {
    GramAggregator agg = new GramAggregator(k);
    for (int r = 0; r < p.length / k; r++) {
      agg.add(p, r * k, q, r * k);
    }
    return agg.result();
  }

  /** {@code Σ_r p_r p_rᵀ}. */
  public static double[] gram(double[] p, int k) {
    return cross(p, p, k);
  }

  /** {@code D = ⟨G_X, G_Y⟩_F}. */
  public static double value(double[] gramX, double[] gramY) {
    return BlockVector.dot(gramX, gramY);
  }

  /** Adds {@code ∇D}: {@code 2 G_Y x_u} per user, {@code 2 G_X y_i} per item. */
  public static void addGradient(BlockVector theta, double[] gramX, double[] gramY,
      BlockVector out) {
    int k = theta.k();
    addRowProducts(2, gramY, theta.users(), out.users(), k);
    addRowProducts(2, gramX, theta.items(), out.items(), k);
  }

  /** Adds {@code ∇²D·v} (or its Gauss–Newton version) for the direction {@code v = (A, B)}. */
  public static void addHvp(BlockVector theta, BlockVector v, double[] gramX, double[] gramY,
      boolean gaussNewton, BlockVector out) {
    int k = theta.k();
    double[] yTb = cross(theta.items(), v.items(), k);
    double[] xTa = cross(theta.users(), v.users(), k);
    if (!gaussNewton) {
      addTranspose(yTb, k);
      addTranspose(xTa, k);
    }
    addRowProducts(2, gramY, v.users(), out.users(), k);
    addRowProducts(2, yTb, theta.users(), out.users(), k);
    addRowProducts(2, gramX, v.items(), out.items(), k);
    addRowProducts(2, xTa, theta.items(), out.items(), k);
  }

  /** {@code out_r += c · M z_r} for every row {@code r}. */
  static void addRowProducts(double c, double[] m, double[] rows, double[] out, int k) {
    for (int base = 0; base < rows.length; base += k) {
      for (int a = 0; a < k; a++) {
        double s = 0;
        for (int b = 0; b < k; b++) {
          s += m[a * k + b] * rows[base + b];
        }
        out[base + a] += c * s;
      }
    }
  }

  /** {@code m ← m + mᵀ}. */
  private static void addTranspose(double[] m, int k) {
    for (int a = 0; a < k; a++) {
      for (int b = a; b < k; b++) {
        double s = m[a * k + b] + m[b * k + a];
        m[a * k + b] = s;
        m[b * k + a] = s;
      }
    }
  }
}
