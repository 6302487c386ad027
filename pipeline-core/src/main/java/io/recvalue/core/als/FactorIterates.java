package io.recvalue.core.als;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;

/**
 * The factors after each of a fit's last sweeps ({@link WeightedAls#fitNudgedIterates}), oldest first, kept in
 * the fit's block layout: per side, one cached array per block, {@code [ids..., factors...]}. Two fits of the
 * same training rows and nudge pairs (the two phases of equilibrium propagation) share that layout, so their
 * iterates meet block by block without a shuffle: {@link #differenceGram} and {@link #combine} are what sequence
 * extrapolation needs, and a point of the sequence stays in that layout ({@link PackedFactors}) for the pass
 * that reads it.
 */
public final class FactorIterates {
  private final int k;
  private final int numBlocks;
  private final int copies;
  private final List<JavaPairRDD<Integer, double[]>> users;
  private final List<JavaPairRDD<Integer, double[]>> items;
  private final AlsModel last;

  FactorIterates(int k, int numBlocks, int copies, List<JavaPairRDD<Integer, double[]>> users,
      List<JavaPairRDD<Integer, double[]>> items, AlsModel last) {
    this.k = k;
    this.numBlocks = numBlocks;
    this.copies = copies;
    this.users = List.copyOf(users);
    this.items = List.copyOf(items);
    this.last = last;
  }

  int rank() {
    return k;
  }

  int numBlocks() {
    return numBlocks;
  }

  /** 1, or 2 for a fit of a twinned problem ({@link TwinCopies}). */
  int copies() {
    return copies;
  }

  /**
   * These iterates with every side's blocks mapped by {@code side} (a view; {@link #unpersist} of the view frees
   * nothing of these), holding {@code copies} copies, with {@code last} as the fitted model.
   */
  FactorIterates mapBlocks(int copies, java.util.function.UnaryOperator<JavaPairRDD<Integer, double[]>> side,
      AlsModel last) {
    return new FactorIterates(k, numBlocks, copies, users.stream().map(side).toList(),
        items.stream().map(side).toList(), last);
  }

  /** The number of iterates. */
  public int size() {
    return users.size();
  }

  /** The fitted model (the last iterate), with the fit's history. */
  public AlsModel last() {
    return last;
  }

  /**
   * The Gramian {@code G_ij = ⟨u_i, u_j⟩} of the differences {@code u_i = d_{i+1} − d_i} of the sequence
   * {@code d_s = a_s − b_s} ({@code d_s = a_s} when {@code b} is null), over both sides, in one job.
   *
   * @throws IllegalArgumentException when the two fits differ in their number of iterates
   * @throws org.apache.spark.SparkException (from the job) when a block holds different entities in the two fits
   *     (they were fitted on different rows): "the two fits' blocks hold different entities; …"
   */
  public static double[][] differenceGram(FactorIterates a, FactorIterates b) {
    int n = a.size();
    if (n < 2 || (b != null && b.size() != n)) {
      throw new IllegalArgumentException("the difference Gramian needs at least two iterates in each fit, the same"
          + " number in both (" + n + " and " + (b == null ? "none" : b.size()) + ")");
    }
    int m = n - 1;
    int k = a.k;
    JavaRDD<double[][]> stacks = stack(a.users, b == null ? null : b.users).values()
        .union(stack(a.items, b == null ? null : b.items).values());
    boolean paired = b != null;
    double[] sums = stacks.aggregate(new double[m * m], (acc, s) -> addGram(acc, s, n, k, paired), FactorIterates::add);
    double[][] gram = new double[m][m];
    for (int i = 0; i < m; i++) {
      System.arraycopy(sums, i * m, gram[i], 0, m);
    }
    return gram;
  }

  /** The last iterate (the fitted model's factors) in the fit's block layout. */
  public PackedFactors lastFactors() {
    return new PackedFactors(k, numBlocks, copies, users.get(size() - 1), items.get(size() - 1));
  }

  /**
   * {@code Σ_i weights[i] · iterate[i + 1]}: the later {@code size() − 1} iterates combined (weights summing to 1
   * give a point of the same affine layout), a lazy view of the cached iterates, block by block.
   */
  public PackedFactors combine(double[] weights) {
    if (weights.length != size() - 1) {
      throw new IllegalArgumentException(weights.length + " weights for the " + (size() - 1) + " later iterates");
    }
    return new PackedFactors(k, numBlocks, copies, combine(users, weights, k), combine(items, weights, k));
  }

  /** Frees every iterate's tables, the fitted model's included. */
  public void unpersist() {
    for (JavaPairRDD<Integer, double[]> t : users) {
      t.unpersist(false);
    }
    for (JavaPairRDD<Integer, double[]> t : items) {
      t.unpersist(false);
    }
    last.unpersist();
  }

  /** Per block, the packed arrays of {@code a}'s iterates then {@code b}'s (co-partitioned joins). */
  private static JavaPairRDD<Integer, double[][]> stack(List<JavaPairRDD<Integer, double[]>> a,
      List<JavaPairRDD<Integer, double[]>> b) {
    JavaPairRDD<Integer, double[][]> out = a.get(0).mapValues(v -> new double[][] {v});
    List<JavaPairRDD<Integer, double[]>> rest = b == null ? a.subList(1, a.size())
        : java.util.stream.Stream.concat(a.subList(1, a.size()).stream(), b.stream()).toList();
    for (JavaPairRDD<Integer, double[]> t : rest) {
      out = out.join(t).mapValues(p -> {
        double[][] s = Arrays.copyOf(p._1, p._1.length + 1);
        s[p._1.length] = p._2;
        return s;
      });
    }
    return out;
  }

  /** {@code d_s} of one block: the factors part of {@code a_s − b_s}, after checking both hold the same ids. */
  private static double[] difference(double[][] s, int i, int n, int k, boolean paired) {
    double[] a = s[i];
    int ids = a.length / (k + 1);
    double[] d = Arrays.copyOfRange(a, ids, a.length);
    if (paired) {
      double[] b = s[n + i];
      if (b.length != a.length || !Arrays.equals(a, 0, ids, b, 0, ids)) {
        throw new IllegalStateException("the two fits' blocks hold different entities; extrapolating their"
            + " difference needs fits of the same rows and nudge pairs");
      }
      for (int c = 0; c < d.length; c++) {
        d[c] -= b[ids + c];
      }
    }
    return d;
  }

  private static double[] addGram(double[] acc, double[][] s, int n, int k, boolean paired) {
    int m = n - 1;
    double[][] u = new double[m][];
    double[] prev = difference(s, 0, n, k, paired);
    for (int i = 0; i < m; i++) {
      double[] next = difference(s, i + 1, n, k, paired);
      u[i] = new double[next.length];
      for (int c = 0; c < next.length; c++) {
        u[i][c] = next[c] - prev[c];
      }
      prev = next;
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double g = NormalEquations.dot(u[i].length, u[i], 0, u[j], 0);
        acc[i * m + j] += g;
        if (j != i) {
          acc[j * m + i] += g;
        }
      }
    }
    return acc;
  }

  private static double[] add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static JavaPairRDD<Integer, double[]> combine(List<JavaPairRDD<Integer, double[]>> side, double[] w, int k) {
    return stack(side.subList(1, side.size()), null).mapValues(s -> {
      double[] out = s[0].clone();
      int ids = out.length / (k + 1);
      Arrays.fill(out, ids, out.length, 0);
      for (int i = 0; i < w.length; i++) {
        for (int c = ids; c < out.length; c++) {
          out[c] += w[i] * s[i][c];
        }
      }
      return out;
    });
  }
}
