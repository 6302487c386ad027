package io.recvalue.explain.user;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsObjective;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.LocalAls;
import io.recvalue.core.als.Planted;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fold-in of all of a user's events is the trained factor: the ALS user half-step is a fixed point
 * of a converged model. Checked against a weighted ALS model on Spark that starts at a tightly
 * converged point (local half-steps until no factor moves by 1e-13) and sweeps twice more, for
 * explicit and implicit feedback with per-interaction weights; a model stopped after three sweeps is
 * measurably off, so the check can fail.
 */
@SparkTest
class FoldInFixedPointTest {
  private static final int K = 3;

  @ParameterizedTest(name = "implicit={0}")
  @ValueSource(booleans = {false, true})
  void theFoldInOfEveryEventIsTheTrainedFactorAtAConvergedModel(boolean implicit) {
    SparkSession spark = SparkTestSession.get();
    AlsObjective.Problem p = Planted.problem(K, 30, 20, 6, 0.08, implicit, 0.7, 21L);
    SplittableRandom rnd = new SplittableRandom(5);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    double change = Double.POSITIVE_INFINITY;
    for (int s = 0; s < 50_000 && change > 1e-13; s++) {
      double[] x0 = x.clone();
      LocalAls.solveUsers(p, x, y, new JavaCholeskySolver());
      LocalAls.solveItems(p, x, y, new JavaCholeskySolver());
      change = Planted.maxAbsDiff(x, x0);
    }
    assertTrue(change <= 1e-13, "local ALS did not converge: " + change);
    AlsParams params = new AlsParams(K, p.lambda(), implicit, p.alpha(), 2, 0.0, 2, 7L, 5, "java");
    AlsModel warm = new AlsModel(K, Planted.factors(spark, USER_IDX, x, p.numUsers(), K),
        Planted.factors(spark, ITEM_IDX, y, p.numItems(), K), TrainingHistory.empty(), "given");
    AlsModel converged = WeightedAls.fit(spark, Planted.table(spark, p), params, warm, null);
    double gap = maxGap(p, converged);
    assertTrue(gap < 1e-9, "fold-in against the converged trained factor: " + gap);
    converged.unpersist();

    AlsModel early = WeightedAls.fit(spark, Planted.table(spark, p), params.withMaxIter(3), null, null);
    double earlyGap = maxGap(p, early);
    assertTrue(earlyGap > 1e-6, "three sweeps from a random start should not be a fixed point: " + earlyGap);
    early.unpersist();
  }

  /** The largest {@code max_q |x_u(F)_q − x_u,q|} over the users. */
  private static double maxGap(AlsObjective.Problem p, AlsModel model) {
    double[] ys = Planted.dense(model.itemFactors(), p.numItems(), K);
    double[] xs = Planted.dense(model.userFactors(), p.numUsers(), K);
    Map<Integer, double[]> items = new HashMap<>();
    for (int i = 0; i < p.numItems(); i++) {
      items.put(i, java.util.Arrays.copyOfRange(ys, i * K, i * K + K));
    }
    FoldInModel foldIn = new FoldInModel(K, p.lambda(), p.implicit(), p.alpha(), items);
    UserExplainer explainer = new UserExplainer(foldIn, Fixtures.settings(12, 0.01, 1000, 1));
    double worst = 0;
    for (int u = 0; u < p.numUsers(); u++) {
      List<Integer> rows = new ArrayList<>();
      for (int j = 0; j < p.users().length; j++) {
        if (p.users()[j] == u) {
          rows.add(j);
        }
      }
      int[] it = rows.stream().mapToInt(j -> p.items()[j]).toArray();
      double[] r = rows.stream().mapToDouble(j -> p.ratings()[j]).toArray();
      double[] w = rows.stream().mapToDouble(j -> p.weights()[j]).toArray();
      double[] folded = explainer.foldIn(UserHistory.of(u, it, r, w, null));
      for (int q = 0; q < K; q++) {
        worst = Math.max(worst, Math.abs(folded[q] - xs[u * K + q]));
      }
    }
    return worst;
  }
}
