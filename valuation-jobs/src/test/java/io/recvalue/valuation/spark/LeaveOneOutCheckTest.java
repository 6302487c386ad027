package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.valuation.method.Progress;
import io.recvalue.valuation.method.ValuationContext;
import io.recvalue.valuation.method.ValuationMethods;
import io.recvalue.valuation.method.ValuationSettings;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.loo.LeaveOneOut;
import io.recvalue.valuation.loo.LooReport;
import io.recvalue.valuation.loo.LooSettings;
import io.recvalue.valuation.loo.LooSolver;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.MseObjective;
import io.recvalue.valuation.math.Planted;
import io.recvalue.valuation.math.PointLoss;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The leave-one-out check on Spark, on a planted explicit problem: its measured changes (Newton solves,
 * the default) are those of an independent local ALS retrain, influence predicts them (Pearson and Spearman ≥ 0.9 on the problem of
 * the local check), EP is within 0.02 of influence, groups are reported for every method, and a training set
 * above the limit is refused with the reason.
 */
@SparkTest
class LeaveOneOutCheckTest {
  private static final int K = 3;
  private static final double LAMBDA = 0.05;
  private static final Fixtures.Problem P = plantedAsInTheLocalCheck();
  private static final double TOL = 1e-12;
  private static final double ORACLE_TOL = 1e-14;

  private final SparkSession spark = SparkTestSession.get();

  private LooReport run(LooSettings s) {
    Dataset<Row> train = Fixtures.trainTable(spark, P.train());
    Dataset<Row> validation = Fixtures.validationTable(spark, P);
    RecvalueConfig config = ConfigLoader.load(List.of(), List.of("train.lambda=" + LAMBDA, "train.rank=" + K,
        "value.cg-tol=1e-10", "value.cg-max-iter=500", "value.gauss-newton=false", "value.damping=0",
        "value.ep-beta=1e-3", "value.ep-sweeps=80", "value.ep-centred=true"));
    InfluenceSettings influence = ValuationSettings.influence(config, 2);
    ValuationContext context = new ValuationContext(spark, config, train, validation, null, 2, Progress.NONE);
    return new LeaveOneOut(spark, s).run(train, validation, Fixtures.userFactors(spark, P.theta()),
        Fixtures.itemFactors(spark, P.theta()), influence,
        (m, u, i) -> m.value(context.withModel(new AlsModel(K, u, i, TrainingHistory.empty(), "theta*"))));
  }

  private static LooSettings settings(long maxInteractions) {
    return new LooSettings(24, TOL, 200_000, ValuationMethods.list("verify-loo.methods", "influence,blockdiag,ep"),
        List.of(0.05), maxInteractions, 5, LooSolver.NEWTON);
  }

  @Test
  void measuresWhatALocalRetrainMeasuresAndInfluencePredictsIt() {
    LooReport r = run(settings(1_000_000));
    Map<String, double[]> corr = new HashMap<>();
    for (Row s : r.summary()) {
      corr.put(s.getString(0), new double[] {s.getDouble(2), s.getDouble(3)});
      System.out.printf("LOO %s: pearson %.4f spearman %.4f (random half %.4f / %.4f)%n", s.getString(0),
          s.getDouble(2), s.getDouble(3), s.getDouble(4), s.getDouble(5));
    }
    assertTrue(corr.get("influence")[0] >= 0.9, "influence pearson " + corr.get("influence")[0]);
    assertTrue(corr.get("influence")[1] >= 0.9, "influence spearman " + corr.get("influence")[1]);
    assertTrue(Math.abs(corr.get("ep")[1] - corr.get("influence")[1]) <= 0.02, "ep vs influence spearman");
    assertTrue(Math.abs(corr.get("ep")[0] - corr.get("influence")[0]) <= 0.02, "ep vs influence pearson");
    assertEquals(0L, r.diagnostics().get("retrains_not_converged"));
    assertEquals(24 * 3, r.interactions().size());
    assertEquals(3 * 3, r.groups().size());

    // The first two measured changes against an independent local ALS retrain from the converged model,
    // both ALS solves run tighter than the check's tolerance so that their own error stays below the
    // comparison's.
    AlsResult converged = AlsResult.localAls(P.train(), P.loss(), null, new JavaCholeskySolver(), P.theta(), ORACLE_TOL, 2_000_000);
    assertTrue(converged.converged(), "independent θ* converged");
    BlockVector theta = converged.theta();
    MseObjective v = new MseObjective(P.valUsers(), P.valItems(), P.valRatings());
    for (int t = 0; t < 2; t++) {
      Row row = r.interactions().get(t);
      int j = indexOf(row.getInt(0), row.getInt(1));
      AlsResult retrain = AlsResult.localAls(P.train().withWeight(j, 0), P.loss(), null, new JavaCholeskySolver(), theta, ORACLE_TOL, 2_000_000);
      assertTrue(retrain.converged(), "independent retrain converged");
      BlockVector without = retrain.theta();
      double expected = v.value(without) - v.value(theta);
      assertEquals(expected, row.getDouble(5), 1e-9 * Math.abs(expected) + 1e-15, "interaction " + j);
    }
  }

  @Test
  void refusesATrainingSetAboveTheLimit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(settings(10)));
    assertEquals("verify-loo holds the whole training set in every executor; " + P.train().size()
        + " training interactions exceed verify-loo.max-interactions=10 (run it on a sample of the log, or raise"
        + " the limit if executors have the memory)", e.getMessage());
  }

  /** The problem of the local leave-one-out test (60 users, 40 items, noise 0.1), converged. */
  private static Fixtures.Problem plantedAsInTheLocalCheck() {
    Planted.Problem p = Planted.explicit(60, 40, K, 0.5, 0.1, 0.2, 77);
    PointLoss loss = PointLoss.explicit(LAMBDA);
    return new Fixtures.Problem(p.train(), p.valUsers(), p.valItems(), p.valRatings(),
        Fixtures.converge(p.train(), loss, K, 77), loss);
  }

  private static int indexOf(int u, int i) {
    for (int j = 0; j < P.train().size(); j++) {
      if (P.train().user(j) == u && P.train().item(j) == i) {
        return j;
      }
    }
    throw new AssertionError("no training interaction (" + u + ", " + i + ")");
  }
}
