package io.recvalue.valuation.math;

import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.seed.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded small problems with a planted low-rank truth, for the math tests. */
public final class Planted {
  private Planted() {}

  /** A training table, a held-out set and the truth that generated them. */
  public record Problem(Interactions train, int[] valUsers, int[] valItems, double[] valRatings,
      BlockVector truth) {}

  /** Gaussian factors with entries {@code N(0, scale²)}. */
  public static BlockVector gaussianFactors(int nU, int nI, int k, double scale, long seed) {
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, "test.factors"));
    BlockVector v = new BlockVector(nU, nI, k);
    for (int t = 0; t < v.dimension(); t++) {
      v.set(t, scale * gaussian(rnd));
    }
    return v;
  }

  /**
   * Ratings {@code r = x·y + noise·N(0,1)} on a seeded random subset of pairs of density
   * {@code density}; a fraction {@code valFraction} of the observed pairs is held out. Fails if
   * some user or item ends with no training rating.
   */
  public static Problem explicit(int nU, int nI, int k, double density, double noise,
      double valFraction, long seed) {
    BlockVector truth = gaussianFactors(nU, nI, k, 1.0, seed);
    return observe(truth, density, valFraction, seed, (s, rnd) -> s + noise * gaussian(rnd));
  }

  /** Implicit strengths {@code r ∈ {1..5}} on pairs observed with probability {@code density}. */
  static Problem implicit(int nU, int nI, int k, double density, double valFraction, long seed) {
    BlockVector truth = gaussianFactors(nU, nI, k, 1.0, seed);
    return observe(truth, density, valFraction, seed, (s, rnd) -> 1 + rnd.nextInt(5));
  }

  public interface RatingModel {
    double rate(double score, SplittableRandom rnd);
  }

  public static Problem observe(BlockVector truth, double density, double valFraction,
      long seed, RatingModel model) {
    int nU = truth.numUsers();
    int nI = truth.numItems();
    int k = truth.k();
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, "test.observe"));
    List<double[]> train = new ArrayList<>();
    List<double[]> val = new ArrayList<>();
    for (int u = 0; u < nU; u++) {
      for (int i = 0; i < nI; i++) {
        if (rnd.nextDouble() >= density) {
          continue;
        }
        double s = InteractionKernel.score(truth.users(), u * k, truth.items(), i * k, k);
        double[] row = {u, i, model.rate(s, rnd)};
        (rnd.nextDouble() < valFraction ? val : train).add(row);
      }
    }
    Interactions t = table(nU, nI, train);
    checkCoverage(t);
    Interactions v = table(nU, nI, val);
    return new Problem(t, users(v), items(v), ratings(v), truth);
  }

  static Interactions table(int nU, int nI, List<double[]> rows) {
    int n = rows.size();
    int[] u = new int[n];
    int[] i = new int[n];
    double[] r = new double[n];
    for (int j = 0; j < n; j++) {
      u[j] = (int) rows.get(j)[0];
      i[j] = (int) rows.get(j)[1];
      r[j] = rows.get(j)[2];
    }
    return Interactions.of(nU, nI, u, i, r);
  }

  private static void checkCoverage(Interactions t) {
    int[] cu = new int[t.numUsers()];
    int[] ci = new int[t.numItems()];
    for (int j = 0; j < t.size(); j++) {
      cu[t.user(j)]++;
      ci[t.item(j)]++;
    }
    for (int c : cu) {
      if (c < 1) {
        throw new IllegalStateException("a user has no training rating");
      }
    }
    for (int c : ci) {
      if (c < 1) {
        throw new IllegalStateException("an item has no training rating");
      }
    }
  }

  public static int[] users(Interactions t) {
    int[] out = new int[t.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = t.user(j);
    }
    return out;
  }

  public static int[] items(Interactions t) {
    int[] out = new int[t.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = t.item(j);
    }
    return out;
  }

  public static double[] ratings(Interactions t) {
    double[] out = new double[t.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = t.rating(j);
    }
    return out;
  }

  /** Seeded weights uniform in {@code [lo, hi)}. */
  static double[] weights(int n, double lo, double hi, long seed) {
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, "test.weights"));
    double[] w = new double[n];
    for (int j = 0; j < n; j++) {
      w[j] = lo + (hi - lo) * rnd.nextDouble();
    }
    return w;
  }

  /** Converges the training objective with local ALS from small seeded factors. */
  static AlsResult converge(Interactions data, PointLoss loss, int k, double tol, long seed) {
    BlockVector start = gaussianFactors(data.numUsers(), data.numItems(), k, 0.3, seed + 1);
    AlsResult r = AlsResult.localAls(data, loss, null, new JavaCholeskySolver(), start, tol, 200_000);
    if (!r.converged()) {
      throw new IllegalStateException("ALS did not converge: change " + r.relativeChange()
          + " after " + r.sweeps() + " sweeps");
    }
    return r;
  }

  public static double gaussian(SplittableRandom rnd) {
    double u1 = 1 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
