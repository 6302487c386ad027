package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Influence;
import io.recvalue.valuation.math.InfluenceResult;
import io.recvalue.valuation.math.MseObjective;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.TrainingObjective;
import io.recvalue.valuation.output.ValueSchemas;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Explicit data: distributed influence (CG) and block-diagonal values against the local
 * {@link Influence} values on the same converged problem, the zero-sum invariant and the schema.
 */
@SparkTest
class DistributedInfluenceTest {
  private static final int K = 3;
  private static final double LAMBDA = 0.1;
  private static final Fixtures.Problem P =
      Fixtures.planted(20, 12, K, 0.6, false, PointLoss.explicit(LAMBDA), 31);

  private final SparkSession spark = SparkTestSession.get();

  private ValuationResult run(InfluenceSettings s) {
    return new InfluenceValuation(spark, s).run(Fixtures.trainTable(spark, P.train()),
        Fixtures.validationTable(spark, P), Fixtures.userFactors(spark, P.theta()),
        Fixtures.itemFactors(spark, P.theta()));
  }

  private static InfluenceSettings settings() {
    return InfluenceSettings.explicit(LAMBDA).withCg(1e-10, 500, 10).withPartitions(2);
  }

  private static InfluenceResult local(boolean cg) {
    TrainingObjective f = new TrainingObjective(P.train(), P.loss());
    MseObjective v = new MseObjective(P.valUsers(), P.valItems(), P.valRatings());
    return cg ? Influence.conjugateGradient(f, P.theta(), v, HessianOptions.EXACT,
        new CgOptions(1e-10, 500), new JavaCholeskySolver())
        : Influence.blockDiagonal(f, P.theta(), v, HessianOptions.EXACT, new JavaCholeskySolver());
  }

  @Test
  void influenceMatchesLocalAndSumsToZero() {
    ValuationResult r = run(settings());
    double[] d = Fixtures.inTableOrder(r.values(), P.train());
    double[] l = local(true).values();
    double pearson = Fixtures.pearson(d, l);
    double rel = Fixtures.maxAbsDiff(d, l) / Fixtures.maxAbs(l);
    Map<String, Object> diag = r.diagnostics();
    System.out.printf("explicit influence: pearson 1-%.2e, max rel diff %.2e, %s iterations, "
        + "true residual %s, seconds cg %s%n", 1 - pearson, rel, diag.get("cg_iterations"),
        diag.get("cg_true_relative_residual"), diag.get("seconds_cg"));
    assertTrue(pearson >= 0.999999, "pearson " + pearson);
    assertTrue(rel <= 1e-6, "max relative difference " + rel);
    assertEquals(true, diag.get("cg_converged"));
    List<?> log = (List<?>) diag.get("cg_residual_log");
    assertEquals((int) diag.get("cg_iterations") + 1, log.size());
    assertEquals(1.0, (double) log.get(0));
    assertTrue((double) log.get(log.size() - 1) <= 1e-10);
    assertTrue((double) diag.get("cg_true_relative_residual") < 1e-8);

    double sum = 0;
    double mass = 0;
    for (double v : d) {
      sum += v;
      mass += Math.abs(v);
    }
    System.out.printf("explicit sum of values %.3e, sum |values| %.3e%n", sum, mass);
    assertTrue(Math.abs(sum) < 1e-9 * mass, "sum " + sum + " vs mass " + mass);
    assertEquals(P.train().size(), r.values().count());
    assertSolvesLocally(r.direction());
    r.release();
  }

  @Test
  void blockDiagonalMatchesLocal() {
    ValuationResult r = run(settings().withBlockDiagonal(true));
    double[] d = Fixtures.inTableOrder(r.values(), P.train());
    double[] l = local(false).values();
    double rel = Fixtures.maxAbsDiff(d, l) / Fixtures.maxAbs(l);
    assertTrue(rel <= 1e-10, "max relative difference " + rel);
    assertEquals(0, r.diagnostics().get("cg_iterations"));
    assertEquals("blockdiag", r.values().select("method").distinct().first().getString(0));
    assertEquals(ValueSchemas.VALUES, r.values().schema());
    r.release();
  }

  /**
   * {@code value/decomposition}: every row's fit and regularisation terms add up to its value, the value
   * is the values table's, and each factor of the terms is the local computation's: the loss slope
   * {@code −2(r − x·y)}, the alignment {@code s_u·y + s_i·x} and the shrinkage {@code s_u·x + s_i·y}.
   */
  @Test
  void decompositionAddsUpToTheValueRowByRow() {
    ValuationResult r = run(settings());
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> dec = r.tables().get(ValueSchemas.DECOMPOSITION_TABLE);
    assertEquals(ValueSchemas.DECOMPOSITION, dec.schema());
    Map<Long, Double> values = Fixtures.valuesByPair(r.values(), P.numItems());
    BlockVector s = Fixtures.collect(r.direction(), P.numUsers(), P.numItems());
    Map<Long, Double> ratings = new java.util.HashMap<>();
    for (int j = 0; j < P.train().size(); j++) {
      ratings.put((long) P.train().user(j) * P.numItems() + P.train().item(j), P.train().rating(j));
    }
    List<org.apache.spark.sql.Row> rows = dec.collectAsList();
    assertEquals(P.train().size(), rows.size());
    double scale = Fixtures.maxAbs(values.values().stream().mapToDouble(Double::doubleValue).toArray());
    for (org.apache.spark.sql.Row row : rows) {
      int u = row.getInt(0);
      int i = row.getInt(1);
      double score = 0;
      double alignment = 0;
      double shrinkage = 0;
      for (int f = 0; f < K; f++) {
        double x = P.theta().users()[u * K + f];
        double y = P.theta().items()[i * K + f];
        double su = s.users()[u * K + f];
        double si = s.items()[i * K + f];
        score += x * y;
        alignment += su * y + si * x;
        shrinkage += su * x + si * y;
      }
      double value = row.<Double>getAs("value");
      String where = "row (" + u + ", " + i + ")";
      assertEquals(value, row.<Double>getAs("fit_term") + row.<Double>getAs("regularisation_term"), 1e-12 * scale, where);
      assertEquals(values.get((long) u * P.numItems() + i), value, 1e-12 * scale, where);
      assertEquals(score, row.<Double>getAs("score"), 1e-12, where);
      assertEquals(-2 * (ratings.get((long) u * P.numItems() + i) - score), row.<Double>getAs("loss_slope"), 1e-12, where);
      assertEquals(alignment, row.<Double>getAs("alignment"), 1e-9 * (1 + Math.abs(alignment)), where);
      assertEquals(shrinkage, row.<Double>getAs("shrinkage"), 1e-9 * (1 + Math.abs(shrinkage)), where);
      assertEquals(row.<Double>getAs("loss_slope") * row.<Double>getAs("alignment"), row.<Double>getAs("fit_term"),
          1e-12 * scale, where);
      assertEquals(2 * LAMBDA * row.<Double>getAs("shrinkage"), row.<Double>getAs("regularisation_term"), 1e-12 * scale,
          where);
    }
    r.release();
  }

