package io.recvalue.explain.user;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_ID;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import io.recvalue.explain.features.ItemMetadata;
import io.recvalue.explain.jobs.ExplainJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Stage {@code explain-user}: why a user is recommended what they are, by their own past events. For
 * each chosen user ({@link UserChoice}) and each of their top recommendations (or one named item), the
 * fold-in game's Shapley values with standard errors, Hu–Koren–Volinsky's split, leave-one-out drops,
 * cosines and the smallest counterfactual set ({@link UserExplainer}); beside each event its item's
 * title and genres (item metadata, {@code explain.*}) and its own data value from the value stage.
 *
 * <p>Users are spread over the executors, grouped with their training events; the item factors (and
 * the implicit Gramian) go to every executor once, as a broadcast {@link FoldInModel}. Reads
 * {@code ingest/}, {@code train/item_factors}, {@code train/user_factors} and, when present, the value
 * stage's interaction values; writes {@code <output>/explain-user/{recommendations,events,counterfactuals}}
 * ({@link ExplainUserSchemas}) and a summary to the manifest under {@code stages.explain-user}. Config
 * section {@code explain-user.*}.
 */
public final class ExplainUserJob implements Stage {
  public static final String NAME = ExplainUserSchemas.STAGE;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings(NAME, () -> {
      ExplainUserSettings.from(config);
      if (!config.getString("ingest.feedback").equals("implicit") && config.getDouble("train.lambda") == 0) {
        throw new IllegalArgumentException("train.lambda = 0: explicit feedback needs train.lambda > 0 to fold a user"
            + " in (a user with fewer events than the rank has no unique factor)");
      }
    });
  }

  @Override
  public void run(StageContext context) throws Exception {
    SparkSession spark = context.spark();
    ExplainUserSettings settings = ExplainUserSettings.from(context.config());
    SplitTables split = SplitTables.read(context);
    Dataset<Row> train = split.train().filter(col(WEIGHT).gt(0));
    Dataset<Row> itemFactors = ExplainJob.readOrFail(spark, context, "train/item_factors", "train")
        .select(col(ITEM_IDX), col("factors"));
    Dataset<Row> userFactors = ExplainJob.readOrFail(spark, context, "train/user_factors", "train")
        .select(col(USER_IDX), col("factors"));
    Map<String, Object> section = context.manifest().stage(NAME);

    Optional<ItemMetadata> metadata = metadata(settings, context);
    FoldInModel model = model(context.config(), itemFactors);
    Dataset<Row> chosen = UserChoice.of(spark, settings, split.userIndex(), train, context.path("ingest", "user_index"))
        .cache();
    long users = chosen.count();
    Optional<Integer> item = targetItem(settings, split, train, chosen, model);
    context.console().progress(NAME, "explaining %s for %,d users (%s)", item.isPresent()
        ? "item " + settings.item().get() : "the top " + settings.top() + " recommendation(s)", users,
        settings.sampled() ? "a sample seeded by run.seed" : "named");

    JavaRDD<UserExplanation> explained = explain(spark, settings, model, train, userFactors, chosen, item, users)
        .persist(StorageLevel.MEMORY_AND_DISK());
    StageOutput out = new StageOutput(context.outputDir(), NAME, spark.sparkContext().hadoopConfiguration());
    try {
      ExplainUserOutputs outputs = new ExplainUserOutputs(spark, split, metadata,
          InteractionValues.read(spark, context.outputDir()));
      int listSize = settings.estimation().listSize();
      outputs.write(out.workPath(), explained.map(x -> ExplanationRows.recommendation(x, listSize)),
          explained.flatMap(x -> ExplanationRows.events(x).iterator()),
          explained.flatMap(x -> ExplanationRows.counterfactuals(x).iterator()));
      Map<String, Object> summary = ExplainUserSummary.of(spark.read().parquet(out.workPath() + "/"
          + ExplainUserSchemas.RECOMMENDATIONS), settings);
      section.putAll(summary);
      if (!outputs.hasValues()) {
        section.put("values", InteractionValues.missing(context.outputDir()));
      }
      out.commit();
      context.console().progress(NAME, "%s", ExplainUserSummary.line(summary));
      if (!outputs.hasValues()) {
        context.console().progress(NAME, "%s", InteractionValues.missing(context.outputDir()));
      }
    } catch (Exception | Error e) {
      out.abort();
      throw e;
    } finally {
      explained.unpersist(false);
      chosen.unpersist();
    }
  }

  /** The trained item side and the run's half-step settings ({@code train.*}, {@code ingest.feedback}). */
  public static FoldInModel model(RecvalueConfig config, Dataset<Row> itemFactors) {
    var params = TrainJob.params(config, 1);
    Map<Integer, double[]> items = new HashMap<>();
    for (Row r : itemFactors.collectAsList()) {
      List<Double> f = r.getList(1);
      items.put(r.getInt(0), f.stream().mapToDouble(Double::doubleValue).toArray());
    }
    int rank = items.values().stream().findFirst().map(f -> f.length)
        .orElseThrow(() -> new IllegalStateException("the trained model has no item factors"));
    if (rank != params.rank()) {
      throw new IllegalStateException("train/item_factors has rank " + rank + " but train.rank = " + params.rank()
          + ": explain-user needs the settings the model was trained with");
    }
    return new FoldInModel(rank, params.lambda(), params.implicit(), params.alpha(), items);
  }

  /** The named item's index, after checking it is in the model and no chosen user trained on it. */
  private static Optional<Integer> targetItem(ExplainUserSettings settings, SplitTables split, Dataset<Row> train,
      Dataset<Row> chosen, FoldInModel model) {
    if (settings.item().isEmpty()) {
      return Optional.empty();
    }
    String id = settings.item().get();
    List<Row> found = split.itemIndex().filter(col(ITEM_ID).cast("string").equalTo(id)).select(ITEM_IDX).collectAsList();
    if (found.isEmpty()) {
      throw new ConfigException("explain-user.item: no item '" + id + "' in the run's item index");
    }
    int idx = found.get(0).getInt(0);
    if (!model.hasFactors(idx)) {
      throw new ConfigException("explain-user.item: item '" + id + "' has no training interactions, so no factors");
    }
    List<String> rated = train.filter(col(ITEM_IDX).equalTo(idx)).join(broadcast(chosen), USER_IDX)
        .join(split.userIndex(), USER_IDX).select(col(USER_ID).cast("string")).limit(6).collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();
    if (!rated.isEmpty()) {
      throw new ConfigException("explain-user.item: item '" + id + "' is among the training interactions of "
          + UserChoice.quoted(rated) + "; recommendations leave those out");
    }
    return Optional.of(idx);
  }

  /** One explanation per chosen user and recommendation, computed where the user's events are. */
  private static JavaRDD<UserExplanation> explain(SparkSession spark, ExplainUserSettings settings, FoldInModel model,
      Dataset<Row> train, Dataset<Row> userFactors, Dataset<Row> chosen, Optional<Integer> item, long users) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<FoldInModel> bm = jsc.broadcast(model);
    EstimationSettings estimation = settings.estimation();
    int top = settings.top();
    Integer target = item.orElse(null);
    int partitions = (int) Math.max(1, Math.min(users, spark.sparkContext().defaultParallelism()));
    JavaPairRDD<Integer, Iterable<Row>> events = train.join(broadcast(chosen), USER_IDX)
        .select(col(USER_IDX), col(ITEM_IDX), col(RATING).cast("double"), col(WEIGHT).cast("double"),
            col(TIMESTAMP).cast("long")).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), r))
        .groupByKey(partitions);
    JavaPairRDD<Integer, double[]> trained = userFactors.join(broadcast(chosen), USER_IDX).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0),
            r.<Double>getList(1).stream().mapToDouble(Double::doubleValue).toArray()));
    return events.leftOuterJoin(trained, partitions).flatMap(t -> {
      UserExplainer explainer = new UserExplainer(bm.value(), estimation);
      UserHistory h = history(t._1, t._2._1);
      double[] x = t._2._2.orNull();
      int[] items = target != null ? new int[] {target} : explainer.top(h, top);
      List<UserExplanation> out = new ArrayList<>(items.length);
      for (int i : items) {
        out.add(explainer.explain(h, x, i));
      }
      return out.iterator();
    });
  }

  /** A user's events from their training rows; timestamps only when every row has one. */
  public static UserHistory history(int user, Iterable<Row> rows) {
    List<Row> list = new ArrayList<>();
    rows.forEach(list::add);
    int n = list.size();
    int[] items = new int[n];
    double[] ratings = new double[n];
    double[] weights = new double[n];
    long[] times = new long[n];
    boolean timed = true;
    for (int e = 0; e < n; e++) {
      Row r = list.get(e);
      items[e] = r.getInt(1);
      ratings[e] = r.getDouble(2);
      weights[e] = r.getDouble(3);
      if (r.isNullAt(4)) {
        timed = false;
      } else {
        times[e] = r.getLong(4);
      }
    }
    return UserHistory.of(user, items, ratings, weights, timed ? times : null);
  }

  /** The item metadata, its path resolved against the input's folder; a missing file is named. */
  private static Optional<ItemMetadata> metadata(ExplainUserSettings settings, StageContext context)
      throws IOException {
    Optional<ItemMetadata> m = settings.metadata().map(x -> x.resolvedAgainst(context.input()));
    if (m.isPresent()) {
      Path p = new Path(m.get().path());
      if (!p.getFileSystem(context.spark().sparkContext().hadoopConfiguration()).exists(p)) {
        throw new ConfigException("explain.item-metadata: no file at " + p + (context.input().isEmpty()
            && !new Path(settings.metadata().get().path()).isAbsolute()
            ? " (a relative path is read from the folder of --input; give --input LOG or an absolute path)" : ""));
      }
    }
    return m;
  }
}
