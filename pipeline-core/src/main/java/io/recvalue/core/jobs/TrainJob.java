package io.recvalue.core.jobs;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.BlockCount;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage {@code train}: {@code <output>/ingest/train} → weighted ALS → {@code <output>/train/}
 * ({@code user_factors}, {@code item_factors} with the original ids, {@code history}); test metrics,
 * ours and (with {@code train.compare-mllib}) Spark MLlib's, go to the manifest. Config section
 * {@code train.*}.
 */
public final class TrainJob implements Stage {
  public static final String NAME = "train";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings(NAME, () -> params(config, 1));
  }

  /**
   * The block count for {@code train} on {@code spark}: {@link BlockCount} of the configuration, the
   * table's row count and Spark's default parallelism.
   */
  public static int blocks(RecvalueConfig config, SparkSession spark, Dataset<Row> train) {
    return BlockCount.of(config, train.count(), spark.sparkContext().defaultParallelism());
  }

  /**
   * Maps {@code train.*} (and {@code ingest.feedback}, {@code run.seed}) onto the ALS parameters;
   * {@code defaultBlocks} stands in for {@code train.blocks = 0} (see {@link #blocks}).
   */
  public static AlsParams params(RecvalueConfig c, int defaultBlocks) {
    int blocks = c.getInt("train.blocks");
    return new AlsParams(
        c.getInt("train.rank"),
        c.getDouble("train.lambda"),
        c.getString("ingest.feedback").equals("implicit"),
        c.getDouble("train.alpha"),
        c.getInt("train.max-iter"),
        c.getDouble("train.tol"),
        blocks > 0 ? blocks : Math.max(1, defaultBlocks),
        c.getLong("run.seed"),
        c.getInt("train.checkpoint-interval"),
        c.getString("train.solver"));
  }

  @Override
  public void run(StageContext context) throws Exception {
    SparkSession spark = context.spark();
    SplitTables split = SplitTables.read(context);
    AlsParams params = params(context.config(), blocks(context.config(), spark, split.train()));
    StageOutput out = new StageOutput(context.outputDir(), NAME, spark.sparkContext().hadoopConfiguration());
    Map<String, Object> section = context.manifest().stage(NAME);
    try {
      AlsModel model = WeightedAls.fit(spark, split.train(), params, null, split.validation(),
          sweep -> context.console().progress(NAME, "sweep %d/%d: %s", sweep.iteration(), params.maxIter(),
              sweep.describe()));
      TrainingReport.record(model, params, section, context.console());
      writeFactors(model, split, out.workPath());
      TrainingReport.writeHistory(spark, model, out.workPath() + "/history");
      Map<String, Object> test = new LinkedHashMap<>(TestMetrics.ours(spark, model, split, params));
      if (context.config().getBoolean("train.compare-mllib")) {
        test.putAll(TestMetrics.mllib(spark, split, params));
      }
      section.put("test", test);
      context.console().progress(NAME, "test metrics %s", test);
      out.commit();
      model.unpersist();
    } catch (Exception | Error e) {
      out.abort();
      throw e;
    }
  }

  /** Factors with the original ids beside the dense indices. */
  static void writeFactors(AlsModel model, SplitTables split, String dir) {
    Dataset<Row> users = model.userFactors().join(split.userIndex(), USER_IDX).orderBy(USER_IDX);
    Dataset<Row> items = model.itemFactors().join(split.itemIndex(), ITEM_IDX).orderBy(ITEM_IDX);
    users.write().parquet(dir + "/user_factors");
    items.write().parquet(dir + "/item_factors");
  }
}