  /**
   * Values split by validation segments (held-out users' activity, two ranges): each segment's values
   * equal the local CG values on that segment's pairs alone, weighted by its share of the pairs
   * ({@code L_V} is a mean over all pairs); every row's segment values add up to its value; and the
   * total equals the unsplit valuation's within the CG tolerance.
   */
  @Test
  void validationSegmentsSolveEachSegmentAndAddUpToTheValue() {
    ValidationSegments split = new ValidationSegments(true, 2);
    ValuationResult r = new InfluenceValuation(spark, settings(), ValuationProgress.SILENT, java.util.Optional.of(split))
        .run(Fixtures.trainTable(spark, P.train()), Fixtures.validationTable(spark, P),
            Fixtures.userFactors(spark, P.theta()), Fixtures.itemFactors(spark, P.theta()));
    ValidationSegments.Assignment a = split.assign(Fixtures.trainTable(spark, P.train()),
        Fixtures.validationTable(spark, P), P.numUsers());
    assertEquals(2, a.names().size(), "names: " + a.names());
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table = r.tables().get(ValueSchemas.VALIDATION_SEGMENTS_TABLE);
    Map<Long, Double> values = Fixtures.valuesByPair(r.values(), P.numItems());
    double scale = Fixtures.maxAbs(values.values().stream().mapToDouble(Double::doubleValue).toArray());
    Map<Long, Double> resum = new java.util.HashMap<>();
    int n = P.valUsers().length;
    TrainingObjective f = new TrainingObjective(P.train(), P.loss());
    for (int q = 0; q < a.names().size(); q++) {
      String name = a.names().get(q);
      List<Integer> pick = new java.util.ArrayList<>();
      for (int p = 0; p < n; p++) {
        if (a.segmentOf()[P.valUsers()[p]] == q) {
          pick.add(p);
        }
      }
      assertTrue(!pick.isEmpty() && pick.size() < n, "segment " + name + " has " + pick.size() + " of " + n + " pairs");
      MseObjective v = new MseObjective(pick.stream().mapToInt(p -> P.valUsers()[p]).toArray(),
          pick.stream().mapToInt(p -> P.valItems()[p]).toArray(),
          pick.stream().mapToDouble(p -> P.valRatings()[p]).toArray());
      double[] local = Influence.conjugateGradient(f, P.theta(), v, HessianOptions.EXACT, new CgOptions(1e-12, 500),
          new JavaCholeskySolver()).values();
      double share = (double) pick.size() / n;
      Map<Long, Double> dist = new java.util.HashMap<>();
      for (org.apache.spark.sql.Row row : table.filter(table.col("segment").equalTo(name)).collectAsList()) {
        long key = (long) row.getInt(0) * P.numItems() + row.getInt(1);
        dist.put(key, row.getDouble(3));
        resum.merge(key, row.getDouble(3), Double::sum);
      }
      assertEquals(P.train().size(), dist.size());
      for (int j = 0; j < P.train().size(); j++) {
        long key = (long) P.train().user(j) * P.numItems() + P.train().item(j);
        assertEquals(share * local[j], dist.get(key), 1e-6 * scale, "segment " + name + ", row " + j);
      }
    }
    for (Map.Entry<Long, Double> e : values.entrySet()) {
      assertEquals(e.getValue(), resum.get(e.getKey()), 1e-12 * scale, "re-sum of pair " + e.getKey());
    }
    double[] whole = local(true).values();
    double[] split2 = Fixtures.inTableOrder(r.values(), P.train());
    assertTrue(Fixtures.maxAbsDiff(whole, split2) / Fixtures.maxAbs(whole) < 1e-6, "the split total is the value");
    r.release();
  }

  /** The distributed {@code s} solves the local system: {@code ‖Hs − g‖/‖g‖} small. */
  private static void assertSolvesLocally(DistributedBlockVector direction) {
    BlockVector s = Fixtures.collect(direction, P.numUsers(), P.numItems());
    BlockVector hs = new TrainingObjective(P.train(), P.loss()).hvp(P.theta(), s,
        HessianOptions.EXACT);
    BlockVector g = new MseObjective(P.valUsers(), P.valItems(), P.valRatings())
        .gradient(P.theta());
    double res = hs.axpy(-1, g).norm() / g.norm();
    assertTrue(res < 1e-8, "local residual of the distributed solution " + res);
  }
}
