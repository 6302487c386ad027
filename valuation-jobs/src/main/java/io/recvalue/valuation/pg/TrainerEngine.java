package io.recvalue.valuation.pg;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.train.Trainer;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Episodes as trainings through the {@link Trainer} interface, so the search runs with any trainer,
 * MLlib's ALS as a black box included: episode {@code k} trains on the training rows with weights
 * {@code w_j m_kj} (warm-started at the trained model for {@code value.pg-sweeps} sweeps when the
 * trainer can, a whole cold training otherwise), scores the validation pairs (a pair the model cannot
 * score, its user or item having lost every row, counts with prediction 0), and its reward is minus
 * the validation loss. The rewards are global, so every row's REINFORCE term uses the episode's whole
 * reward with the leave-one-out baseline; the terms are summed in one pass over the rows, the masks
 * regenerated from their seeds.
 */
public final class TrainerEngine implements EpisodeEngine {
  private static final StructType ROWS = new StructType().add(USER_IDX, DataTypes.IntegerType, false)
      .add(ITEM_IDX, DataTypes.IntegerType, false).add(RATING, DataTypes.DoubleType, false)
      .add(WEIGHT, DataTypes.DoubleType, false).add(TIMESTAMP, DataTypes.LongType, true);
  private static final StructType PAIRS = new StructType().add(USER_IDX, DataTypes.IntegerType, false)
      .add(ITEM_IDX, DataTypes.IntegerType, false).add("target", DataTypes.DoubleType, false)
      .add("pair_weight", DataTypes.DoubleType, false).add("heldout", DataTypes.BooleanType, false);

  private final SparkSession spark;
  private final Trainer trainer;
  private final AlsModel start;
  private final JavaRDD<Row> rows;
  private final Dataset<Row> pairs;
  private final int features;
  private final double[] full;

  private TrainerEngine(SparkSession spark, Trainer trainer, AlsModel start, JavaRDD<Row> rows,
      Dataset<Row> pairs, int features) {
    this.spark = spark;
    this.trainer = trainer;
    this.start = start;
    this.rows = rows;
    this.pairs = pairs;
    this.features = features;
    this.full = rewards(trainer.fit(spark, spark.createDataFrame(rows.map(TrainerEngine::base), ROWS), start));
  }

  /**
   * @param trainer the episodes' trainer (already shortened by {@link Trainer#forEpisodes})
   * @param start the trained model, where warm-starting trainers start
   */
  public static TrainerEngine build(SparkSession spark, Trainer trainer, AlsModel start, PolicyFeatures f,
      ValidationPairs validation) {
    JavaRDD<Row> rows = f.rows().select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP, PolicyFeatures.FEATURES)
        .javaRDD();
    Dataset<Row> pairs = spark.createDataFrame(validation.pairs().map(v -> RowFactory.create((int) v[0], (int) v[1],
        v[2], v[3], v[4] == 1)), PAIRS).persist(StorageLevel.MEMORY_AND_DISK());
    pairs.count();
    return new TrainerEngine(spark, trainer, start, rows, pairs, f.size());
  }

  @Override
  public String id() {
    return "trainer:" + trainer.id();
  }

  @Override
  public PgAccumulator iterate(Policy policy, EpisodeMasks masks, double threshold) {
    int episodes = masks.episodes();
    double[] rewards = new double[episodes];
    PgAccumulator acc = new PgAccumulator(episodes, features);
    for (int k = 0; k <= episodes; k++) {
      int episode = k;
      JavaRDD<Row> masked = rows.map(r -> {
        double[] f = vector(r.getList(5));
        double z = policy.logit(f, 0);
        long key = EpisodeMasks.pairKey(r.getInt(0), r.getInt(1));
        boolean keep = episode == episodes ? z + EpisodeMasks.tieBreak(key) >= threshold
            : masks.kept(episode, key, Policy.sigmoid(z));
        return RowFactory.create(r.getInt(0), r.getInt(1), r.getDouble(2), keep ? r.getDouble(3) : 0.0,
            r.isNullAt(4) ? null : r.getLong(4));
      });
      double[] r = rewards(trainer.fit(spark, spark.createDataFrame(masked, ROWS), start));
      if (k < episodes) {
        rewards[k] = r[0];
        acc.reward[k] = r[0];
        acc.heldout[k] = r[1];
      } else {
        acc.deterministicReward = r[0];
        acc.deterministicHeldout = r[1];
      }
    }
    acc.fullReward = full[0];
    acc.fullHeldout = full[1];
    double[] advantage = PgAccumulator.advantages(rewards);
    PgAccumulator terms = rows.treeAggregate(new PgAccumulator(episodes, features), (a, r) -> {
      double[] f = vector(r.getList(5));
      double z = policy.logit(f, 0);
      double p = Policy.sigmoid(z);
      long key = EpisodeMasks.pairKey(r.getInt(0), r.getInt(1));
      double c = 0;
      for (int k = 0; k < episodes; k++) {
        if (masks.kept(k, key, p)) {
          c += advantage[k];
        }
      }
      c /= episodes;
      for (int q = 0; q < f.length; q++) {
        a.gradient[q] += c * f[q];
      }
      a.gradient[f.length] += c;
      a.sumKeep += p;
      a.deterministicKept += z + EpisodeMasks.tieBreak(key) >= threshold ? 1 : 0;
      a.rows++;
      return a;
    }, PgAccumulator::merge);
    System.arraycopy(terms.gradient, 0, acc.gradient, 0, acc.gradient.length);
    acc.sumKeep = terms.sumKeep;
    acc.deterministicKept = terms.deterministicKept;
    acc.rows = terms.rows;
    return acc;
  }

  /** {@code [reward, held-out reward]}: minus each split's weighted squared error; unpersists the model. */
  private double[] rewards(AlsModel model) {
    try {
      Dataset<Row> scored = trainer.score(model, pairs.select(USER_IDX, ITEM_IDX))
          .select(col(USER_IDX), col(ITEM_IDX), col(AlsModel.PREDICTION));
      Dataset<Row> joined = pairs.join(scored, scala.collection.JavaConverters
          .asScalaBuffer(List.of(USER_IDX, ITEM_IDX)).toSeq(), "left");
      Row r = joined.agg(
          sum(when(col("heldout").equalTo(false), col("pair_weight")
              .multiply(pow(col("target").minus(coalesce(col(AlsModel.PREDICTION), lit(0.0))), 2))).otherwise(0.0)),
          sum(when(col("heldout").equalTo(true), col("pair_weight")
              .multiply(pow(col("target").minus(coalesce(col(AlsModel.PREDICTION), lit(0.0))), 2))).otherwise(0.0)))
          .first();
      return new double[] {-r.getDouble(0), -r.getDouble(1)};
    } finally {
      model.unpersist();
    }
  }

  private static Row base(Row r) {
    return RowFactory.create(r.getInt(0), r.getInt(1), r.getDouble(2), r.getDouble(3), r.isNullAt(4) ? null : r.getLong(4));
  }

  private static double[] vector(List<Double> f) {
    double[] x = new double[f.size()];
    for (int q = 0; q < x.length; q++) {
      x[q] = f.get(q);
    }
    return x;
  }

  @Override
  public void release() {
    pairs.unpersist(false);
  }
}
