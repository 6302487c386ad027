package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.InteractionKernel;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.PointLoss;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A planted low-rank log in which one training rating is replaced by a value far from the truth:
 * its influence value must be negative and among the lowest few.
 */
@SparkTest
class PlantedCorruptionTest {
  private static final int K = 2;
  private static final double LAMBDA = 0.05;

  @Test
  void corruptedRatingGetsAClearlyNegativeValue() {
    SparkSession spark = SparkTestSession.get();
    PointLoss loss = PointLoss.explicit(LAMBDA);
    Fixtures.Problem clean = Fixtures.planted(24, 14, K, 0.6, false, loss, 13);
    int j = clean.train().size() / 2;
    BlockVector truth = Fixtures.gaussian(24, 14, K, 1.0, 13);
    Interactions t = clean.train();
    double score = InteractionKernel.score(truth.users(), t.user(j) * K, truth.items(),
        t.item(j) * K, K);
    Interactions corrupted = Fixtures.withRating(t, j, score + 6);
    BlockVector theta = Fixtures.converge(corrupted, loss, K, 13);
    Fixtures.Problem p = new Fixtures.Problem(corrupted, clean.valUsers(), clean.valItems(),
        clean.valRatings(), theta, loss);
    ValuationResult r = new InfluenceValuation(spark, InfluenceSettings.explicit(LAMBDA)
        .withPartitions(2)).run(Fixtures.trainTable(spark, corrupted),
        Fixtures.validationTable(spark, p), Fixtures.userFactors(spark, theta),
        Fixtures.itemFactors(spark, theta));
    double[] v = Fixtures.inTableOrder(r.values(), corrupted);
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    int rank = 0;
    while (sorted[rank] < v[j]) {
      rank++;
    }
    System.out.printf("corrupted interaction: value %.4e, rank %d of %d (lowest %.4e, median "
        + "%.4e), %s CG iterations%n", v[j], rank, v.length, sorted[0], sorted[v.length / 2],
        r.diagnostics().get("cg_iterations"));
    assertTrue(v[j] < 0, "value " + v[j]);
    assertTrue(rank < 3, "rank " + rank);
    r.release();
  }
}
