package io.recvalue.valuation.pg;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.als.AlsParams;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.train.Trainer;
import io.recvalue.core.train.Trainers;
import io.recvalue.valuation.judge.Ranks;
import io.recvalue.valuation.method.ValuationContext;
import io.recvalue.valuation.method.ValuationMethod;
import io.recvalue.valuation.method.ValuationMethods;
import io.recvalue.valuation.method.ValuationSettings;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.valuation.spark.DistributedValidation;
import io.recvalue.valuation.spark.InfluenceSettings;
import io.recvalue.valuation.spark.ValidationKind;
import io.recvalue.valuation.spark.ValuationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code pg}: discrete keep/drop values learnt by policy gradient inside the same bilevel problem as
 * the continuous values (inner: training on the kept interactions; outer: the validation loss). A
 * policy {@code p_j = σ(b + wᵀf_j)} over interaction features ({@link PolicyFeatures}) is trained by
 * REINFORCE ({@link PolicyGradient}) on episodes of an {@link EpisodeEngine} at a drop budget
 * {@code ρ}; the values are the learnt keep probabilities and the decision {@code keep}: the
 * {@code ⌊ρ n⌋} interactions of lowest keep probability are dropped. The learnt weights, with their
 * feature names, say which kinds of interactions the policy drops.
 */
