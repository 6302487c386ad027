package io.recvalue.valuation.pg;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.when;

import io.recvalue.core.als.AlsModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import scala.collection.JavaConverters;

/**
 * The features of the keep/drop policy, one vector per training interaction, at the trained model:
 *
 * <ul>
 *   <li>{@code residual}: {@code r − x_u·y_i} (implicit: {@code 1 − x_u·y_i}, the observed pair's target
 *       being 1), and {@code abs_residual};
 *   <li>{@code residual_z_user}, {@code residual_z_item}: the residual standardised within its user and
 *       within its item (mean and population standard deviation of the entity's residuals; 0 for an
 *       entity whose residuals do not vary), and their absolute values {@code abs_residual_z_user},
 *       {@code abs_residual_z_item};
 *   <li>{@code log_user_degree}, {@code log_item_degree}: {@code log(1 + n)} of the entity's training
 *       interactions;
 *   <li>{@code rating}: the rating (implicit: {@code log(1 + r)}, the confidence's driver);
 *   <li>{@code abs_user_deviation}, {@code abs_item_deviation}: {@code |r − mean|} of the entity's ratings;
 *   <li>{@code abs_loo_residual_user}, {@code abs_loo_residual_item}: the size of the residual with the
 *       user (item) re-solved without the interaction ({@link LooResiduals});
 *   <li>{@code recency}: the interaction's percent rank in its user's history by time (0 oldest, 1
 *       newest; absent without timestamps);
 *   <li>{@code value_<method>}: the values of other methods, when asked for.
 * </ul>
 *
 * Every feature is standardised over the training interactions (mean 0, standard deviation 1), so
 * that the policy's weights compare; a feature that does not vary (recency without timestamps, say) is
 * left out.
 */
public final class PolicyFeatures {
  /** The built-in features, in vector order. */
  public static final List<String> BUILT_IN = List.of("residual", "abs_residual", "residual_z_user",
      "residual_z_item", "abs_residual_z_user", "abs_residual_z_item", "log_user_degree", "log_item_degree",
      "rating", "abs_user_deviation", "abs_item_deviation", "abs_loo_residual_user", "abs_loo_residual_item",
      "recency");

  /** The column holding the standardised vector. */
  public static final String FEATURES = "features";

  private final Dataset<Row> rows;
  private final List<String> names;
  private final double[] mean;
  private final double[] sd;

  private PolicyFeatures(Dataset<Row> rows, List<String> names, double[] mean, double[] sd) {
    this.rows = rows;
    this.names = names;
    this.mean = mean;
    this.sd = sd;
  }

