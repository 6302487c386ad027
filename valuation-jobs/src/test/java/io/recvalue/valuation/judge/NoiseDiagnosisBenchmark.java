package io.recvalue.valuation.judge;

import static org.apache.spark.sql.functions.col;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.loo.Correlation;
import io.recvalue.valuation.loo.LeaveOneOut;
import io.recvalue.valuation.loo.LooProblem;
import io.recvalue.valuation.loo.LooSolver;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Influence;
import io.recvalue.valuation.math.InfluenceResult;
import io.recvalue.valuation.math.QuadraticPairs;
import io.recvalue.valuation.math.TrainingObjective;
import io.recvalue.valuation.math.ValidationObjective;
import io.recvalue.valuation.spark.InfluenceSettings;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What limits the noise-detection ROC-AUC of {@code recvalue evaluate} on a real split: the same
 * corruption as evaluate ({@link NoiseInjection}, run seed 42), the same model ({@link WeightedAls},
 * {@code train.max-iter} sweeps), then locally, in one JVM:
 *
 * <ul>
 *   <li>how the corruption falls: the histogram of {@code |new − old|} ratings (explicit), and the
 *       share of corrupted and clean interactions whose user or item has no validation pair;
 *   <li>the ROC-AUC of influence (Gauss–Newton and exact Hessian), block-diagonal and EP (β 0.1, 20
 *       sweeps per phase as evaluate runs it) at the evaluate model and at {@code θ*} converged by
 *       local ALS (there also EP with converged phases);
 *   <li>the leave-one-out oracle ({@link NoiseOracle}): actual change of validation loss for a
 *       balanced sample, and each method's ROC-AUC and Spearman against it on the same sample.
 * </ul>
 *
 * Not part of the regular suite: runs only with {@code -Drecvalue.benchmark=true} and
 * {@code -Drecvalue.noise.run=DIR} (a folder an earlier {@code recvalue ingest} wrote), options
 * {@code recvalue.noise.implicit} (false), {@code .rank} (10), {@code .sweeps} (20), {@code .sample}
 * (oracle sample, 40), {@code .rating-min}/{@code .rating-max} (0/10); prints its numbers.
 */
@SparkTest
class NoiseDiagnosisBenchmark {
  private static final double LAMBDA = 0.1;
  private static final double ALPHA = 1.0;
  private static final long SEED = 42;

