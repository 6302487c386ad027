package io.recvalue.core.als;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A growable batch of interactions as parallel primitive arrays: destination id, source id, rating, weight, and for
 * {@link WeightedAls#fitNudgedIterates}'s nudge pairs a flag. ALS gathers one per destination block before it arranges an
 * {@link InBlock}, the valuation one per edge block, and unlearning the lost users' rows in one (user as destination,
 * item as source).
 */
public final class InteractionChunk implements Serializable {
  private static final long serialVersionUID = 1L;
  int n;
  int[] dst = new int[16];
  int[] src = new int[16];
  double[] r = new double[16];
  double[] w = new double[16];
  boolean[] plain = new boolean[16];
  boolean anyPlain;

  /** Adds an interaction (not a nudge pair). */
  public void add(int d, int s, double rating, double weight) {
    add(d, s, rating, weight, false);
  }

  void add(int d, int s, double rating, double weight, boolean isPlain) {
    if (n == dst.length) {
      int cap = n * 2;
      dst = Arrays.copyOf(dst, cap);
      src = Arrays.copyOf(src, cap);
      r = Arrays.copyOf(r, cap);
      w = Arrays.copyOf(w, cap);
      plain = Arrays.copyOf(plain, cap);
    }
    dst[n] = d;
    src[n] = s;
    r[n] = rating;
    w[n] = weight;
    plain[n] = isPlain;
    anyPlain |= isPlain;
    n++;
  }

  /** Appends every interaction of {@code c}. */
  public void addAll(InteractionChunk c) {
    for (int q = 0; q < c.n; q++) {
      add(c.dst[q], c.src[q], c.r[q], c.w[q], c.plain[q]);
    }
  }

  public int size() {
    return n;
  }

  public int dst(int q) {
    return dst[q];
  }

  public int src(int q) {
    return src[q];
  }

  public double rating(int q) {
    return r[q];
  }

  public double weight(int q) {
    return w[q];
  }

  /** The destination ids: the array itself, of which the first {@link #size()} entries are used (not to be modified). */
  public int[] dstIds() {
    return dst;
  }

  /** The source ids, as {@link #dstIds}. */
  public int[] srcIds() {
    return src;
  }

  /** The ratings, as {@link #dstIds}. */
  public double[] ratings() {
    return r;
  }

  /** The weights, as {@link #dstIds}. */
  public double[] weights() {
    return w;
  }

  /** A copy ordered by destination, then source (ties keep their order). */
  public InteractionChunk sortedByDstThenSrc() {
    Integer[] order = new Integer[n];
    for (int q = 0; q < n; q++) {
      order[q] = q;
    }
    Arrays.sort(order, (a, b) -> dst[a] != dst[b] ? Integer.compare(dst[a], dst[b]) : Integer.compare(src[a], src[b]));
    InteractionChunk s = new InteractionChunk();
    for (int q : order) {
      s.add(dst[q], src[q], r[q], w[q], plain[q]);
    }
    return s;
  }

  /** The interactions of {@code chunks}, in their order. */
  public static InteractionChunk concat(Iterable<InteractionChunk> chunks) {
    InteractionChunk all = new InteractionChunk();
    for (InteractionChunk c : chunks) {
      all.addAll(c);
    }
    return all;
  }

  InBlock toInBlock(int nb) {
    return InBlock.build(nb, Arrays.copyOf(dst, n), Arrays.copyOf(src, n), Arrays.copyOf(r, n), Arrays.copyOf(w, n),
        anyPlain ? Arrays.copyOf(plain, n) : null);
  }
}
