package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recvalue.core.als.AlsObjective;
import io.recvalue.core.als.LocalAls;
import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.linalg.JavaCholeskySolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * How close equilibrium propagation's centred estimate comes to its limit after a few sweeps per phase, plain and
 * extrapolated ({@link ReducedRankExtrapolation} on the difference of the phases, as {@code EpValuation} does), on a
 * real explicit log, locally ({@link LocalAls}; opt-in: {@code -Drecvalue.benchmark.ep-extrapolation=RATINGS.csv.gz}
 * with columns {@code user_id,item_id,rating}).
 *
 * <p>A seeded 80/10/10 split; rank 8, λ 0.1 ({@code -Drecvalue.benchmark.ep-extrapolation.rank}, {@code .lambda});
 * the model trained from a seeded start until the objective changes by less than 1e-6 of itself; β 0.1; the
 * reference is the centred estimate after {@code .reference} sweeps per phase (default 300). Prints, for
 * 4–30 sweeps, the relative L2 error of the values against the reference: plain, and extrapolated from the
 * last 2, 3, 4, 6 and 8 iterates, each with its residual ratio ({@link ReducedRankExtrapolation#residualRatio},
 * which {@code value.ep-rre-max-residual} bounds) in brackets.
 */
class EpExtrapolationBenchmark {
  private static final double BETA = 0.1;

  @Test
  void sweepsAndTerms() throws IOException {
    String data = System.getProperty("recvalue.benchmark.ep-extrapolation");
    assumeTrue(data != null, "opt-in: -Drecvalue.benchmark.ep-extrapolation=RATINGS.csv.gz");
    int k = Integer.getInteger("recvalue.benchmark.ep-extrapolation.rank", 8);
    double lambda = Double.parseDouble(System.getProperty("recvalue.benchmark.ep-extrapolation.lambda", "0.1"));
    int reference = Integer.getInteger("recvalue.benchmark.ep-extrapolation.reference", 300);
    Split s = Split.read(Path.of(data), k, lambda);
    AlsObjective.Problem p = s.train;
    SplittableRandom rnd = new SplittableRandom(1);
    double[] x = new double[p.numUsers() * k];
    double[] y = new double[p.numItems() * k];
    for (int j = 0; j < x.length; j++) {
      x[j] = 0.1 * rnd.nextGaussian();
    }
    for (int j = 0; j < y.length; j++) {
      y[j] = 0.1 * rnd.nextGaussian();
    }
    LocalAls als = new LocalAls(p, null, new JavaCholeskySolver());
    double before = AlsObjective.value(p, x, y);
    int sweeps = 0;
    while (sweeps < 500) {
      als.sweep(x, y);
      sweeps++;
      double after = AlsObjective.value(p, x, y);
      if (Math.abs(before - after) <= 1e-6 * Math.abs(before)) {
        break;
      }
      before = after;
    }
    System.out.printf(Locale.ROOT, "%s: %d users, %d items, %d training rows, %d validation pairs; trained in %d"
        + " sweeps%n", data, p.numUsers(), p.numItems(), p.users().length, s.validationUsers.length, sweeps);
    List<double[]> plus = phase(s, x, y, BETA, 30);
    List<double[]> minus = phase(s, x, y, -BETA, 30);
    double[] limit = values(p, phase(s, x, y, BETA, reference).get(reference),
        phase(s, x, y, -BETA, reference).get(reference), x.length);
    int[] termsList = {2, 3, 4, 6, 8};
    System.out.println("| sweeps per phase | plain | 2 terms | 3 terms | 4 terms | 6 terms | 8 terms |");
    for (int t = 4; t <= 30; t += 2) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %.4f |", t,
          Stats.relativeError(values(p, plus.get(t), minus.get(t), x.length), limit)));
      for (int terms : termsList) {
        if (terms > t) {
          row.append(" |");
          continue;
        }
        List<double[]> p0 = plus.subList(t - terms, t + 1);
        List<double[]> m0 = minus.subList(t - terms, t + 1);
        double[][] g = DenseExtrapolation.differenceGram(p0, m0);
        double[] gamma = ReducedRankExtrapolation.coefficients(g);
        double[] a = DenseExtrapolation.combine(p0, gamma);
        double[] b = DenseExtrapolation.combine(m0, gamma);
        row.append(String.format(Locale.ROOT, " %.4f (%.2f) |", Stats.relativeError(values(p, a, b, x.length), limit),
            ReducedRankExtrapolation.residualRatio(g, gamma)));
      }
      System.out.println(row);
    }
  }

  /** Iterates 0..sweeps of a nudged phase, each {@code [x..., y...]}. */
  private static List<double[]> phase(Split s, double[] x0, double[] y0, double beta, int sweeps) {
    double[] w = new double[s.validationUsers.length];
    Arrays.fill(w, beta / w.length);
    LocalAls a = new LocalAls(s.train, new LocalAls.Nudge(s.validationUsers, s.validationItems, s.validationRatings, w),
        new JavaCholeskySolver());
    double[] x = x0.clone();
    double[] y = y0.clone();
    List<double[]> out = new ArrayList<>();
    out.add(concat(x, y));
    for (int t = 0; t < sweeps; t++) {
      a.sweep(x, y);
      out.add(concat(x, y));
    }
    return out;
  }

  /** {@code −(ℓ_j(θ⁺) − ℓ_j(θ⁻)) / 2β} for every training row. */
  private static double[] values(AlsObjective.Problem p, double[] plus, double[] minus, int userLength) {
    double[] v = new double[p.users().length];
    for (int j = 0; j < v.length; j++) {
      v[j] = -(loss(p, plus, userLength, j) - loss(p, minus, userLength, j)) / (2 * BETA);
    }
    return v;
  }

  private static double loss(AlsObjective.Problem p, double[] theta, int userLength, int j) {
    int k = p.rank();
    int xo = p.users()[j] * k;
    int yo = userLength + p.items()[j] * k;
    double s = NormalEquations.dot(k, theta, xo, theta, yo);
    return NormalEquations.loss(p.ratings()[j], s, NormalEquations.dot(k, theta, xo, theta, xo),
        NormalEquations.dot(k, theta, yo, theta, yo), p.lambda(), false, 0);
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A seeded 80/10/10 split of a ratings file: the training problem and the validation pairs. */
  private record Split(AlsObjective.Problem train, int[] validationUsers, int[] validationItems,
      double[] validationRatings) {
    static Split read(Path path, int k, double lambda) throws IOException {
      List<int[]> pairs = new ArrayList<>();
      List<Double> ratings = new ArrayList<>();
      Map<String, Integer> users = new HashMap<>();
      Map<String, Integer> items = new HashMap<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(path))))) {
        r.readLine();
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] f = line.split(",");
          pairs.add(new int[] {users.computeIfAbsent(f[0], u -> users.size()), items.computeIfAbsent(f[1], i -> items.size())});
          ratings.add(Double.parseDouble(f[2]));
        }
      }
      int n = pairs.size();
      int[] order = new int[n];
      for (int j = 0; j < n; j++) {
        order[j] = j;
      }
      SplittableRandom rnd = new SplittableRandom(7);
      for (int j = n - 1; j > 0; j--) {
        int q = rnd.nextInt(j + 1);
        int t = order[j];
        order[j] = order[q];
        order[q] = t;
      }
      int nt = (int) (0.8 * n);
      int nv = (int) (0.1 * n);
      int[] tu = new int[nt];
      int[] ti = new int[nt];
      double[] tr = new double[nt];
      double[] tw = new double[nt];
      for (int j = 0; j < nt; j++) {
        tu[j] = pairs.get(order[j])[0];
        ti[j] = pairs.get(order[j])[1];
        tr[j] = ratings.get(order[j]);
        tw[j] = 1;
      }
      int[] vu = new int[nv];
      int[] vi = new int[nv];
      double[] vr = new double[nv];
      for (int j = 0; j < nv; j++) {
        vu[j] = pairs.get(order[nt + j])[0];
        vi[j] = pairs.get(order[nt + j])[1];
        vr[j] = ratings.get(order[nt + j]);
      }
      return new Split(new AlsObjective.Problem(k, users.size(), items.size(), tu, ti, tr, tw, lambda, false, 0),
          vu, vi, vr);
    }
  }
}
