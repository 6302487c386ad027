package io.recvalue.valuation.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small problem held as arrays: interactions with ratings, weights and features, factors of every
 * user and item, and validation pairs (some held out); its user and item {@link EpisodeBlock}s built
 * exactly as the Spark engine builds them, and masks over its interactions mapped onto each block.
 */
final class TinyProblem {
  final int k;
  final int d;
  final int users;
  final int items;
  final int[] u;
  final int[] i;
  final double[] r;
  final double[] w;
  final double[] f;
  final double[] x;
  final double[] y;
  final int[][] validation;
  final double[] targets;
  final boolean[] heldout;
  final List<EpisodeBlock> userBlocks = new ArrayList<>();
  final List<EpisodeBlock> itemBlocks = new ArrayList<>();
  final List<int[]> userRows = new ArrayList<>();
  final List<int[]> itemRows = new ArrayList<>();

  /** {@code pairs[j] = {u, i}}; validation pairs {@code {u, i}}, every third one held out. */
  TinyProblem(int k, int d, int users, int items, int[][] pairs, int[][] validation, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    this.k = k;
    this.d = d;
    this.users = users;
    this.items = items;
    int n = pairs.length;
    u = new int[n];
    i = new int[n];
    r = new double[n];
    w = new double[n];
    f = new double[n * d];
    for (int j = 0; j < n; j++) {
      u[j] = pairs[j][0];
      i[j] = pairs[j][1];
      r[j] = 1 + 4 * rnd.nextDouble();
      w[j] = 0.5 + rnd.nextDouble();
      for (int q = 0; q < d; q++) {
        f[j * d + q] = rnd.nextGaussian();
      }
    }
    x = gaussian(rnd, users * k);
    y = gaussian(rnd, items * k);
    this.validation = validation;
    targets = new double[validation.length];
    heldout = new boolean[validation.length];
    int held = 0;
    for (int v = 0; v < validation.length; v++) {
      targets[v] = 1 + 4 * rnd.nextDouble();
      heldout[v] = v % 3 == 2;
      held += heldout[v] ? 1 : 0;
    }
    double rewardScale = 1.0 / (validation.length - held);
    double heldScale = 1.0 / Math.max(1, held);
    for (int e = 0; e < users; e++) {
      userRows.add(rowsOf(u, e));
      userBlocks.add(block(userRows.get(e), y, true, e, rewardScale, heldScale));
    }
    for (int e = 0; e < items; e++) {
      itemRows.add(rowsOf(i, e));
      itemBlocks.add(block(itemRows.get(e), x, false, e, rewardScale, heldScale));
    }
  }

  int size() {
    return u.length;
  }

  private int[] rowsOf(int[] owner, int e) {
    return java.util.stream.IntStream.range(0, owner.length).filter(j -> owner[j] == e).toArray();
  }

  private EpisodeBlock block(int[] rows, double[] other, boolean userSide, int e, double rs, double hs) {
    int n = rows.length;
    int[] us = new int[n];
    int[] is = new int[n];
    double[] o = new double[n * k];
    double[] rr = new double[n];
    double[] ww = new double[n];
    double[] ff = new double[n * d];
    for (int a = 0; a < n; a++) {
      int j = rows[a];
      us[a] = u[j];
      is[a] = i[j];
      System.arraycopy(other, (userSide ? i[j] : u[j]) * k, o, a * k, k);
      rr[a] = r[j];
      ww[a] = w[j];
      System.arraycopy(f, j * d, ff, a * d, d);
    }
    List<Integer> vs = new ArrayList<>();
    for (int v = 0; v < validation.length; v++) {
      if (validation[v][userSide ? 0 : 1] == e) {
        vs.add(v);
      }
    }
    double[] vo = new double[vs.size() * k];
    double[] t = new double[vs.size()];
    double[] c = new double[vs.size()];
    boolean[] h = new boolean[vs.size()];
    for (int a = 0; a < vs.size(); a++) {
      int v = vs.get(a);
      System.arraycopy(other, validation[v][userSide ? 1 : 0] * k, vo, a * k, k);
      t[a] = targets[v];
      h[a] = heldout[v];
      c[a] = h[a] ? hs : rs;
    }
    return new EpisodeBlock(us, is, o, rr, ww, ff, vo, t, c, h);
  }

  /** A global mask restricted to a block's rows. */
  static boolean[] restrict(boolean[] mask, int[] rows) {
    boolean[] out = new boolean[rows.length];
    for (int a = 0; a < rows.length; a++) {
      out[a] = mask[rows[a]];
    }
    return out;
  }

  /** The mean over both sides of every block's reward under a global mask. */
  double reward(boolean[] mask, HalfStepModel userModel, HalfStepModel itemModel, boolean heldoutSplit) {
    double s = 0;
    for (int e = 0; e < users; e++) {
      s += userBlocks.get(e).reward(restrict(mask, userRows.get(e)), userModel, heldoutSplit);
    }
    for (int e = 0; e < items; e++) {
      s += itemBlocks.get(e).reward(restrict(mask, itemRows.get(e)), itemModel, heldoutSplit);
    }
    return 0.5 * s;
  }

  /** One iteration of the engine's estimate over every block, as {@link HalfStepEngine} sums it. */
  PgAccumulator iterate(Policy policy, EpisodeMasks masks, double threshold, HalfStepModel userModel,
      HalfStepModel itemModel) {
    PgAccumulator acc = new PgAccumulator(masks.episodes(), d);
    for (EpisodeBlock b : userBlocks) {
      b.accumulate(policy, masks, threshold, userModel, acc);
    }
    for (EpisodeBlock b : itemBlocks) {
      b.accumulate(policy, masks, threshold, itemModel, acc);
    }
    return acc.scaleRewards(0.5);
  }

  private static double[] gaussian(SplittableRandom rnd, int n) {
    double[] v = new double[n];
    for (int a = 0; a < n; a++) {
      v[a] = rnd.nextGaussian();
    }
    return v;
  }
}