  @Test
  void diagnose() {
    Assumptions.assumeTrue(Boolean.getBoolean("recvalue.benchmark"), "benchmark not requested");
    String dir = System.getProperty("recvalue.noise.run");
    Assumptions.assumeTrue(dir != null, "recvalue.noise.run=DIR (an ingest output) not given");
    boolean implicit = Boolean.getBoolean("recvalue.noise.implicit");
    int rank = Integer.getInteger("recvalue.noise.rank", 10);
    int sweeps = Integer.getInteger("recvalue.noise.sweeps", 20);
    int sample = Integer.getInteger("recvalue.noise.sample", 40);
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> train = spark.read().parquet(dir + "/ingest/train");
    Dataset<Row> val = spark.read().parquet(dir + "/ingest/validation");
    Dataset<Row> test = spark.read().parquet(dir + "/ingest/test");
    int numItems = (int) spark.read().parquet(dir + "/ingest/item_index").count();
    Dataset<Row> known = train.select("user_idx", "item_idx").union(val.select("user_idx", "item_idx"))
        .union(test.select("user_idx", "item_idx"));
    NoiseInjection.Spec spec = new NoiseInjection.Spec(0.1, SEED, implicit,
        Double.parseDouble(System.getProperty("recvalue.noise.rating-min", "0")),
        Double.parseDouble(System.getProperty("recvalue.noise.rating-max", "10")), true, numItems);
    Dataset<Row> corrupted = NoiseInjection.corrupt(spark, train, known, spec).cache();
    Dataset<Row> noisy = corrupted.select("user_idx", "item_idx", "rating", "weight", "timestamp");
    coverage(corrupted, val, train, implicit);

    AlsParams params = (implicit ? AlsParams.implicit(rank, LAMBDA, ALPHA) : AlsParams.explicit(rank, LAMBDA))
        .withMaxIter(sweeps).withTol(1e-6).withNumBlocks(2).withSeed(SEED);
    AlsModel model = WeightedAls.fit(spark, noisy, params, null, null);
    InfluenceSettings vs = implicit ? InfluenceSettings.implicit(LAMBDA, ALPHA) : InfluenceSettings.explicit(LAMBDA);
    vs = vs.withValidation(vs.validationObjective(), 1, SEED);
    LooProblem p = LeaveOneOut.problem(noisy, val, model.userFactors(), model.itemFactors(), vs);
    boolean[] bad = flags(corrupted, p);
    TrainingObjective f = new TrainingObjective(p.interactions(), p.loss());
    ValidationObjective vo = p.validation();
    BlockVector atModel = p.theta();
    System.out.printf("NOISE at the %d-sweep model: F %.6f, |grad F| %.3e, L_V %.6f%n", sweeps, f.value(atModel),
        f.gradient(atModel).norm(), vo.value(atModel));
    values(f, atModel, vo, bad, "model", false);

    long t0 = System.nanoTime();
    AlsResult conv = p.convergeTheta(1e-9, 50_000);
    BlockVector star = p.theta();
    System.out.printf("NOISE theta*: %d ALS sweeps to max relative change %.1e (%s), %.0f s; F %.6f, |grad F| %.3e,"
        + " L_V %.6f%n", conv.sweeps(), conv.relativeChange(), conv.converged(), (System.nanoTime() - t0) / 1e9,
        f.value(star), f.gradient(star).norm(), vo.value(star));
    Map<String, double[]> atStar = values(f, star, vo, bad, "theta*", true);

    NoiseOracle.Result oracle = NoiseOracle.oracle(spark, p, bad, new NoiseOracle.OracleSettings(sample, 1e-9, 50_000,
        Long.MAX_VALUE, LooSolver.ALS), SEED);
    int[] idx = NoiseOracle.sample(p, bad, sample, SEED);
    System.out.printf("NOISE ORACLE ROC-AUC (actual leave-one-out change, %d corrupted + %d clean): %.4f;"
        + " Newton solves not converged: %d; mean change corrupted %.3e, clean %.3e%n", idx.length / 2, idx.length / 2,
        oracle.rocAuc(), oracle.notConverged(), Arrays.stream(oracle.changes(), 0, idx.length / 2).average().orElse(0),
        Arrays.stream(oracle.changes(), idx.length / 2, idx.length).average().orElse(0));
    for (Map.Entry<String, double[]> e : atStar.entrySet()) {
      double[] v = new double[idx.length];
      for (int t = 0; t < idx.length; t++) {
        v[t] = e.getValue()[idx[t]];
      }
      System.out.printf("NOISE on the oracle sample, theta* %s: ROC-AUC %.4f, Spearman with the actual change %.4f%n",
          e.getKey(), RocAuc.lowValueAuc(v, oracle.corrupted()), Correlation.spearman(v, oracle.changes()));
    }
  }

  private static void coverage(Dataset<Row> corrupted, Dataset<Row> val, Dataset<Row> train, boolean implicit) {
    Set<Integer> vUsers = new HashSet<>();
    Set<Integer> vItems = new HashSet<>();
    for (Row r : val.select("user_idx", "item_idx").collectAsList()) {
      vUsers.add(r.getInt(0));
      vItems.add(r.getInt(1));
    }
    long[] bad = new long[3];
    long[] good = new long[3];
    for (Row r : corrupted.select("user_idx", "item_idx", NoiseInjection.CORRUPTED).collectAsList()) {
      long[] c = r.getBoolean(2) ? bad : good;
      c[0]++;
      c[1] += vUsers.contains(r.getInt(0)) ? 0 : 1;
      c[2] += vItems.contains(r.getInt(1)) ? 0 : 1;
    }
    System.out.printf("NOISE %d corrupted of %d; user without validation pair: corrupted %.3f, clean %.3f;"
        + " item without validation pair: corrupted %.3f, clean %.3f%n", bad[0], bad[0] + good[0],
        bad[1] / (double) bad[0], good[1] / (double) good[0], bad[2] / (double) bad[0], good[2] / (double) good[0]);
    if (!implicit) {
      List<Row> delta = corrupted.filter(col(NoiseInjection.CORRUPTED))
          .join(train.withColumnRenamed("rating", "orig").select("user_idx", "item_idx", "orig"),
              new String[] {"user_idx", "item_idx"})
          .selectExpr("abs(rating - orig) as d").groupBy("d").count().orderBy("d").collectAsList();
      System.out.println("NOISE |new - old| rating of the corrupted: " + delta);
    }
  }

