package io.recvalue.valuation.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.loo.LooProblem;
import io.recvalue.valuation.loo.LooSolver;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.Planted;
import io.recvalue.valuation.spark.ValidationKind;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The noise-detection oracle on a planted problem (50 users, 30 items, rank 3, small noise) with 10 %
 * of the ratings shifted by ±5: the sample is balanced, seeded and made of the labelled interactions;
 * the oracle's changes and ROC-AUC are those of warm-started ALS leave-one-out retrains of the same
 * sample, recomputed here independently.
 */
@SparkTest
class NoiseOracleTest {
  private static final int K = 3;

  @Test
  void oracleSampleIsBalancedSeededAndItsChangesMatchAlsRetrains() {
    Planted.Problem planted = Planted.explicit(50, 30, K, 0.5, 0.1, 0.2, 93);
    Interactions t = planted.train();
    int n = t.size();
    int[] u = new int[n];
    int[] i = new int[n];
    double[] r = new double[n];
    double[] w = new double[n];
    boolean[] bad = new boolean[n];
    SplittableRandom rnd = new SplittableRandom(11);
    for (int j = 0; j < n; j++) {
      u[j] = t.user(j);
      i[j] = t.item(j);
      bad[j] = rnd.nextDouble() < 0.1;
      r[j] = t.rating(j) + (bad[j] ? (rnd.nextBoolean() ? 5 : -5) : 0);
      w[j] = 1;
    }
    BlockVector start = Planted.gaussianFactors(t.numUsers(), t.numItems(), K, 0.3, 5);
    LooProblem p = new LooProblem(t.numUsers(), t.numItems(), K, u, i, r, w, false, 0.05, 1.0, ValidationKind.MSE,
        planted.valUsers(), planted.valItems(), planted.valRatings(), 1, 7, start.users(), start.items());

    int[] sample = NoiseOracle.sample(p, bad, 30, 42);
    assertEquals(30, sample.length);
    assertEquals(30, Arrays.stream(sample).distinct().count());
    for (int q = 0; q < 15; q++) {
      assertTrue(bad[sample[q]], "first half corrupted");
      assertFalse(bad[sample[15 + q]], "second half clean");
    }
    assertArrayEquals(sample, NoiseOracle.sample(p, bad, 30, 42), "same seed, same sample");
    assertFalse(Arrays.equals(sample, NoiseOracle.sample(p, bad, 30, 43)), "another seed, another sample");

    NoiseOracle.Result result = NoiseOracle.oracle(SparkTestSession.get(), p, bad,
        new NoiseOracle.OracleSettings(30, 1e-12, 200_000, Long.MAX_VALUE, LooSolver.NEWTON), 42);
    System.out.printf("noise oracle on the planted problem: ROC-AUC %.4f%n", result.rocAuc());
    assertTrue(result.theta().converged(), "θ* converged");
    assertEquals(0, result.notConverged(), "every Newton retrain converged");
    // Recomputed independently: the same sample left out by warm-started ALS from the same θ*.
    double[] als = new double[sample.length];
    boolean[] labels = new boolean[sample.length];
    for (int q = 0; q < sample.length; q++) {
      als[q] = p.retrainWithout(new int[] {sample[q]}, 1e-13, 500_000).change();
      labels[q] = bad[sample[q]];
      assertEquals(als[q], result.changes()[q], 1e-6 * Math.abs(als[q]) + 1e-12, "change without " + sample[q]);
    }
    assertArrayEquals(labels, result.corrupted());
    assertEquals(RocAuc.lowValueAuc(als, labels), result.rocAuc(), 1e-12);
  }
}
