package io.recvalue.valuation.math;

import java.util.Arrays;

/**
 * A vector over the factor space {@code θ = (X, Y)}: one {@code k}-block per user and one per item,
 * each side stored flat and row-major ({@code users[u*k + a]}, {@code items[i*k + a]}).
 *
 * <p>Used both for the parameters themselves and for directions, gradients and conjugate-gradient
 * iterates. Every operation here is block-wise, so the distributed version holds the same two
 * tables keyed by user and by item: {@link #dot} is a sum of per-key dots (a {@code treeAggregate}),
 * {@link #axpy} a join by key. The flat index used by the dense oracle puts users first:
 * {@code u*k + a}, then items: {@code numUsers*k + i*k + a}.
 */
public final class BlockVector {
  private final int k;
  private final double[] users;
  private final double[] items;

  /** A zero vector. */
  public BlockVector(int numUsers, int numItems, int k) {
    this(k, new double[numUsers * k], new double[numItems * k]);
  }

  /** Wraps (does not copy) the two flat arrays. */
  public BlockVector(int k, double[] users, double[] items) {
    if (k <= 0 || users.length % k != 0 || items.length % k != 0) {
      throw new IllegalArgumentException("rank k=" + k + " does not divide block arrays of length "
          + users.length + " and " + items.length);
    }
    this.k = k;
    this.users = users;
    this.items = items;
  }

  public int k() {
    return k;
  }

  public int numUsers() {
    return users.length / k;
  }

  public int numItems() {
    return items.length / k;
  }

  /** The flat user blocks (live view). */
  public double[] users() {
    return users;
  }

  /** The flat item blocks (live view). */
  public double[] items() {
    return items;
  }

  /** Total dimension {@code (numUsers + numItems) * k}. */
  public int dimension() {
    return users.length + items.length;
  }

  /** Entry at a flat index (users first, then items). */
  public double get(int index) {
    return index < users.length ? users[index] : items[index - users.length];
  }

  /** Sets the entry at a flat index (users first, then items). */
  public void set(int index, double value) {
    if (index < users.length) {
      users[index] = value;
    } else {
      items[index - users.length] = value;
    }
  }

  public BlockVector copy() {
    return new BlockVector(k, users.clone(), items.clone());
  }

  public BlockVector zerosLike() {
    return new BlockVector(numUsers(), numItems(), k);
  }

  /** Inner product over all blocks. */
  public double dot(BlockVector other) {
    checkShape(other);
    return dot(users, other.users) + dot(items, other.items);
  }

  public double norm() {
    return Math.sqrt(dot(this));
  }

  /** {@code this += a * x}. */
  public BlockVector axpy(double a, BlockVector x) {
    checkShape(x);
    axpy(a, x.users, users);
    axpy(a, x.items, items);
    return this;
  }

  /** {@code this *= a}. */
  public BlockVector scale(double a) {
    for (int t = 0; t < users.length; t++) {
      users[t] *= a;
    }
    for (int t = 0; t < items.length; t++) {
      items[t] *= a;
    }
    return this;
  }

  /** Largest absolute entry. */
  public double maxAbs() {
    double m = 0;
    for (double v : users) {
      m = Math.max(m, Math.abs(v));
    }
    for (double v : items) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** The entries as one flat array (users first). */
  public double[] toArray() {
    double[] out = Arrays.copyOf(users, dimension());
    System.arraycopy(items, 0, out, users.length, items.length);
    return out;
  }

  /** Inverse of {@link #toArray}. */
  public static BlockVector fromArray(double[] flat, int numUsers, int numItems, int k) {
    if (flat.length != (numUsers + numItems) * k) {
      throw new IllegalArgumentException("flat length " + flat.length + " != (" + numUsers + " + "
          + numItems + ") * " + k);
    }
    return new BlockVector(k, Arrays.copyOfRange(flat, 0, numUsers * k),
        Arrays.copyOfRange(flat, numUsers * k, flat.length));
  }

  private void checkShape(BlockVector o) {
    if (o.k != k || o.users.length != users.length || o.items.length != items.length) {
      throw new IllegalArgumentException("block vector shapes differ: (" + numUsers() + ", "
          + numItems() + ", k=" + k + ") vs (" + o.numUsers() + ", " + o.numItems() + ", k=" + o.k
          + ")");
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int t = 0; t < a.length; t++) {
      s += a[t] * b[t];
    }
    return s;
  }

  static void axpy(double a, double[] x, double[] y) {
    axpy(a, x, y, 0);
  }

  /** {@code y[off + t] += a x[t]} for every {@code t} of {@code x}. */
  static void axpy(double a, double[] x, double[] y, int off) {
    for (int t = 0; t < x.length; t++) {
      y[off + t] += a * x[t];
    }
  }
}
