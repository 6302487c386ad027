package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Weights are multiplicities: weight 2 equals a duplicate, weight 0 equals removal. */
@SparkTest
class WeightedAlsWeightsTest {
  private static final int K = 4;
  private static final int SWEEPS = 10;
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  private static double[][] fit(AlsObjective.Problem p) {
    AlsParams params = new AlsParams(K, p.lambda(), p.implicit(), p.alpha(), SWEEPS, 0.0, 2, 5L, 10, "java");
    AlsModel m = WeightedAls.fit(spark, Planted.table(spark, p), params, null, null);
    double[][] f = {Planted.dense(m.userFactors(), p.numUsers(), K), Planted.dense(m.itemFactors(), p.numItems(), K)};
    m.unpersist();
    return f;
  }

  private static AlsObjective.Problem withWeights(AlsObjective.Problem p, double[] w) {
    return new AlsObjective.Problem(p.rank(), p.numUsers(), p.numItems(), p.users(), p.items(), p.ratings(), w,
        p.lambda(), p.implicit(), p.alpha());
  }

  /** {@code p} with interaction {@code j} appended once more (or dropped when {@code copies == 0}). */
  private static AlsObjective.Problem edited(AlsObjective.Problem p, int j, int copies) {
    int n = p.users().length;
    int m = n - 1 + copies;
    int[] u = new int[m];
    int[] i = new int[m];
    double[] r = new double[m];
    double[] w = new double[m];
    int q = 0;
    for (int t = 0; t < n; t++) {
      int times = t == j ? copies : 1;
      for (int c = 0; c < times; c++, q++) {
        u[q] = p.users()[t];
        i[q] = p.items()[t];
        r[q] = p.ratings()[t];
        w[q] = p.weights()[t];
      }
    }
    return new AlsObjective.Problem(p.rank(), p.numUsers(), p.numItems(), u, i, r, w, p.lambda(), p.implicit(), p.alpha());
  }

  private static void assertSame(double[][] a, double[][] b, String what) {
    double d = Math.max(Planted.maxAbsDiff(a[0], b[0]), Planted.maxAbsDiff(a[1], b[1]));
    assertTrue(d < 1e-9, what + ": max factor difference " + d);
  }

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void weightTwoEqualsDuplicateAndWeightZeroEqualsRemoval(boolean implicit) {
    AlsObjective.Problem p = Planted.problem(K, 30, 20, 6, 0.05, implicit, 0.6, 21L);
    int j = 17;
    double[] w2 = p.weights().clone();
    w2[j] *= 2;
    double[][] two = fit(withWeights(p, w2));
    assertSame(two, fit(edited(p, j, 2)), "weight 2 vs duplicate");
    double[] w0 = p.weights().clone();
    w0[j] = 0;
    double[][] zero = fit(withWeights(p, w0));
    assertSame(zero, fit(edited(p, j, 0)), "weight 0 vs removal");
    assertTrue(Planted.maxAbsDiff(two[0], zero[0]) > 1e-6, "the edited interaction must matter: " + Planted.maxAbsDiff(two[0], zero[0]));
  }
}
