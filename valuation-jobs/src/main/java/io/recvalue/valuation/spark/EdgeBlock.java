package io.recvalue.valuation.spark;

import io.recvalue.core.als.OutPositions;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.valuation.math.PointLoss;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The training interactions of one block of destination entities (the users {@code u} with
 * {@code u % numBlocks == b}, or the items), arranged once so that every later pass over them needs
 * from the other side only the {@code k}-vectors of a direction, never the rows: the blocked layout
 * of weighted ALS ({@code io.recvalue.core.als.InBlock}) carrying, besides the interactions, the
 * fixed factors of {@code θ*} and the per-interaction derivatives of the loss at {@code θ*}.
 *
 * <p><b>Layout.</b> Destination entity {@code p} (global id {@code ids[p]}, ascending) owns
 * interactions {@code [ptr[p], ptr[p+1])}, ordered by source id, so each entity's sums are
 * accumulated in the same order whatever the number of blocks. Interaction {@code q} has source
 * entity {@code srcIds[srcBlock[q]][srcPos[q]]}; the source factors are cached per source block in
 * that order ({@code srcFactors}), and a direction arrives from source block {@code s} as one packed
 * array in the same order (a <em>message</em>). {@code outPos[d]} lists the positions in this
 * block of the entities that block {@code d} of the other side needs, in its {@code srcIds} order:
 * this block's message to {@code d}.
 *
 * <p><b>Coefficients.</b> With the notation of {@link PointLoss} ({@code ℓ_j = φ(s; r) + λ(‖x‖² +
 * ‖y‖²)}), at {@code θ*} every interaction keeps {@code curvature_q = w φ''(r)} and
 * {@code slope_q = w φ'(s*; r)}, and every entity {@code ρ_p = Σ_{q∈p} 2 w λ}.
 *
 * <p><b>Hessian-vector product.</b> Write the destination side as users, {@code x_u} their factors,
 * {@code y_q} the item factor of interaction {@code q}, and the direction {@code v = (A, B)}. The
 * Hessian blocks of one {@code ℓ_j} are {@code ∂²/∂x² = φ'' y yᵀ + 2λI} and
 * {@code ∂²/∂x∂yᵀ = φ'' y xᵀ + φ' I} (docs/methods.md §3), so user {@code u}'s row of {@code Σ_j w_j H_j v}
 * is
 *
 * <pre>
 *   (Hv)_u = Σ_{q∈u} [ w φ'' y_q y_qᵀ a_u + 2wλ a_u + w φ'' y_q x_uᵀ b_q + w φ' b_q ]
 *          = ρ_u a_u + Σ_{q∈u} [ curvature_q (y_q·a_u + x_u·b_q) y_q + slope_q b_q ],
 * </pre>
 *
 * which needs, besides what the block holds, the own part {@code a_u} and the other side's
 * {@code b_q} for the items of {@code u}'s interactions: exactly one message per source block. The
 * item side is the mirror image (swap {@code x ↔ y}, {@code A ↔ B}). The Gauss–Newton matrix drops
 * the {@code φ' I} cross block, i.e. {@code slope_q b_q}. Damping {@code δv} and the implicit
 * all-pairs term are added by the caller ({@link DistributedObjective}).
 *
 * <p><b>Gradient and diagonal blocks</b> need no message at all:
 * {@code ∇_{x_u}F = Σ_{q∈u} slope_q y_q + ρ_u x_u} and
 * {@code H_uu = Σ_{q∈u} curvature_q y_q y_qᵀ + ρ_u I}.
 */
final class EdgeBlock implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int k;
  private final int[] ids;
  private final double[] own;
  private final double[] rho;
  private final int[] ptr;
  private final int[] srcBlock;
  private final int[] srcPos;
  private final double[] curvature;
  private final double[] slope;
  private final int[][] srcIds;
  private final double[][] srcFactors;
  private final int[][] outPos;

  private EdgeBlock(int k, int[] ids, double[] own, double[] rho, int[] ptr, int[] srcBlock,
      int[] srcPos, double[] curvature, double[] slope, int[][] srcIds, double[][] srcFactors,
      int[][] outPos) {
    this.k = k;
    this.ids = ids;
    this.own = own;
    this.rho = rho;
    this.ptr = ptr;
    this.srcBlock = srcBlock;
    this.srcPos = srcPos;
    this.curvature = curvature;
    this.slope = slope;
    this.srcIds = srcIds;
    this.srcFactors = srcFactors;
    this.outPos = outPos;
  }

  /**
   * Arranges {@code n} interactions of one destination block (destination and source ids, ratings,
   * weights) at zero factors: every score is 0, so each slope is {@code w φ'(0, r)}; {@link #at} then
   * moves the block to the factors it is used at. {@code numSrcBlocks} is the other side's block count.
   */
  static EdgeBlock atZero(PointLoss loss, int k, int numSrcBlocks, int n, int[] dst, int[] src,
      double[] rating, double[] weight) {
    Integer[] boxed = new Integer[n];
    for (int q = 0; q < n; q++) {
      boxed[q] = q;
    }
    Arrays.sort(boxed, (a, b) -> dst[a] != dst[b] ? Integer.compare(dst[a], dst[b])
        : Integer.compare(src[a], src[b]));
    int[] ids = distinct(dst, n);
    int[] all = distinct(src, n);
    int[][] srcIds = new int[numSrcBlocks][];
    int[] perBlock = new int[numSrcBlocks];
    for (int g : all) {
      perBlock[g % numSrcBlocks]++;
    }
    for (int s = 0; s < numSrcBlocks; s++) {
      srcIds[s] = new int[perBlock[s]];
      perBlock[s] = 0;
    }
    for (int g : all) {
      srcIds[g % numSrcBlocks][perBlock[g % numSrcBlocks]++] = g;
    }
    double[][] sf = new double[numSrcBlocks][];
    for (int s = 0; s < numSrcBlocks; s++) {
      sf[s] = new double[srcIds[s].length * k];
    }
    double[] ownF = new double[ids.length * k];
    double[] rho = new double[ids.length];
    int[] ptr = new int[ids.length + 1];
    int[] sb = new int[n];
    int[] sp = new int[n];
    double[] curv = new double[n];
    double[] slp = new double[n];
    int p = -1;
    for (int q = 0; q < n; q++) {
      int o = boxed[q];
      if (p < 0 || ids[p] != dst[o]) {
        ptr[++p] = q;
      }
      sb[q] = src[o] % numSrcBlocks;
      sp[q] = Arrays.binarySearch(srcIds[sb[q]], src[o]);
      curv[q] = weight[o] * loss.d2phi(rating[o]);
      slp[q] = weight[o] * loss.dphi(0.0, rating[o]);
      rho[p] += 2 * weight[o] * loss.lambda();
    }
    ptr[ids.length] = n;
    return new EdgeBlock(k, ids, ownF, rho, ptr, sb, sp, curv, slp, srcIds, sf, null);
  }

  /**
   * This block with its out-positions ({@code outPos[d]}: see the class comment), computed from its own
   * interactions ({@link OutPositions}): the other side's blocks hold the same interactions.
   */
  EdgeBlock withOutPositions() {
    return new EdgeBlock(k, ids, own, rho, ptr, srcBlock, srcPos, curvature, slope, srcIds,
        srcFactors, OutPositions.of(ptr, srcBlock, srcIds.length));
  }

  int rank() {
    return k;
  }

  /**
   * This block at other factors of the same entities: {@code ownFactors} aligned with {@link #ids},
   * {@code messages[s]} the source factors of source block {@code s} in {@code sourceIds(s)} order (a
   * message of the other side, as a direction's in {@link #hvp}; {@code null} only where this block needs
   * none of that block's entities). Ids, layout, curvatures and {@code ρ} stay (they depend on the
   * ratings and weights only); each slope moves exactly with its score, since {@code φ} is quadratic in
   * {@code s} ({@link PointLoss}): {@code slope' = slope + curvature · (s' − s)}.
   */
  EdgeBlock at(double[] ownFactors, double[][] messages) {
    double[][] sf = new double[srcIds.length][];
    for (int s = 0; s < srcIds.length; s++) {
      sf[s] = messages[s] != null ? messages[s] : new double[0];
      if (sf[s].length != srcIds[s].length * k) {
        throw new IllegalStateException("source block " + s + " sent " + sf[s].length / k + " factor rows for "
            + srcIds[s].length + " entities");
      }
    }
    double[] slp = new double[slope.length];
    for (int p = 0; p < ids.length; p++) {
      for (int q = ptr[p]; q < ptr[p + 1]; q++) {
        slp[q] = slope[q] + curvature[q] * scoreChange(own, ownFactors, p * k, srcFactors[srcBlock[q]],
            sf[srcBlock[q]], srcPos[q] * k, k);
      }
    }
    return new EdgeBlock(k, ids, ownFactors, rho, ptr, srcBlock, srcPos, curvature, slp, srcIds, sf, outPos);
  }

  /**
   * {@code F(θ') − F(θ)} over this block, where this block is {@code before} moved to {@code θ'}
   * ({@link #at}): the regularisation of its own entities, {@code Σ_p ½ρ_p(‖x'_p‖² − ‖x_p‖²)}, and, with
   * {@code interactions}, its interactions' losses. For a quadratic {@code φ} the change of
   * {@code w φ} is exactly the step in the score times the mean of the two slopes,
   * {@code w(φ(s') − φ(s)) = ½(s' − s)(slope + slope')}, so no rating is needed. Each interaction lies
   * in one user block and one item block: count it on one side only.
   */
  double objectiveChange(EdgeBlock before, boolean interactions) {
    double change = 0;
    for (int p = 0; p < ids.length; p++) {
      int po = p * k;
      double squares = 0;
      for (int a = 0; a < k; a++) {
        squares += (own[po + a] - before.own[po + a]) * (own[po + a] + before.own[po + a]);
      }
      change += 0.5 * rho[p] * squares;
      if (!interactions) {
        continue;
      }
      for (int q = ptr[p]; q < ptr[p + 1]; q++) {
        double ds = scoreChange(before.own, own, po, before.srcFactors[srcBlock[q]], srcFactors[srcBlock[q]],
            srcPos[q] * k, k);
        change += 0.5 * ds * (slope[q] + before.slope[q]);
      }
    }
    return change;
  }


  /** The destination entities' factors at {@code θ*}, aligned with {@link #ids} (shared). */
  double[] ownFactors() {
    return own;
  }

  /** Destination ids, ascending (shared, not copied). */
  int[] ids() {
    return ids;
  }

  /** The source ids this block needs from source block {@code s}, ascending. */
  int[] sourceIds(int s) {
    return srcIds[s];
  }

  /** Number of source blocks (the other side's block count). */
  int numSourceBlocks() {
    return srcIds.length;
  }

  /** Number of blocks of the other side this block sends messages to. */
  int numTargets() {
    return outPos.length;
  }

  int numInteractions() {
    return curvature.length;
  }

  /** The factors of destination entity {@code id} (a copy); fails when this block does not hold it. */
  double[] ownFactor(int id) {
    int p = position(id);
    if (p < 0) {
      throw new IllegalStateException("entity " + id + " is not in this block");
    }
    return Arrays.copyOfRange(own, p * k, p * k + k);
  }

  /** The factors of source entity {@code id} (a copy); fails when no interaction of this block meets it. */
  double[] sourceFactor(int id) {
    int s = id % srcIds.length;
    int pos = Arrays.binarySearch(srcIds[s], id);
    if (pos < 0) {
      throw new IllegalStateException("entity " + id + " of the other side meets no interaction of this block");
    }
    return Arrays.copyOfRange(srcFactors[s], pos * k, pos * k + k);
  }

  /** Position of global id {@code id} in this block, or a negative number when absent. */
  int position(int id) {
    return Arrays.binarySearch(ids, id);
  }

  /**
   * This block's message to block {@code d} of the other side: the {@code k}-vectors of
   * {@code packed} (aligned with {@link #ids}) that {@code d} needs, or {@code null} when none.
   */
  double[] message(int d, double[] packed) {
    int[] pos = outPos[d];
    if (pos.length == 0) {
      return null;
    }
    double[] out = new double[pos.length * k];
    for (int q = 0; q < pos.length; q++) {
      System.arraycopy(packed, pos[q] * k, out, q * k, k);
    }
    return out;
  }

  /**
   * {@code (Σ_j w_j H_j v)} for this block's entities (packed, aligned with {@link #ids}), from the
   * own part of the direction ({@code ownDirection}, aligned with {@link #ids}) and the messages of
   * the source blocks ({@code messages[s]} in {@code sourceIds(s)} order; {@code null}: zero).
   */
  double[] hvp(double[] ownDirection, double[][] messages, boolean gaussNewton) {
    double[] out = new double[ids.length * k];
    for (int p = 0; p < ids.length; p++) {
      int po = p * k;
      for (int a = 0; a < k; a++) {
        out[po + a] = rho[p] * ownDirection[po + a];
      }
      for (int q = ptr[p]; q < ptr[p + 1]; q++) {
        double[] y = srcFactors[srcBlock[q]];
        int yo = srcPos[q] * k;
        double[] b = messages[srcBlock[q]];
        double ds = 0;
        for (int a = 0; a < k; a++) {
          ds += y[yo + a] * ownDirection[po + a];
        }
        if (b != null) {
          for (int a = 0; a < k; a++) {
            ds += own[po + a] * b[yo + a];
          }
        }
        double c = curvature[q] * ds;
        for (int a = 0; a < k; a++) {
          out[po + a] += c * y[yo + a];
        }
        if (b != null && !gaussNewton) {
          double d1 = slope[q];
          for (int a = 0; a < k; a++) {
            out[po + a] += d1 * b[yo + a];
          }
        }
      }
    }
    return out;
  }

  /** {@code ∇F} restricted to this block's entities and the interaction terms (packed). */
  double[] gradient() {
    double[] out = new double[ids.length * k];
    for (int p = 0; p < ids.length; p++) {
      int po = p * k;
      for (int a = 0; a < k; a++) {
        out[po + a] = rho[p] * own[po + a];
      }
      for (int q = ptr[p]; q < ptr[p + 1]; q++) {
        double[] y = srcFactors[srcBlock[q]];
        int yo = srcPos[q] * k;
        for (int a = 0; a < k; a++) {
          out[po + a] += slope[q] * y[yo + a];
        }
      }
    }
    return out;
  }

  /**
   * Every interaction's leverage on its destination entity's factor,
   * {@code curvature_q · y_qᵀ (H_pp + 2·dense)⁻¹ y_q} ({@link io.recvalue.valuation.math.BlockDiagonal#leverage}),
   * as rows {@code (user_idx, item_idx, leverage)}, computed lazily entity by entity (one {@code k×k}
   * factorisation per entity, one pair of triangular solves per interaction), so that a block of
   * 10⁷ interactions never holds 10⁷ results at once.
   *
   * @param dense the implicit all-pairs Gramian of the source side (null for explicit data)
   * @param destinationIsUser whether this block's entities are users
   */
  Iterator<Row> leverage(double[] dense, boolean destinationIsUser) {
    return new Iterator<>() {
      private final JavaCholeskySolver solver = new JavaCholeskySolver();
      private final double[] x = new double[k];
      private double[] m;
      private int p = -1;
      private int q = 0;

      @Override
      public boolean hasNext() {
        while (p < ids.length && (p < 0 || q >= ptr[p + 1])) {
          p++;
          if (p < ids.length) {
            factorEntity();
          }
        }
        return p < ids.length;
      }

      private void factorEntity() {
        m = selfBlock(p);
        if (dense != null) {
          for (int t = 0; t < k * k; t++) {
            m[t] += 2 * dense[t];
          }
        }
        solver.factor(k, 1, m);
        q = ptr[p];
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        double[] y = srcFactors[srcBlock[q]];
        int yo = srcPos[q] * k;
        System.arraycopy(y, yo, x, 0, k);
        solver.solveFactored(k, 1, m, x);
        double quad = 0;
        for (int a = 0; a < k; a++) {
          quad += y[yo + a] * x[a];
        }
        int src = srcIds[srcBlock[q]][srcPos[q]];
        double h = curvature[q] * quad;
        q++;
        return destinationIsUser ? RowFactory.create(ids[p], src, h) : RowFactory.create(src, ids[p], h);
      }
    };
  }


  /** The diagonal Hessian block {@code Σ curvature_q y_q y_qᵀ + ρ I} of entity {@code p} (row-major). */
  double[] selfBlock(int p) {
    double[] m = new double[k * k];
    for (int q = ptr[p]; q < ptr[p + 1]; q++) {
      double[] y = srcFactors[srcBlock[q]];
      int yo = srcPos[q] * k;
      double c = curvature[q];
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          m[a * k + b] += c * y[yo + a] * y[yo + b];
        }
      }
    }
    for (int a = 0; a < k; a++) {
      m[a * k + a] += rho[p];
    }
    return m;
  }

  /**
   * {@code x'·y' − x·y} as {@code (x' − x)·y' + x·(y' − y)}: without the cancellation of two nearby
   * scores, so a small step's change keeps its relative precision.
   */
  private static double scoreChange(double[] x, double[] x2, int xo, double[] y, double[] y2, int yo, int k) {
    double d = 0;
    for (int a = 0; a < k; a++) {
      d += (x2[xo + a] - x[xo + a]) * y2[yo + a] + x[xo + a] * (y2[yo + a] - y[yo + a]);
    }
    return d;
  }

  private static int[] distinct(int[] v, int n) {
    int[] s = Arrays.copyOf(v, n);
    Arrays.sort(s);
    int m = 0;
    for (int q = 0; q < n; q++) {
      if (q == 0 || s[q] != s[q - 1]) {
        s[m++] = s[q];
      }
    }
    return Arrays.copyOf(s, m);
  }
}
