package io.recvalue.core.generate;

import io.recvalue.core.seed.Seeds;
import java.util.SplittableRandom;

/**
 * The planted truth of a synthetic log: rank-{@code k} user and item factors, each a pure function of
 * the root seed and the entity index, so that any task can compute any of them without a table.
 *
 * <p>Each factor has independent {@code N(0, 1/√k)} components, so the score
 * {@code s = x_u·y_i = Σ_p x_up y_ip} has mean 0 and variance {@code k · (1/√k)² = 1} whatever the
 * rank. Gaussians come from Box–Muller on a {@link SplittableRandom}, so the values do not depend on
 * the JDK's own Gaussian algorithm.
 */
final class PlantedModel implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  /** Item factors are cached per task when they take at most this many doubles (32 MiB). */
  private static final long CACHE_LIMIT = 1L << 22;

  private final long seed;
  private final int k;
  private final double scale;
  private transient double[] itemCache;
  private transient boolean[] itemCached;

  PlantedModel(long seed, int rank) {
    this.seed = seed;
    this.k = rank;
    this.scale = Math.pow(rank, -0.25);
  }

  /** User {@code u}'s factor, written into {@code out}. */
  void user(int u, double[] out) {
    fill(Seeds.derive(seed, "generate.user", u), out);
  }

  /** The planted score {@code x_u·y_i} for a user factor already computed. */
  double score(double[] x, int item, int numItems, double[] scratch) {
    double[] y = item(item, numItems, scratch);
    int off = y == scratch ? 0 : item * k;
    double s = 0;
    for (int p = 0; p < k; p++) {
      s += x[p] * y[off + p];
    }
    return s;
  }

  private double[] item(int i, int numItems, double[] scratch) {
    if ((long) numItems * k > CACHE_LIMIT) {
      fill(Seeds.derive(seed, "generate.item", i), scratch);
      return scratch;
    }
    if (itemCache == null) {
      itemCache = new double[numItems * k];
      itemCached = new boolean[numItems];
    }
    if (!itemCached[i]) {
      fill(Seeds.derive(seed, "generate.item", i), scratch);
      System.arraycopy(scratch, 0, itemCache, i * k, k);
      itemCached[i] = true;
    }
    return itemCache;
  }

  private void fill(long entitySeed, double[] out) {
    SplittableRandom rnd = new SplittableRandom(entitySeed);
    for (int p = 0; p < k; p++) {
      out[p] = scale * gaussian(rnd);
    }
  }

  /** A standard normal draw by Box–Muller (one of the pair; the other is discarded). */
  static double gaussian(SplittableRandom rnd) {
    double u1 = 1.0 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