  /**
   * @param train {@code user_idx, item_idx, rating, weight, timestamp}
   * @param valueFeatures per method id, its values ({@code user_idx, item_idx, value})
   */
  public static PolicyFeatures build(Dataset<Row> train, AlsModel model, boolean implicit,
      Map<String, Dataset<Row>> valueFeatures, List<String> chosen, Supplier<Dataset<Row>> looResiduals) {
    Dataset<Row> base = train.select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP);
    Dataset<Row> scored = model.predict(base);
    Column residual = implicit ? lit(1.0).minus(col("prediction")) : col(RATING).minus(col("prediction"));
    Dataset<Row> r = scored.withColumn("residual", residual);
    r = r.join(stats(r, USER_IDX, "u"), USER_IDX).join(stats(r, ITEM_IDX, "i"), ITEM_IDX);
    r = r.withColumn("recency", percent_rank().over(Window.partitionBy(USER_IDX).orderBy(TIMESTAMP)));
    boolean loo = chosen.stream().anyMatch(n -> n.startsWith("abs_loo_residual"));
    if (loo) {
      r = r.join(looResiduals.get(), JavaConverters.asScalaBuffer(List.of(USER_IDX, ITEM_IDX)).toSeq());
    }
    Map<String, Column> raw = new LinkedHashMap<>();
    raw.put("residual", col("residual"));
    raw.put("abs_residual", abs(col("residual")));
    raw.put("residual_z_user", zScore("u"));
    raw.put("residual_z_item", zScore("i"));
    raw.put("abs_residual_z_user", abs(zScore("u")));
    raw.put("abs_residual_z_item", abs(zScore("i")));
    raw.put("log_user_degree", log1p(col("u_n")));
    raw.put("log_item_degree", log1p(col("i_n")));
    raw.put("rating", implicit ? log1p(col(RATING)) : col(RATING));
    raw.put("abs_user_deviation", abs(col(RATING).minus(col("u_rating"))));
    raw.put("abs_item_deviation", abs(col(RATING).minus(col("i_rating"))));
    if (loo) {
      raw.put("abs_loo_residual_user", abs(col("loo_residual_user")));
      raw.put("abs_loo_residual_item", abs(col("loo_residual_item")));
    }
    raw.put("recency", when(col(TIMESTAMP).isNull(), lit(0.5)).otherwise(col("recency")));
    raw.keySet().retainAll(chosen);
    for (Map.Entry<String, Dataset<Row>> e : valueFeatures.entrySet()) {
      String c = "value_" + e.getKey();
      r = r.join(e.getValue().select(col(USER_IDX), col(ITEM_IDX), col("value").as(c)),
          JavaConverters.asScalaBuffer(List.of(USER_IDX, ITEM_IDX)).toSeq(), "left");
      raw.put(c, coalesce(col(c), lit(0.0)));
    }
    List<Column> selected = new ArrayList<>(List.of(col(USER_IDX), col(ITEM_IDX), col(RATING), col(WEIGHT),
        col(TIMESTAMP)));
    raw.forEach((name, c) -> selected.add(c.cast("double").as("f_" + name)));
    Dataset<Row> named = r.select(selected.toArray(new Column[0])).persist(StorageLevel.MEMORY_AND_DISK());
    List<Column> aggs = new ArrayList<>();
    for (String name : raw.keySet()) {
      aggs.add(avg(col("f_" + name)));
      aggs.add(stddev_pop(col("f_" + name)));
    }
    aggs.add(count(lit(1)));
    Row moments = named.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    long n = moments.getLong(aggs.size() - 1);
    long expected = train.count();
    if (n != expected) {
      named.unpersist();
      throw new IllegalStateException("the trained model scores " + n + " of " + expected
          + " training interactions; every training interaction's user and item must have factors");
    }
    List<String> names = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    List<Double> sds = new ArrayList<>();
    List<Column> standardised = new ArrayList<>();
    int q = 0;
    for (String name : raw.keySet()) {
      double m = moments.isNullAt(2 * q) ? 0 : moments.getDouble(2 * q);
      double s = moments.isNullAt(2 * q + 1) ? 0 : moments.getDouble(2 * q + 1);
      q++;
      if (!(s > 1e-12 * Math.max(1, Math.abs(m)))) {
        continue;
      }
      names.add(name);
      means.add(m);
      sds.add(s);
      standardised.add(col("f_" + name).minus(m).divide(s));
    }
    Dataset<Row> out = named.select(col(USER_IDX), col(ITEM_IDX), col(RATING), col(WEIGHT), col(TIMESTAMP),
        array(standardised.toArray(new Column[0])).as(FEATURES)).persist(StorageLevel.MEMORY_AND_DISK());
    out.count();
    named.unpersist();
    return new PolicyFeatures(out, List.copyOf(names), toArray(means), toArray(sds));
  }

  /** Per entity: the count, mean and population standard deviation of its residuals, prefixed. */
  private static Dataset<Row> stats(Dataset<Row> r, String key, String prefix) {
    return r.groupBy(col(key)).agg(count(lit(1)).as(prefix + "_n"), avg("residual").as(prefix + "_mean"),
        stddev_pop("residual").as(prefix + "_sd"), avg(RATING).as(prefix + "_rating"));
  }

  /** {@code (e − mean) / sd} within the entity, 0 where its residuals do not vary. */
  private static Column zScore(String prefix) {
    Column sd = col(prefix + "_sd");
    return when(sd.isNull().or(sd.leq(1e-12)), lit(0.0))
        .otherwise(col("residual").minus(col(prefix + "_mean")).divide(greatest(sd, lit(1e-12))));
  }

  private static double[] toArray(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {@code user_idx, item_idx, rating, weight, timestamp, features array<double>}, cached. */
  public Dataset<Row> rows() {
    return rows;
  }

  /** The names of the features, in vector order. */
  public List<String> names() {
    return names;
  }

  /** The mean each feature was centred by. */
  public double[] mean() {
    return mean.clone();
  }

  /** The standard deviation each feature was scaled by. */
  public double[] sd() {
    return sd.clone();
  }

  public int size() {
    return names.size();
  }

  public void unpersist() {
    rows.unpersist(false);
  }
}
