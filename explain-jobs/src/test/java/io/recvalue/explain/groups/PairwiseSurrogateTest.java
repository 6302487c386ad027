package io.recvalue.explain.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.explain.shapley.ExactShapley;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairwiseSurrogateTest {
  /** A planted game {@code β₀ + Σ β_g + Σ β_gh} on {@code g} players with seeded coefficients. */
  private static double[] plantedGame(int g, long seed, double[] singles, double[][] pairs) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int a = 0; a < g; a++) {
      singles[a] = r.nextDouble() * 2 - 1;
      for (int b = a + 1; b < g; b++) {
        pairs[a][b] = (r.nextDouble() - 0.5) * 0.6;
      }
    }
    double[] v = new double[1 << g];
    for (int mask = 0; mask < v.length; mask++) {
      double s = 0.7;
      for (int a = 0; a < g; a++) {
        if ((mask >>> a & 1) == 1) {
          s += singles[a];
          for (int b = a + 1; b < g; b++) {
            s += (mask >>> b & 1) * pairs[a][b];
          }
        }
      }
      v[mask] = s;
    }
    return v;
  }

  @Test
  void recoversAPlantedAdditivePlusPairwiseUtilityAndItsExactShapleyValues() {
    int g = 6;
    double[] singles = new double[g];
    double[][] pairs = new double[g][g];
    double[] v = plantedGame(g, 11, singles, pairs);
    Coalitions plan = Coalitions.plan(g, 40, 24, 1 << g, 5);
    double[] u = new double[plan.fit().length];
    for (int r = 0; r < u.length; r++) {
      u[r] = v[(int) plan.fit()[r]];
    }
    PairwiseSurrogate s = PairwiseSurrogate.fit(g, plan.fit(), u, 1e-9);
    for (long mask : plan.heldout()) {
      assertEquals(v[(int) mask], s.predict(mask), 1e-6, "held-out coalition " + mask);
    }
    double[] exact = ExactShapley.fromValues(g, v);
    double[] phi = s.shapley();
    for (int a = 0; a < g; a++) {
      assertEquals(exact[a], phi[a], 1e-6, "Shapley value of player " + a);
      for (int b = a + 1; b < g; b++) {
        assertEquals(pairs[a][b], s.interaction(a, b), 1e-6, "interaction " + a + "," + b);
      }
    }
  }

  @Test
  void shapleyOfAnAdditiveGameIsItsTerms() {
    int g = 4;
    double[] terms = {0.3, -0.2, 0.05, 0.0};
    long[] masks = new long[1 << g];
    double[] u = new double[masks.length];
    for (int m = 0; m < masks.length; m++) {
      masks[m] = m;
      for (int a = 0; a < g; a++) {
        u[m] += (m >>> a & 1) * terms[a];
      }
    }
    double[] phi = PairwiseSurrogate.fit(g, masks, u, 1e-9).shapley();
    for (int a = 0; a < g; a++) {
      assertEquals(terms[a], phi[a], 1e-7);
    }
    double[] exact = ExactShapley.fromValues(g, u);
    for (int a = 0; a < g; a++) {
      assertEquals(terms[a], exact[a], 1e-12, "exact enumeration of an additive game");
    }
  }

  /**
   * With noisy utilities of all 32 coalitions (16 model terms), the standard errors describe the estimates' spread: over many independent
   * noise draws the mean reported SE is within 20 % of the empirical standard deviation of φ̂, and
   * about 95 % of the ±2 SE intervals cover the planted Shapley value.
   */
  @Test
  void standardErrorsMatchTheSpreadOfTheEstimatesUnderNoise() {
    int g = 5;
    double[] singles = new double[g];
    double[][] pairs = new double[g][g];
    double[] v = plantedGame(g, 3, singles, pairs);
    double[] exact = ExactShapley.fromValues(g, v);
    long[] masks = new long[1 << g];
    for (int m = 0; m < masks.length; m++) {
      masks[m] = m;
    }
    int reps = 400;
    double noise = 0.05;
    SplittableRandom r = new SplittableRandom(17);
    double[] sum = new double[g];
    double[] sumSq = new double[g];
    double[] seSum = new double[g];
    int covered = 0;
    for (int rep = 0; rep < reps; rep++) {
      double[] u = new double[masks.length];
      for (int q = 0; q < u.length; q++) {
        u[q] = v[q] + noise * gaussian(r);
      }
      PairwiseSurrogate s = PairwiseSurrogate.fit(g, masks, u, 1e-9);
      double[] phi = s.shapley();
      double[] se = s.shapleyStandardErrors();
      for (int a = 0; a < g; a++) {
        sum[a] += phi[a];
        sumSq[a] += phi[a] * phi[a];
        seSum[a] += se[a];
        covered += Math.abs(phi[a] - exact[a]) <= 2 * se[a] ? 1 : 0;
      }
    }
    for (int a = 0; a < g; a++) {
      double mean = sum[a] / reps;
      double sd = Math.sqrt(sumSq[a] / reps - mean * mean);
      double meanSe = seSum[a] / reps;
      assertEquals(exact[a], mean, 3 * sd / Math.sqrt(reps), "unbiased, player " + a);
      assertEquals(1.0, meanSe / sd, 0.2, "SE against the empirical spread, player " + a);
    }
    double coverage = (double) covered / (reps * g);
    assertTrue(coverage > 0.90 && coverage < 0.99, "coverage of +-2 SE: " + coverage);
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
