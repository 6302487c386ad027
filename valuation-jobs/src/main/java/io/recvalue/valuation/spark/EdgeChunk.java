package io.recvalue.valuation.spark;

import java.util.Arrays;

/**
 * A growable batch of interactions of one destination block with both factor rows, from which
 * {@link BlockedEdges} arranges an {@link EdgeBlock}.
 */
final class EdgeChunk implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final int k;
  int n;
  int[] dst = new int[16];
  int[] src = new int[16];
  double[] r = new double[16];
  double[] w = new double[16];
  double[] dstF;
  double[] srcF;

  EdgeChunk(int k) {
    this.k = k;
    dstF = new double[16 * k];
    srcF = new double[16 * k];
  }

  /** Adds one interaction whose factor rows start at {@code fo} in {@code df} and {@code sf}. */
  void add(int d, int s, double rating, double weight, double[] df, double[] sf, int fo) {
    if (n == dst.length) {
      int cap = n * 2;
      dst = Arrays.copyOf(dst, cap);
      src = Arrays.copyOf(src, cap);
      r = Arrays.copyOf(r, cap);
      w = Arrays.copyOf(w, cap);
      dstF = Arrays.copyOf(dstF, cap * k);
      srcF = Arrays.copyOf(srcF, cap * k);
    }
    dst[n] = d;
    src[n] = s;
    r[n] = rating;
    w[n] = weight;
    System.arraycopy(df, fo, dstF, n * k, k);
    System.arraycopy(sf, fo, srcF, n * k, k);
    n++;
  }

  static EdgeChunk concat(Iterable<EdgeChunk> chunks, int k) {
    EdgeChunk all = new EdgeChunk(k);
    for (EdgeChunk c : chunks) {
      for (int q = 0; q < c.n; q++) {
        all.add(c.dst[q], c.src[q], c.r[q], c.w[q], c.dstF, c.srcF, q * k);
      }
    }
    return all;
  }

  EdgeBlock toBlock(LossSpec loss, int k, int nSrc) {
    return EdgeBlock.build(loss.get(), k, nSrc, n, dst, src, r, w, dstF, srcF);
  }
}
