package io.recvalue.explain.user;

import io.recvalue.core.als.TopK;

/**
 * A user's recommendation list under a factor {@code x}: every item with factors that is not among
 * the user's training items, by score {@code x·y_i}, higher first and ties by lower item index (the
 * order of {@link TopK} and of the ranking metrics). The excluded items stay excluded whatever
 * factor is tried, so a counterfactual changes the scores, never the candidates.
 */
public final class RecommendationList {
  private final FoldInModel model;
  private final boolean[] candidate;

  /** @param excluded the user's training items */
  public RecommendationList(FoldInModel model, int[] excluded) {
    this.model = model;
    this.candidate = new boolean[model.itemCount()];
    for (int i = 0; i < candidate.length; i++) {
      candidate[i] = model.hasFactors(i);
    }
    for (int i : excluded) {
      if (i >= 0 && i < candidate.length) {
        candidate[i] = false;
      }
    }
  }

  boolean isCandidate(int item) {
    return item >= 0 && item < candidate.length && candidate[item];
  }

  /** The {@code n} best candidates, best first. */
  public int[] top(double[] x, int n) {
    TopK top = new TopK(n);
    for (int i = 0; i < model.itemCount(); i++) {
      if (candidate[i]) {
        top.offer(i, model.score(x, 0, i));
      }
    }
    int[] ids = new int[top.size()];
    for (int r = 0; r < ids.length; r++) {
      ids[r] = top.id(r);
    }
    return ids;
  }

  /** Position of candidate {@code item} in the list (1 = first). */
  public int rankOf(double[] x, int item) {
    return 1 + better(x, item, Integer.MAX_VALUE);
  }

  /** Whether candidate {@code item} is among the first {@code n}; stops counting at {@code n} better items. */
  public boolean inTop(double[] x, int item, int n) {
    return better(x, item, n) < n;
  }

  /** Candidates ranked above {@code item}, counted up to {@code cap}. */
  private int better(double[] x, int item, int cap) {
    double s = model.score(x, 0, item);
    int count = 0;
    for (int i = 0; i < model.itemCount() && count < cap; i++) {
      if (candidate[i] && i != item) {
        double t = model.score(x, 0, i);
        if (t > s || (t == s && i < item)) {
          count++;
        }
      }
    }
    return count;
  }
}