  private static boolean[] flags(Dataset<Row> corrupted, LooProblem p) {
    List<Row> rows = corrupted.select("user_idx", "item_idx", NoiseInjection.CORRUPTED).orderBy("user_idx", "item_idx")
        .collectAsList();
    boolean[] out = new boolean[p.size()];
    for (int j = 0; j < out.length; j++) {
      if (rows.get(j).getInt(0) != p.user(j) || rows.get(j).getInt(1) != p.item(j)) {
        throw new IllegalStateException("order differs at " + j);
      }
      out[j] = rows.get(j).getBoolean(2);
    }
    return out;
  }

  private static Map<String, double[]> values(TrainingObjective f, BlockVector th, ValidationObjective vo,
      boolean[] bad, String label, boolean convergedEp) {
    Map<String, double[]> out = new LinkedHashMap<>();
    InfluenceResult gn = Influence.conjugateGradient(f, th, vo, new HessianOptions(true, 0), new CgOptions(1e-8, 2000),
        new JavaCholeskySolver());
    out.put("influence (Gauss-Newton)", gn.values());
    InfluenceResult exact = Influence.conjugateGradient(f, th, vo, HessianOptions.EXACT, new CgOptions(1e-8, 2000),
        new JavaCholeskySolver());
    out.put("influence (exact Hessian)", exact.values());
    System.out.printf("NOISE %s: CG iterations Gauss-Newton %d, exact %d (negative curvature: %s)%n", label,
        gn.cg().iterations(), exact.cg().iterations(), exact.cg().negativeCurvature());
    out.put("blockdiag (Gauss-Newton)", Influence.blockDiagonal(f, th, vo, new HessianOptions(true, 0),
        new JavaCholeskySolver()).values());
    out.put("ep (beta 0.1, 20 sweeps)", ep(f, th, vo, 0.1, 1e-13, 20));
    if (convergedEp) {
      out.put("ep (beta 0.1, converged phases)", ep(f, th, vo, 0.1, 1e-10, 10_000));
    }
    for (Map.Entry<String, double[]> e : out.entrySet()) {
      System.out.printf("NOISE %s %s: ROC-AUC %.4f, corruptions in the lowest 20 %% %.3f%n", label, e.getKey(),
          RocAuc.lowValueAuc(e.getValue(), bad), RocAuc.shareInLowest(e.getValue(), bad, 0.2));
    }
    return out;
  }

  private static double[] ep(TrainingObjective f, BlockVector th, ValidationObjective vo, double beta, double tol,
      int sweeps) {
    QuadraticPairs q = vo.quadratic().orElseThrow();
    BlockVector plus = AlsResult.localAls(f.data(), f.loss(), q.scaled(beta), new JavaCholeskySolver(), th, tol, sweeps).theta();
    BlockVector minus = AlsResult.localAls(f.data(), f.loss(), q.scaled(-beta), new JavaCholeskySolver(), th, tol, sweeps).theta();
    double[] lp = f.interactionLosses(plus);
    double[] lm = f.interactionLosses(minus);
    double[] v = new double[lp.length];
    for (int j = 0; j < v.length; j++) {
      v[j] = -(lp[j] - lm[j]) / (2 * beta);
    }
    return v;
  }
}
