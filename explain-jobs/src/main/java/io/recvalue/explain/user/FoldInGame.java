package io.recvalue.explain.user;

import io.recvalue.core.als.NormalEquations;
import io.recvalue.explain.shapley.CoalitionGame;
import io.recvalue.explain.shapley.ExactShapley;

/**
 * The event game of one recommendation: the players are a user's events (or groups of them), and a
 * coalition {@code S} is worth the score of the recommended item {@code i*} when the user's factor is
 * folded in from {@code S} alone,
 *
 * <pre>
 *   v(S) = y_{i*} · x_u(S),   x_u(S) = A(S)⁻¹ b(S),   v(∅) = 0
 * </pre>
 *
 * with {@code A(S)}, {@code b(S)} the sums of the players' terms ({@link EventTerms}) completed by the
 * model ({@link FoldInModel}): the run's {@code λ}, weights and (implicit) confidences. There is no
 * baseline event to choose: an absent event is simply not in the user's ridge regression, and
 * {@code v(F)} is the model's own score of {@code i*} (at a converged model, where the fold-in of all
 * events is the trained factor). Every coalition costs one {@code k×k} Cholesky solve.
 *
 * <p>Not thread-safe (it reuses scratch arrays); one game per task.
 */
public final class FoldInGame implements CoalitionGame {
  /** Coalitions per batch of solves in {@link #allValues()}. */
  private static final int BATCH = 256;

  private final FoldInModel model;
  private final EventTerms terms;
  private final double[] target;
  private final int k;
  private final double[] runningA;
  private final double[] runningB;
  private final double[] a;
  private final double[] b;

  FoldInGame(FoldInModel model, EventTerms terms, double[] target) {
    if (target.length != model.rank()) {
      throw new IllegalArgumentException("target has " + target.length + " factors, rank is " + model.rank());
    }
    this.model = model;
    this.terms = terms;
    this.target = target.clone();
    this.k = model.rank();
    this.runningA = new double[k * k];
    this.runningB = new double[k];
    this.a = new double[k * k];
    this.b = new double[k];
  }

  /** The game of {@code history}'s events (one player each) for the item {@code item}. */
  public static FoldInGame of(FoldInModel model, UserHistory history, int item) {
    return new FoldInGame(model, EventTerms.of(model, history), model.itemFactor(item));
  }

  /** The same target with players {@code groups} of this game's players. */
  FoldInGame grouped(int[][] groups) {
    return new FoldInGame(model, terms.grouped(groups), target);
  }

  @Override
  public int players() {
    return terms.count;
  }

  EventTerms terms() {
    return terms;
  }

  double[] target() {
    return target.clone();
  }

  /** {@code x_u(S)} for the coalition of players with {@code in[p]}; a new array. */
  public double[] factor(boolean[] in) {
    java.util.Arrays.fill(a, 0.0);
    double[] x = new double[k];
    double w = 0;
    for (int p = 0; p < terms.count; p++) {
      if (in[p]) {
        w += terms.addTo(p, a, 0, x, 0);
      }
    }
    model.solve(a, 0, x, 0, w);
    return x;
  }

  /** {@code v(S)} for the coalition of players with {@code in[p]}. */
  @Override
  public double value(boolean[] in) {
    return dot(factor(in));
  }

  @Override
  public double value(long mask) {
    if (terms.count > 63) {
      throw new IllegalArgumentException("a game of " + terms.count + " players cannot be addressed by bit masks");
    }
    boolean[] in = new boolean[terms.count];
    for (int p = 0; p < terms.count; p++) {
      in[p] = ((mask >>> p) & 1L) != 0;
    }
    return value(in);
  }

  @Override
  public double emptyValue() {
    return 0.0;
  }

  @Override
  public double fullValue() {
    boolean[] all = new boolean[terms.count];
    java.util.Arrays.fill(all, true);
    return value(all);
  }

  /**
   * Adds the players one at a time: the running matrix and right-hand side gain one player's term
   * per step ({@code O(k²)}), and each step is one solve of a copy.
   */
  @Override
  public void walk(int[] order, boolean reversed, double[] credit) {
    double previous = 0.0;
    int n = order.length;
    startChain();
    for (int s = 0; s < n; s++) {
      int p = order[reversed ? n - 1 - s : s];
      double current = extendChain(p);
      credit[p] = current - previous;
      previous = current;
    }
  }

