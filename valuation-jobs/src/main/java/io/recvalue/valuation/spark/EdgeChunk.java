package io.recvalue.valuation.spark;

import java.util.Arrays;

/**
 * A growable batch of interactions of one destination block (ids, ratings, weights: no factors, which
 * reach the blocks afterwards as messages), from which {@link BlockedEdges} arranges an {@link EdgeBlock}.
 */
final class EdgeChunk implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  int n;
  int[] dst = new int[16];
  int[] src = new int[16];
  double[] r = new double[16];
  double[] w = new double[16];

  void add(int d, int s, double rating, double weight) {
    if (n == dst.length) {
      int cap = n * 2;
      dst = Arrays.copyOf(dst, cap);
      src = Arrays.copyOf(src, cap);
      r = Arrays.copyOf(r, cap);
      w = Arrays.copyOf(w, cap);
    }
    dst[n] = d;
    src[n] = s;
    r[n] = rating;
    w[n] = weight;
    n++;
  }

  static EdgeChunk concat(Iterable<EdgeChunk> chunks) {
    EdgeChunk all = new EdgeChunk();
    for (EdgeChunk c : chunks) {
      for (int q = 0; q < c.n; q++) {
        all.add(c.dst[q], c.src[q], c.r[q], c.w[q]);
      }
    }
    return all;
  }

  EdgeBlock toBlock(LossSpec loss, int k, int nSrc) {
    return EdgeBlock.atZero(loss.get(), k, nSrc, n, dst, src, r, w);
  }
}
