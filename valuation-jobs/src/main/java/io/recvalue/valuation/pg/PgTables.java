package io.recvalue.valuation.pg;

import io.recvalue.valuation.output.ValueSchemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The tables of {@code value.method=pg} beside the values:
 *
 * <pre>
 *   values  (the value columns; value = keep_probability, method = pg) + keep_probability double,
 *           keep boolean
 *   policy  feature string, weight double, mean double, sd double  (one row per feature, then
 *           the bias: feature "(bias)", mean and sd null). A row's keep probability is
 *           σ(bias + Σ weight · (x − mean) / sd) over its raw feature values x.
 *   curve   iteration int, episodes long, reward_mean, reward_sd, heldout_reward_mean,
 *           deterministic_reward, deterministic_heldout_reward, all_kept_reward,
 *           all_kept_heldout_reward, drop_fraction, deterministic_drop_fraction, bias,
 *           multiplier, gradient_norm, seconds (doubles)
 * </pre>
 */
public final class PgTables {
  public static final String KEEP_PROBABILITY = "keep_probability";
  public static final String KEEP = "keep";
  public static final String POLICY = "policy";
  public static final String CURVE = "curve";
  public static final String BIAS = "(bias)";

  public static final StructType VALUES = copy(ValueSchemas.VALUES)
      .add(KEEP_PROBABILITY, DataTypes.DoubleType, false)
      .add(KEEP, DataTypes.BooleanType, false);

  public static final StructType POLICY_SCHEMA = new StructType()
      .add("feature", DataTypes.StringType, false)
      .add("weight", DataTypes.DoubleType, false)
      .add("mean", DataTypes.DoubleType, true)
      .add("sd", DataTypes.DoubleType, true);

  public static final StructType CURVE_SCHEMA = curveSchema();

  private PgTables() {}

  static Dataset<Row> policy(SparkSession spark, Policy p, PolicyFeatures f) {
    List<Row> rows = new ArrayList<>();
    double[] w = p.weights();
    double[] mean = f.mean();
    double[] sd = f.sd();
    for (int q = 0; q < w.length; q++) {
      rows.add(RowFactory.create(f.names().get(q), w[q], mean[q], sd[q]));
    }
    rows.add(RowFactory.create(BIAS, p.bias(), null, null));
    return spark.createDataFrame(rows, POLICY_SCHEMA).coalesce(1);
  }

  static Dataset<Row> curve(SparkSession spark, List<PolicyGradient.Iteration> curve) {
    List<Row> rows = new ArrayList<>();
    for (PolicyGradient.Iteration it : curve) {
      rows.add(RowFactory.create(it.iteration(), it.episodes(), it.rewardMean(), it.rewardSd(), it.heldoutMean(),
          it.deterministicReward(), it.deterministicHeldout(), it.fullReward(), it.fullHeldout(),
          1 - it.keepRate(), 1 - it.deterministicKeepRate(), it.bias(), it.multiplier(), it.gradientNorm(),
          it.seconds()));
    }
    return spark.createDataFrame(rows, CURVE_SCHEMA).coalesce(1);
  }

  private static StructType curveSchema() {
    StructType s = new StructType().add("iteration", DataTypes.IntegerType, false)
        .add("episodes", DataTypes.LongType, false);
    for (String c : List.of("reward_mean", "reward_sd", "heldout_reward_mean", "deterministic_reward",
        "deterministic_heldout_reward", "all_kept_reward", "all_kept_heldout_reward", "drop_fraction",
        "deterministic_drop_fraction", "bias", "multiplier", "gradient_norm", "seconds")) {
      s = s.add(c, DataTypes.DoubleType, false);
    }
    return s;
  }

  private static StructType copy(StructType s) {
    return new StructType(s.fields().clone());
  }
}
