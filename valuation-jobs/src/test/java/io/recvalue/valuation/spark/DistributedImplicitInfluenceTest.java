package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.DenseTerm;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Influence;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.SquaredImplicitObjective;
import io.recvalue.valuation.math.TrainingObjective;
import io.recvalue.valuation.math.ValidationObjective;
import io.recvalue.valuation.output.ValueSchemas;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Implicit data: distributed influence against the local values (squared validation loss with
 * seeded negatives), and the identity {@code Σ_j value_j = −sᵀ∇D(θ*)} (the dense term is not
 * weighted, so implicit values do not sum to zero).
 */
@SparkTest
class DistributedImplicitInfluenceTest {
  private static final int K = 3;
  private static final Fixtures.Problem P =
      Fixtures.planted(16, 11, K, 0.5, true, PointLoss.implicit(0.1, 2.0), 31);

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void influenceMatchesLocalAndSumIsMinusDenseTermGradient() {
    InfluenceSettings s = InfluenceSettings.implicit(0.1, 2.0).withCg(1e-10, 500, 10)
        .withValidation(ValidationKind.SQUARED, 2, 9).withPartitions(2);
    ValuationResult r = new InfluenceValuation(spark, s).run(
        Fixtures.trainTable(spark, P.train()), Fixtures.validationTable(spark, P),
        Fixtures.userFactors(spark, P.theta()), Fixtures.itemFactors(spark, P.theta()));
    ValidationObjective v = SquaredImplicitObjective.withSampledNegatives(P.valUsers(),
        P.valItems(), P.train(), 2, 9);
    double[] l = Influence.conjugateGradient(new TrainingObjective(P.train(), P.loss()),
        P.theta(), v, HessianOptions.EXACT, new CgOptions(1e-10, 500), new JavaCholeskySolver())
        .values();
    double[] d = Fixtures.inTableOrder(r.values(), P.train());
    double pearson = Fixtures.pearson(d, l);
    double rel = Fixtures.maxAbsDiff(d, l) / Fixtures.maxAbs(l);
    System.out.printf("implicit influence: pearson 1-%.2e, max rel diff %.2e, %s iterations%n",
        1 - pearson, rel, r.diagnostics().get("cg_iterations"));
    assertTrue(pearson >= 0.999999, "pearson " + pearson);
    assertTrue(rel <= 1e-6, "max relative difference " + rel);
    assertEquals(true, r.diagnostics().get("cg_converged"));

    BlockVector sLocal = Fixtures.collect(r.direction(), P.numUsers(), P.numItems());
    BlockVector gradD = P.theta().zerosLike();
    DenseTerm.addGradient(P.theta(), DenseTerm.gram(P.theta().users(), K),
        DenseTerm.gram(P.theta().items(), K), gradD);
    double expected = -sLocal.dot(gradD);
    double sum = 0;
    double mass = 0;
    for (double x : d) {
      sum += x;
      mass += Math.abs(x);
    }
    System.out.printf("implicit sum %.6e, -s'grad D %.6e, sum |values| %.3e%n", sum, expected,
        mass);
    assertEquals(expected, sum, 1e-8 * Math.abs(expected));
    assertTrue(Math.abs(sum) > 1e-3 * mass, "implicit values unexpectedly sum to zero");

    // value/decomposition: the implicit loss slope -2c(1 - s) - 2s with c = 1 + alpha r; the terms add up
    java.util.Map<Long, Double> ratings = new java.util.HashMap<>();
    for (int j = 0; j < P.train().size(); j++) {
      ratings.put((long) P.train().user(j) * P.numItems() + P.train().item(j), P.train().rating(j));
    }
    double scale = Fixtures.maxAbs(d);
    for (org.apache.spark.sql.Row row : r.tables().get(ValueSchemas.DECOMPOSITION_TABLE).collectAsList()) {
      double score = row.<Double>getAs("score");
      double c = 1 + 2.0 * ratings.get((long) row.getInt(0) * P.numItems() + row.getInt(1));
      assertEquals(-2 * c * (1 - score) - 2 * score, row.<Double>getAs("loss_slope"), 1e-12);
      assertEquals(row.<Double>getAs("value"), row.<Double>getAs("fit_term") + row.<Double>getAs("regularisation_term"),
          1e-12 * scale);
    }
    r.release();
  }
}
