package io.recvalue.valuation.judge;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.seed.Seeds;
import io.recvalue.valuation.loo.LeaveOneOut;
import io.recvalue.valuation.loo.LooProblem;
import io.recvalue.valuation.loo.LooSolver;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.spark.InfluenceSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The leave-one-out oracle of noise detection: what ROC-AUC a perfect estimate of the value would
 * reach. A value is the change of the validation loss when the interaction is removed (docs/methods.md §3),
 * so the best any estimator of it can do is the actual change. For a balanced sample of corrupted and
 * clean interactions this class measures that change exactly and reports the ROC-AUC of "low actual
 * change" against "corrupted", a row {@value #METHOD} beside the methods' rows. When the oracle itself
 * sits far below a target, the target is limited by what a value measures (harm to the validation
 * loss), not by how well it is estimated.
 *
 * <ol>
 *   <li>the corrupted training set, the validation pairs and the trained factors come to the driver
 *       ({@link LeaveOneOut#problem}); {@code θ*} is converged there by {@code verify-loo.solver} to
 *       {@code verify-loo.tol};
 *   <li>the sample: in each class (corrupted, clean) the {@code size/2} interactions with the smallest
 *       {@code Seeds.uniform(seed, "noise.oracle", pair)}, so it depends only on the seed and the pairs;
 *   <li>each sampled interaction is left out and the model re-minimised from {@code θ*} by Newton's
 *       method ({@link LooProblem#newtonRetrainWithout}), one Spark task each;
 *   <li>ROC-AUC of the actual changes against the labels ({@link DetectionMetrics#lowValueAuc}). The sample is balanced, so
 *       the share among the lowest 20 % is not defined for it (reported as NaN); the AUC does not
 *       depend on the class proportions.
 * </ol>
 */
final class NoiseOracle {
  /** The method name of the oracle's row in {@code noise_detection}. */
  static final String METHOD = "loo_oracle";
  /** Newton steps of one oracle retrain (its gradient rule is {@link LooSolver#RETRAIN_GRADIENT_TOLERANCE}). */
  static final int MAX_NEWTON_STEPS = 100;

  private NoiseOracle() {}

  /** The outcome: the sample's actual changes, labels, and how the solves went. */
  record Result(double rocAuc, double[] changes, boolean[] corrupted, AlsResult theta, int notConverged) {}

  /**
   * @param corrupted training rows with {@link NoiseInjection#CORRUPTED}, as valued
   * @param train the same rows ({@code user_idx, item_idx, rating, weight})
   */
  static NoisePoint run(SparkSession spark, Dataset<Row> train, Dataset<Row> corrupted, Dataset<Row> validation,
      AlsModel model, InfluenceSettings vs, OracleSettings os, double fraction, long seed) {
    long rows = train.count();
    if (rows > os.maxInteractions()) {
      throw new IllegalArgumentException("evaluate.oracle-sample holds the whole training set in every executor; "
          + rows + " training interactions exceed verify-loo.max-interactions=" + os.maxInteractions());
    }
    LooProblem p = LeaveOneOut.problem(train, validation, model.userFactors(), model.itemFactors(), vs);
    boolean[] flags = flags(p, corrupted);
    Result r = oracle(spark, p, flags, os, seed);
    long m = 0;
    for (boolean b : r.corrupted()) {
      m += b ? 1 : 0;
    }
    return new NoisePoint(METHOD, fraction, r.rocAuc(), Double.NaN, m, r.changes().length);
  }

  /** Converges {@code θ*}, leaves the sample out one at a time (Spark tasks) and scores the changes. */
  static Result oracle(SparkSession spark, LooProblem p, boolean[] corrupted, OracleSettings os, long seed) {
    AlsResult theta = os.solver().convergeTheta(p, os.tolerance(), os.maxSweeps());
    int[] sample = sample(p, corrupted, os.sample(), seed);
    List<int[]> tasks = new ArrayList<>();
    for (int j : sample) {
      tasks.add(new int[] {j});
    }
    List<LooProblem.Retrain> retrains = LeaveOneOut.onExecutors(spark, p, tasks,
        (problem, removed) -> problem.newtonRetrainWithout(removed, LooSolver.RETRAIN_GRADIENT_TOLERANCE, MAX_NEWTON_STEPS));
    double[] changes = new double[sample.length];
    boolean[] labels = new boolean[sample.length];
    int notConverged = 0;
    for (int t = 0; t < sample.length; t++) {
      changes[t] = retrains.get(t).change();
      labels[t] = corrupted[sample[t]];
      notConverged += retrains.get(t).converged() ? 0 : 1;
    }
    return new Result(DetectionMetrics.lowValueAuc(spark, changes, labels), changes, labels, theta, notConverged);
  }

  /** Up to {@code size/2} corrupted and as many clean interactions, by seeded draw (problem indices). */
  static int[] sample(LooProblem p, boolean[] corrupted, int size, long seed) {
    List<Integer> bad = new ArrayList<>();
    List<Integer> good = new ArrayList<>();
    for (int j = 0; j < p.size(); j++) {
      (corrupted[j] ? bad : good).add(j);
    }
    Comparator<Integer> byDraw = Comparator.comparingDouble(
        j -> Seeds.uniform(seed, "noise.oracle", NoiseInjection.pair(p.user(j), p.item(j))));
    bad.sort(byDraw);
    good.sort(byDraw);
    int half = Math.min(size / 2, Math.min(bad.size(), good.size()));
    int[] out = new int[2 * half];
    for (int t = 0; t < half; t++) {
      out[t] = bad.get(t);
      out[half + t] = good.get(t);
    }
    return out;
  }

  /** The corrupted flag of every problem interaction ({@code (user_idx, item_idx)} order). */
  private static boolean[] flags(LooProblem p, Dataset<Row> corrupted) {
    List<Row> rows = corrupted.select(USER_IDX, ITEM_IDX, NoiseInjection.CORRUPTED)
        .orderBy(USER_IDX, ITEM_IDX).collectAsList();
    if (rows.size() != p.size()) {
      throw new IllegalStateException("noise oracle: " + rows.size() + " flags for " + p.size() + " interactions");
    }
    boolean[] out = new boolean[rows.size()];
    for (int j = 0; j < out.length; j++) {
      Row r = rows.get(j);
      if (r.getInt(0) != p.user(j) || r.getInt(1) != p.item(j)) {
        throw new IllegalStateException("noise oracle: interaction " + j + " is (" + p.user(j) + ", " + p.item(j)
            + ") in the problem but (" + r.getInt(0) + ", " + r.getInt(1) + ") in the flags");
      }
      out[j] = r.getBoolean(2);
    }
    return out;
  }

  /**
   * @param sample interactions left out one at a time (half corrupted, half clean); 0: no oracle
   * @param tolerance the local ALS tolerance for {@code θ*} ({@code verify-loo.tol})
   * @param maxSweeps its sweep cap ({@code verify-loo.max-sweeps})
   * @param solver how {@code θ*} is converged ({@code verify-loo.solver})
   * @param maxInteractions the largest training set brought to the driver ({@code verify-loo.max-interactions})
   */
  record OracleSettings(int sample, double tolerance, int maxSweeps, long maxInteractions, LooSolver solver) {
    static OracleSettings of(io.recvalue.core.config.RecvalueConfig c) {
      return new OracleSettings(c.getInt("evaluate.oracle-sample"), c.getDouble("verify-loo.tol"),
          c.getInt("verify-loo.max-sweeps"), c.getLong("verify-loo.max-interactions"),
          LooSolver.of(c.getString("verify-loo.solver")));
    }
  }
}
