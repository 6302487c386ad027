package io.recvalue.explain.user;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One user's events: their training interactions of positive weight, newest first (by timestamp,
 * ties by item index; by item index when the log has no timestamps). Event {@code e} is position
 * {@code e} of this order, so event 0 is the most recent.
 *
 * @param user the user's index
 * @param items item index of each event
 * @param ratings rating (explicit) or count (implicit) of each event
 * @param weights weight of each event ({@code > 0})
 * @param timestamps epoch seconds of each event, or null when the log has none
 */
public record UserHistory(int user, int[] items, double[] ratings, double[] weights, long[] timestamps)
    implements Serializable {

  public UserHistory {
    int n = items.length;
    if (ratings.length != n || weights.length != n || (timestamps != null && timestamps.length != n)) {
      throw new IllegalArgumentException("user " + user + ": event arrays of different lengths");
    }
    for (int e = 0; e < n; e++) {
      if (!(weights[e] > 0) || Double.isInfinite(weights[e])) {
        throw new IllegalArgumentException("user " + user + ": event " + e + " (item " + items[e]
            + ") has weight " + weights[e] + "; only positive finite weights are events");
      }
    }
  }

  /** The history in event order (newest first) from rows in any order; {@code timestamps} may be null. */
  public static UserHistory of(int user, int[] items, double[] ratings, double[] weights, long[] timestamps) {
    Integer[] order = new Integer[items.length];
    for (int e = 0; e < order.length; e++) {
      order[e] = e;
    }
    Comparator<Integer> byItem = Comparator.comparingInt(e -> items[e]);
    Arrays.sort(order, timestamps == null ? byItem
        : Comparator.<Integer>comparingLong(e -> -timestamps[e]).thenComparing(byItem));
    int[] it = new int[order.length];
    double[] r = new double[order.length];
    double[] w = new double[order.length];
    long[] t = timestamps == null ? null : new long[order.length];
    for (int e = 0; e < order.length; e++) {
      it[e] = items[order[e]];
      r[e] = ratings[order[e]];
      w[e] = weights[order[e]];
      if (t != null) {
        t[e] = timestamps[order[e]];
      }
    }
    return new UserHistory(user, it, r, w, t);
  }

  public int size() {
    return items.length;
  }

  /** Whether the user has an event on {@code item}. */
  public boolean contains(int item) {
    for (int i : items) {
      if (i == item) {
        return true;
      }
    }
    return false;
  }

  /** The event items, sorted (the items a recommendation list leaves out). */
  public int[] sortedItems() {
    int[] s = items.clone();
    Arrays.sort(s);
    return s;
  }
}