public final class PgMethod implements ValuationMethod {
  public static final String ID = "pg";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "policy gradient: a keep/drop policy over interaction features, learnt at the drop budget";
  }

  @Override
  public boolean discrete() {
    return true;
  }

  @Override
  public void validate(RecvalueConfig config) {
    PgSettings s = PgSettings.of(config);
    ValuationSettings.influence(config, 1);
    if (ValuationSettings.validationObjective(config) == ValidationKind.BPR) {
      throw new IllegalArgumentException("value.method=pg rewards minus a quadratic validation loss;"
          + " value.validation-objective=bpr is not (use squared)");
    }
    for (String id : s.valueFeatures()) {
      ValuationMethod m = ValuationMethods.get("value.pg-value-features", id);
      if (m.discrete()) {
        throw new IllegalArgumentException("value.pg-value-features: " + id + " gives keep/drop decisions, not values");
      }
      m.validate(config);
    }
  }

  @Override
  public ValuationResult value(ValuationContext c) {
    long start = System.nanoTime();
    SparkSession spark = c.spark();
    PgSettings s = PgSettings.of(c.config());
    InfluenceSettings loss = ValuationSettings.influence(c.config(), c.parallelism());
    Map<String, Object> d = diagnostics(s, loss);
    List<Runnable> release = new ArrayList<>();
    Map<String, Dataset<Row>> valueFeatures = new LinkedHashMap<>();
    for (String id : s.valueFeatures()) {
      ValuationResult r = ValuationMethods.get("value.pg-value-features", id).value(c);
      release.add(r::release);
      valueFeatures.put(id, r.values().select(USER_IDX, ITEM_IDX, ValueSchemas.VALUE));
    }
    spark.sparkContext().setJobGroup("value", "policy-gradient values", false);
    PolicyFeatures features = timed(spark, d, "features",
        () -> PolicyFeatures.build(c.train(), c.model(), loss.implicit(), valueFeatures, s.features(),
            () -> LooResiduals.of(spark, c.train(), c.model(), loss.lambda(), loss.implicit(), loss.alpha(),
                c.parallelism())));
    release.add(features::unpersist);
    d.put("features", features.names());
    ValidationPairs pairs = timed(spark, d, "validation", () -> ValidationPairs.split(
        DistributedValidation.quadraticTargets(loss.validationObjective(), c.validation(), c.train(),
            loss.negativesPerPositive(), loss.seed(), numItems(c), new HashPartitioner(c.parallelism())),
        s.heldoutFraction(), s.seed()));
    release.add(pairs::unpersist);
    d.put("validation_reward_pairs", pairs.rewardPairs());
    d.put("validation_heldout_pairs", pairs.heldoutPairs());
    EpisodeEngine engine = timed(spark, d, "episodes_setup", () -> engine(c, s, loss, features, pairs));
    release.add(engine::release);
    d.put("episode_engine", engine.id());
    BudgetProjection budget = timed(spark, d, "budget_sample", () -> budget(features, s));
    d.put("budget_sample_rows", budget.rows());
    PolicyGradient.Result result = timed(spark, d, "search",
        () -> PolicyGradient.run(engine, budget, features.size(), s, c.progress()));
    record(result, features, d);
    Dataset<Row> values = timed(spark, d, "values", () -> values(spark, features, result.policy(), s));
    release.add(() -> values.unpersist(false));
    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(PgTables.POLICY, PgTables.policy(spark, result.policy(), features));
    tables.put(PgTables.CURVE, PgTables.curve(spark, result.curve()));
    d.put("seconds_total", (System.nanoTime() - start) / 1e9);
    spark.sparkContext().clearJobGroup();
    c.progress().line("pg: %d iterations (best %d), %d episodes, drop fraction %.3f, %.1f s",
        result.curve().size(), result.bestIteration(), (long) result.curve().size() * s.episodes(),
        s.dropFraction(), (Double) d.get("seconds_total"));
    return new ValuationResult(values, null, d, () -> release.forEach(Runnable::run), tables);
  }

  private static EpisodeEngine engine(ValuationContext c, PgSettings s, InfluenceSettings loss,
      PolicyFeatures features, ValidationPairs pairs) {
    if (s.episode().equals(PgSettings.HALF_STEP)) {
      return HalfStepEngine.build(features, c.model(), pairs, loss.lambda(), loss.implicit(), loss.alpha(),
          c.parallelism());
    }
    AlsParams params = TrainJob.params(c.config(), c.parallelism());
    Trainer trainer = Trainers.of("value.pg-trainer", s.trainer(), params).forEpisodes(s.sweeps());
    return TrainerEngine.build(c.spark(), trainer, c.model(), features, pairs);
  }

  /** A seeded sample of about {@code budgetSample} rows' features (every row of a smaller log). */
  private static BudgetProjection budget(PolicyFeatures f, PgSettings s) {
    long n = f.rows().count();
    double share = Math.min(1.0, (double) s.budgetSample() / n);
    long seed = io.recvalue.core.seed.Seeds.derive(s.seed(), "value.pg.budget");
    List<Row> rows = f.rows().select(USER_IDX, ITEM_IDX, PolicyFeatures.FEATURES).javaRDD()
        .filter(r -> share >= 1 || (io.recvalue.core.seed.Seeds.mix(seed
            + EpisodeMasks.pairKey(r.getInt(0), r.getInt(1))) >>> 11) * 0x1.0p-53 < share)
        .collect();
    int d = f.size();
    double[] sample = new double[rows.size() * d];
    long[] keys = new long[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      List<Double> x = rows.get(r).getList(2);
      for (int q = 0; q < d; q++) {
        sample[r * d + q] = x.get(q);
      }
      keys[r] = EpisodeMasks.pairKey(rows.get(r).getInt(0), rows.get(r).getInt(1));
    }
    return new BudgetProjection(sample, keys, d, 1 - s.dropFraction());
  }

  /**
   * The values table: every row's keep probability under the policy, and {@code keep} false for the
   * {@code ⌊ρ n⌋} rows of lowest tie-broken logit (exactly the budget, on any partitioning).
   */
  private static Dataset<Row> values(SparkSession spark, PolicyFeatures f, Policy policy, PgSettings s) {
    StructType keyed = new StructType().add(USER_IDX, DataTypes.IntegerType, false)
        .add(ITEM_IDX, DataTypes.IntegerType, false).add(RATING, DataTypes.DoubleType, false)
        .add(WEIGHT, DataTypes.DoubleType, false).add(TIMESTAMP, DataTypes.LongType, true)
        .add("key", DataTypes.DoubleType, false).add(PgTables.KEEP_PROBABILITY, DataTypes.DoubleType, false);
    JavaRDD<Row> scored = f.rows().select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP, PolicyFeatures.FEATURES)
        .javaRDD().map(r -> {
          List<Double> x = r.getList(5);
          double[] v = new double[x.size()];
          for (int q = 0; q < v.length; q++) {
            v[q] = x.get(q);
          }
          double z = policy.logit(v, 0);
          long key = EpisodeMasks.pairKey(r.getInt(0), r.getInt(1));
          return RowFactory.create(r.getInt(0), r.getInt(1), r.getDouble(2), r.getDouble(3),
              r.isNullAt(4) ? null : r.getLong(4), z + EpisodeMasks.tieBreak(key), Policy.sigmoid(z));
        });
    Dataset<Row> ranked = Ranks.rank(spark, spark.createDataFrame(scored, keyed), "key");
    long n = f.rows().count();
    long dropped = Ranks.floorShare(s.dropFraction(), n);
    Dataset<Row> out = ranked.select(col(USER_IDX), col(ITEM_IDX), col(RATING), col(WEIGHT), col(TIMESTAMP),
        col(PgTables.KEEP_PROBABILITY).as(ValueSchemas.VALUE),
        org.apache.spark.sql.functions.lit(ID).as(ValueSchemas.METHOD),
        col(PgTables.KEEP_PROBABILITY), col(Ranks.RANK).geq(dropped).as(PgTables.KEEP));
    Dataset<Row> typed = spark.createDataFrame(out.javaRDD(), PgTables.VALUES)
        .persist(StorageLevel.MEMORY_AND_DISK());
    typed.count();
    return typed;
  }

  private static int numItems(ValuationContext c) {
    Row r = c.model().itemFactors().agg(org.apache.spark.sql.functions.max(ITEM_IDX)).first();
    return r.isNullAt(0) ? 0 : r.getInt(0) + 1;
  }

  private static void record(PolicyGradient.Result r, PolicyFeatures f, Map<String, Object> d) {
    d.put("pg_iterations", r.curve().size());
    d.put("pg_episodes", r.curve().isEmpty() ? 0 : r.curve().get(r.curve().size() - 1).episodes());
    d.put("pg_best_iteration", r.bestIteration());
    d.put("pg_stopped_early", r.stoppedEarly());
    Map<String, Double> weights = new LinkedHashMap<>();
    double[] w = r.policy().weights();
    for (int q = 0; q < w.length; q++) {
      weights.put(f.names().get(q), w[q]);
    }
    d.put("pg_policy_weights", weights);
    d.put("pg_policy_bias", r.policy().bias());
    PolicyGradient.Iteration best = r.curve().get(r.bestIteration() - 1);
    d.put("pg_best_heldout_reward", best.deterministicHeldout());
    d.put("pg_all_kept_heldout_reward", best.fullHeldout());
    d.put("pg_random_drop_heldout_reward", r.curve().get(0).deterministicHeldout());
  }

  private static Map<String, Object> diagnostics(PgSettings s, InfluenceSettings loss) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("method", ID);
    d.put("validation_objective", loss.validationObjective().id());
    d.put("implicit", loss.implicit());
    d.put("lambda", loss.lambda());
    d.put("alpha", loss.alpha());
    d.put("pg_drop_fraction", s.dropFraction());
    d.put("pg_episodes_per_iteration", s.episodes());
    d.put("pg_episode", s.episode());
    d.put("pg_trainer", s.trainer());
    d.put("pg_learning_rate", s.learningRate());
    d.put("pg_heldout_fraction", s.heldoutFraction());
    d.put("pg_value_features", s.valueFeatures());
    return d;
  }

  private static <T> T timed(SparkSession spark, Map<String, Object> d, String step,
      java.util.function.Supplier<T> body) {
    spark.sparkContext().setJobDescription("value: pg " + step);
    long t0 = System.nanoTime();
    T out = body.get();
    d.put("seconds_" + step, (System.nanoTime() - t0) / 1e9);
    return out;
  }
}