  /** {@code v} of each prefix of {@code order}: entry {@code s} is the worth of its first {@code s + 1} players. */
  public double[] chain(int[] order) {
    double[] values = new double[order.length];
    startChain();
    for (int s = 0; s < order.length; s++) {
      values[s] = extendChain(order[s]);
    }
    return values;
  }

  private double chainWeight;

  private void startChain() {
    java.util.Arrays.fill(runningA, 0.0);
    java.util.Arrays.fill(runningB, 0.0);
    chainWeight = 0;
  }

  /** Adds player {@code p} to the running coalition and returns its worth. */
  private double extendChain(int p) {
    chainWeight += terms.addTo(p, runningA, 0, runningB, 0);
    System.arraycopy(runningA, 0, a, 0, k * k);
    System.arraycopy(runningB, 0, b, 0, k);
    model.solve(a, 0, b, 0, chainWeight);
    return dotAt(b, 0);
  }

  /**
   * {@code v} of every coalition, {@code value[mask]} for {@code mask = 0 .. 2^n − 1} ({@code n ≤}
   * {@value ExactShapley#MAX_PLAYERS}): the systems are built {@value #BATCH} at a time and solved as one
   * batch.
   */
  public double[] allValues() {
    int n = terms.count;
    if (n < 1 || n > ExactShapley.MAX_PLAYERS) {
      throw new IllegalArgumentException("exact enumeration handles 1 to " + ExactShapley.MAX_PLAYERS
          + " players, got " + n);
    }
    int coalitions = 1 << n;
    double[] value = new double[coalitions];
    double[] ba = new double[BATCH * k * k];
    double[] bb = new double[BATCH * k];
    double[] bw = new double[BATCH];
    for (int first = 1; first < coalitions; first += BATCH) {
      int count = Math.min(BATCH, coalitions - first);
      java.util.Arrays.fill(ba, 0.0);
      java.util.Arrays.fill(bb, 0.0);
      for (int m = 0; m < count; m++) {
        int mask = first + m;
        double w = 0;
        for (int p = 0; p < n; p++) {
          if ((mask & (1 << p)) != 0) {
            w += terms.addTo(p, ba, m * k * k, bb, m * k);
          }
        }
        bw[m] = w;
      }
      model.solveBatch(ba, bb, bw, count);
      for (int m = 0; m < count; m++) {
        value[first + m] = dotAt(bb, m * k);
      }
    }
    return value;
  }

  /** Exact Shapley values by enumerating every coalition. */
  public double[] exactShapley() {
    return ExactShapley.fromValues(terms.count, allValues());
  }

  /**
   * Hu, Koren and Volinsky's split of the full score (ICDM 2008, §5): with {@code A} the matrix of all
   * players, {@code v(F) = y*ᵀA⁻¹ Σ_p b_p = Σ_p (A⁻¹y*)·b_p}, so player {@code p} gets
   * {@code (A⁻¹y*)·b_p}. Exact in sum, but it keeps every other player's share of {@code A} fixed
   * (a "leave-all-in" split, no removal).
   */
  public double[] hkvSplit() {
    java.util.Arrays.fill(a, 0.0);
    double[] scratch = new double[k];
    double w = 0;
    for (int p = 0; p < terms.count; p++) {
      w += terms.addTo(p, a, 0, scratch, 0);
    }
    double[] q = target.clone();
    model.solve(a, 0, q, 0, w);
    double[] split = new double[terms.count];
    for (int p = 0; p < terms.count; p++) {
      split[p] = terms.rhsDot(p, q);
    }
    return split;
  }

  /** {@code v(F) − v(F∖{p})} for every player: what removing it alone costs the score. */
  public double[] leaveOneOut() {
    boolean[] in = new boolean[terms.count];
    java.util.Arrays.fill(in, true);
    double full = value(in);
    double[] drop = new double[terms.count];
    for (int p = 0; p < terms.count; p++) {
      in[p] = false;
      drop[p] = full - value(in);
      in[p] = true;
    }
    return drop;
  }

  /** {@code y_{i*}·x}. */
  public double score(double[] x) {
    return dotAt(x, 0);
  }

  private double dot(double[] x) {
    return dotAt(x, 0);
  }

  private double dotAt(double[] x, int xo) {
    return NormalEquations.dot(k, target, 0, x, xo);
  }
}
