package io.recvalue.core.als;

import java.io.Serializable;

/**
 * The {@code k} best (item, score) pairs seen so far: higher score first, ties by lower item id, so
 * the result is a pure function of the scores (no seeded tie-breaking needed).
 */
public final class TopK implements Serializable {
  private static final long serialVersionUID = 1L;
  final int[] ids;
  final double[] scores;
  int size;

  public TopK(int k) {
    ids = new int[k];
    scores = new double[k];
  }

  private static boolean better(double s, int id, double t, int tid) {
    return s > t || (s == t && id < tid);
  }

  /** Offers one candidate; O(k) when it enters, O(1) when it does not. */
  public void offer(int id, double score) {
    int k = ids.length;
    if (size == k && !better(score, id, scores[k - 1], ids[k - 1])) {
      return;
    }
    int p = size < k ? size++ : k - 1;
    while (p > 0 && better(score, id, scores[p - 1], ids[p - 1])) {
      ids[p] = ids[p - 1];
      scores[p] = scores[p - 1];
      p--;
    }
    ids[p] = id;
    scores[p] = score;
  }

  /** This list with the other's candidates offered (the union's top {@code k}). */
  public TopK merge(TopK other) {
    for (int q = 0; q < other.size; q++) {
      offer(other.ids[q], other.scores[q]);
    }
    return this;
  }

  public int size() {
    return size;
  }

  public int id(int rank) {
    return ids[rank];
  }

  /** The ids, best first. */
  public int[] ids() {
    return java.util.Arrays.copyOf(ids, size);
  }
}
