package io.recvalue.explain.user;

/**
 * A user's normal equation split into one additive term per player: the matrix term (lower
 * triangle, {@code k×k}), the right-hand side and the weight of each event, computed once with the
 * half-step's own {@code NormalEquations.add}. The system of a coalition {@code S} is the sum of its
 * players' terms, completed by {@link FoldInModel#solve} with {@code λ Σ_{j∈S} w_j I} (and {@code YᵀY}).
 * A player may be a group of events (its term is the sum of theirs).
 */
final class EventTerms {
  final int rank;
  final int count;
  final double[] matrices;
  final double[] rhs;
  final double[] weights;

  private EventTerms(int rank, int count) {
    this.rank = rank;
    this.count = count;
    this.matrices = new double[count * rank * rank];
    this.rhs = new double[count * rank];
    this.weights = new double[count];
  }

  /** One term per event of {@code history}. */
  static EventTerms of(FoldInModel model, UserHistory history) {
    int k = model.rank();
    EventTerms t = new EventTerms(k, history.size());
    double[] items = model.itemFactors();
    for (int e = 0; e < t.count; e++) {
      int item = history.items()[e];
      if (!model.hasFactors(item)) {
        throw new IllegalArgumentException("user " + history.user() + ": event item " + item + " has no factors");
      }
      model.addEvent(t.matrices, e * k * k, t.rhs, e * k, items, item * k, history.ratings()[e], history.weights()[e]);
      t.weights[e] = history.weights()[e];
    }
    return t;
  }

  /** One term per group: player {@code p} is the events {@code groups[p]}. */
  EventTerms grouped(int[][] groups) {
    EventTerms t = new EventTerms(rank, groups.length);
    for (int p = 0; p < groups.length; p++) {
      for (int e : groups[p]) {
        t.add(p, this, e);
      }
    }
    return t;
  }

  /** Adds term {@code e} of {@code from} to term {@code p} of this. */
  private void add(int p, EventTerms from, int e) {
    int kk = rank * rank;
    for (int q = 0; q < kk; q++) {
      matrices[p * kk + q] += from.matrices[e * kk + q];
    }
    for (int q = 0; q < rank; q++) {
      rhs[p * rank + q] += from.rhs[e * rank + q];
    }
    weights[p] += from.weights[e];
  }

  /** {@code a[ao..] += matrix p}, {@code b[bo..] += rhs p}; returns {@code w_p}. */
  double addTo(int p, double[] a, int ao, double[] b, int bo) {
    int kk = rank * rank;
    for (int q = 0; q < kk; q++) {
      a[ao + q] += matrices[p * kk + q];
    }
    for (int q = 0; q < rank; q++) {
      b[bo + q] += rhs[p * rank + q];
    }
    return weights[p];
  }

  /** The right-hand-side term of player {@code p}, {@code b_p} ({@code w r y} explicit, {@code w c y} implicit). */
  double rhsDot(int p, double[] v) {
    double s = 0;
    for (int q = 0; q < rank; q++) {
      s += rhs[p * rank + q] * v[q];
    }
    return s;
  }
}
