package io.recvalue.core.als;

import java.io.Serializable;

/**
 * The interactions of one destination block, arranged for the half-step that solves its entities
 * (MLlib's {@code InBlock}). Destination entity {@code p} (global id {@code dstIds[p]}, ascending) owns
 * interactions {@code [ptr[p], ptr[p+1])}, ordered by the source entity's global id, so that each
 * normal equation is accumulated in the same order whatever the number of blocks. Interaction
 * {@code q} reads its source factor from the message of source block {@code srcBlock[q]} at position
 * {@code srcPos[q]}; that message carries the factors of {@code srcIds[srcBlock[q]]} (ascending global
 * ids), which is also what the source block's {@code OutBlock} is built from.
 */
public final class InBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  final int[] dstIds;
  final int[] ptr;
  final int[] srcBlock;
  final int[] srcPos;
  final double[] rating;
  final double[] weight;
  /** {@code plain[q]}: a nudge pair (plain squared term, no regularisation share); null when none. */
  final boolean[] plain;
  final int[][] srcIds;

  private InBlock(int[] dstIds, int[] ptr, int[] srcBlock, int[] srcPos, double[] rating, double[] weight,
      boolean[] plain, int[][] srcIds) {
    this.dstIds = dstIds;
    this.ptr = ptr;
    this.srcBlock = srcBlock;
    this.srcPos = srcPos;
    this.rating = rating;
    this.weight = weight;
    this.plain = plain;
    this.srcIds = srcIds;
  }

  /**
   * This block with every nudge pair's weight multiplied by {@code scale} (training interactions unchanged);
   * the arrays other than the weights are shared.
   */
  InBlock withNudgeScaled(double scale) {
    if (plain == null) {
      return this;
    }
    double[] w = weight.clone();
    for (int q = 0; q < w.length; q++) {
      if (plain[q]) {
        w[q] *= scale;
      }
    }
    return new InBlock(dstIds, ptr, srcBlock, srcPos, rating, w, plain, srcIds);
  }

  /**
   * This block in the problem of two disconnected copies ({@link TwinCopies}): each entity {@code e} becomes
   * {@code id(e, 0)}, owning these interactions, and {@code id(e, 1)}, owning the same with every nudge pair's
   * weight negated; each interaction reads the same copy of its source. The result is the block
   * {@link #build} makes of the doubled interactions, without rebuilding it.
   */
  InBlock twinned(int numBlocks) {
    int n = dstIds.length;
    int m = rating.length;
    int[] ids = new int[2 * n];
    int[] p2 = new int[2 * n + 1];
    int[] sb = new int[2 * m];
    int[] sp = new int[2 * m];
    double[] r = new double[2 * m];
    double[] w = new double[2 * m];
    boolean[] pl = plain == null ? null : new boolean[2 * m];
    int q2 = 0;
    for (int p = 0; p < n; p++) {
      for (int c = 0; c < 2; c++) {
        ids[2 * p + c] = TwinCopies.id(dstIds[p], c, numBlocks);
        p2[2 * p + c] = q2;
        for (int q = ptr[p]; q < ptr[p + 1]; q++, q2++) {
          sb[q2] = srcBlock[q];
          sp[q2] = 2 * srcPos[q] + c;
          r[q2] = rating[q];
          boolean nudge = plain != null && plain[q];
          w[q2] = nudge && c == 1 ? -weight[q] : weight[q];
          if (pl != null) {
            pl[q2] = nudge;
          }
        }
      }
    }
    p2[2 * n] = q2;
    int[][] src = new int[srcIds.length][];
    for (int b = 0; b < srcIds.length; b++) {
      src[b] = new int[2 * srcIds[b].length];
      for (int s = 0; s < srcIds[b].length; s++) {
        src[b][2 * s] = TwinCopies.id(srcIds[b][s], 0, numBlocks);
        src[b][2 * s + 1] = TwinCopies.id(srcIds[b][s], 1, numBlocks);
      }
    }
    return new InBlock(ids, p2, sb, sp, r, w, pl, src);
  }

  public int numEntities() {
    return dstIds.length;
  }

  public int numInteractions() {
    return rating.length;
  }

  /**
   * Builds the block from its interactions (global ids; every {@code dst[q] % numBlocks} equal):
   * two stable counting sorts give the order by (destination, source).
   */
  public static InBlock build(int numBlocks, int[] dst, int[] src, double[] r, double[] w) {
    return build(numBlocks, dst, src, r, w, null);
  }

  /** As {@link #build(int, int[], int[], double[], double[])}, with nudge flags ({@code null}: none). */
  public static InBlock build(int numBlocks, int[] dst, int[] src, double[] r, double[] w, boolean[] plain) {
    int n = dst.length;
    int[] bySrc = countingSort(src, identity(n), 1);
    int[] order = countingSort(dst, bySrc, numBlocks);
    int maxSrc = max(src);
    int[] pos = new int[maxSrc + 1];
    int[] perBlock = new int[numBlocks];
    boolean[] seen = new boolean[maxSrc + 1];
    for (int s : src) {
      seen[s] = true;
    }
    for (int g = 0; g <= maxSrc; g++) {
      if (seen[g]) {
        pos[g] = perBlock[g % numBlocks]++;
      }
    }
    int[][] srcIds = new int[numBlocks][];
    for (int b = 0; b < numBlocks; b++) {
      srcIds[b] = new int[perBlock[b]];
    }
    for (int g = 0; g <= maxSrc; g++) {
      if (seen[g]) {
        srcIds[g % numBlocks][pos[g]] = g;
      }
    }
    return arrange(numBlocks, dst, src, r, w, plain, order, pos, srcIds);
  }

  private static InBlock arrange(
      int numBlocks, int[] dst, int[] src, double[] r, double[] w, boolean[] plain, int[] order, int[] pos,
      int[][] srcIds) {
    int n = order.length;
    int numDst = 0;
    for (int q = 0; q < n; q++) {
      if (q == 0 || dst[order[q]] != dst[order[q - 1]]) {
        numDst++;
      }
    }
    int[] dstIds = new int[numDst];
    int[] ptr = new int[numDst + 1];
    int[] sb = new int[n];
    int[] sp = new int[n];
    double[] rr = new double[n];
    double[] ww = new double[n];
    boolean[] pl = plain == null ? null : new boolean[n];
    int p = -1;
    for (int q = 0; q < n; q++) {
      int o = order[q];
      if (q == 0 || dst[o] != dst[order[q - 1]]) {
        dstIds[++p] = dst[o];
        ptr[p] = q;
      }
      sb[q] = src[o] % numBlocks;
      sp[q] = pos[src[o]];
      rr[q] = r[o];
      ww[q] = w[o];
      if (pl != null) {
        pl[q] = plain[o];
      }
    }
    ptr[numDst] = n;
    return new InBlock(dstIds, ptr, sb, sp, rr, ww, pl, srcIds);
  }

  /** Stable counting sort of {@code idx} by {@code key[idx] / divisor}. */
  private static int[] countingSort(int[] key, int[] idx, int divisor) {
    int m = max(key) / divisor + 1;
    int[] count = new int[m + 1];
    for (int i : idx) {
      count[key[i] / divisor + 1]++;
    }
    for (int c = 0; c < m; c++) {
      count[c + 1] += count[c];
    }
    int[] out = new int[idx.length];
    for (int i : idx) {
      out[count[key[i] / divisor]++] = i;
    }
    return out;
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static int max(int[] a) {
    int m = 0;
    for (int v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
