package io.recvalue.valuation.jobs;

import static org.apache.spark.sql.functions.col;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.data.InteractionColumns;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.valuation.method.Progress;
import io.recvalue.valuation.method.ValuationContext;
import io.recvalue.valuation.method.ValuationMethod;
import io.recvalue.valuation.method.ValuationMethods;
import io.recvalue.valuation.spark.FactorTables;
import io.recvalue.valuation.spark.ValuationResult;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage {@code value}: one value per training interaction from the trained model
 * ({@code <output>/train}) and the split ({@code <output>/ingest}) by the method of
 * {@code value.method} (looked up in {@link ValuationMethods}), then the per-item and per-user sums.
 * Writes {@code value/interactions}, {@code value/items}, {@code value/users} (Parquet, original ids)
 * and {@code value/items.arrow}, {@code value/users.arrow} ({@link io.recvalue.valuation.output.ValueLayout});
 * solver diagnostics go to the manifest.
 * Config section {@code value.*}.
 */
public final class ValueInteractionsJob implements Stage {
  public static final String NAME = "value";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings(NAME, () -> method(config).validate(config));
  }

  /** The method of {@code value.method}. */
  public static ValuationMethod method(RecvalueConfig config) {
    return ValuationMethods.get("value.method", config.getString("value.method"));
  }

  /** The trained model of a run folder ({@code <output>/train}). */
  public static AlsModel trainedModel(StageContext context) {
    SparkSession spark = context.spark();
    Dataset<Row> users = factors(spark, context.path("train", "user_factors"), InteractionColumns.USER_IDX);
    Dataset<Row> items = factors(spark, context.path("train", "item_factors"), InteractionColumns.ITEM_IDX);
    return new AlsModel(FactorTables.rank(users), users, items, TrainingHistory.empty(), "train");
  }

  @Override
  public void run(StageContext context) throws Exception {
    SparkSession spark = context.spark();
    SplitTables split = SplitTables.read(context);
    ValuationContext vc = new ValuationContext(spark, context.config(), split.train(), split.validation(),
        trainedModel(context), TrainJob.blocks(context.config(), spark, split.train()),
        Progress.of(context.console(), NAME));
    ValuationResult result = method(context.config()).value(vc);
    try {
      Map<String, Object> section = context.manifest().stage(NAME);
      section.putAll(result.diagnostics());
      ValueOutputs.write(context, split, result.values(), result.tables(), section);
    } finally {
      result.release();
    }
  }

  private static Dataset<Row> factors(SparkSession spark, String path, String idx) {
    return spark.read().parquet(path).select(col(idx), col(AlsModel.FACTORS));
  }
}
