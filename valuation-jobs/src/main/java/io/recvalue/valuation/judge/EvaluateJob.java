package io.recvalue.valuation.judge;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import io.recvalue.valuation.jobs.ValueInteractionsJob;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.valuation.spark.InfluenceSettings;
import io.recvalue.valuation.spark.ValuationResult;
import io.recvalue.valuation.spark.ValueMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage {@code evaluate}: judges the value methods on the run's split (METHODS §8.3–8.4).
 *
 * <ol>
 *   <li>train the model on {@code ingest/train} ({@code train.*}, seeded) and score it on test;
 *   <li>removal curves: for every method of {@code evaluate.methods} (by default every
 *       {@link ValueMethod}), value the training interactions and, for each removed fraction, retrain
 *       without the lowest-valued, then without the highest-valued; the same for
 *       {@code evaluate.random-seeds} random orders ({@link RemovalCurves});
 *   <li>noise detection: corrupt {@code evaluate.noise-fraction} of the training interactions,
 *       retrain, value, and report ROC-AUC and the share of corruptions in the lowest 20 %
 *       ({@link NoiseDetection});
 *   <li>write {@code evaluate/removal_curves}, {@code evaluate/noise_detection} (Parquet and
 *       {@code .csv}), {@code evaluate/removal_curves.png}; checks and headline numbers go to the
 *       manifest and the console.
 * </ol>
 * Every retraining starts from scratch with the same settings and root seed, without a validation
 * loss per sweep. Config section {@code evaluate.*} (with {@code train.*} and {@code value.*}).
 */
public final class EvaluateJob implements Stage {
  public static final String NAME = "evaluate";
  private EvaluationReport report;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings(NAME, () -> {
      EvaluateSettings.of(config);
      TrainJob.params(config, 1);
      ValueInteractionsJob.settings(config, 1);
    });
  }

  /** The result of the last run (for the summary). */
  public EvaluationReport report() {
    return report;
  }

  @Override
  public void run(StageContext context) throws Exception {
    SparkSession spark = context.spark();
    RecvalueConfig config = context.config();
    EvaluateSettings es = EvaluateSettings.of(config);
    int parallelism = spark.sparkContext().defaultParallelism();
    AlsParams params = TrainJob.params(config, parallelism);
    InfluenceSettings valueSettings = ValueInteractionsJob.settings(config, parallelism);
    SplitTables split = SplitTables.read(context);
    Dataset<Row> train = split.train().persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Object> section = context.manifest().stage(NAME);
    section.put("settings", es.toMap());
    StageOutput out = new StageOutput(context.outputDir(), NAME, spark.sparkContext().hadoopConfiguration());
    try {
      List<CurvePoint> curves = new ArrayList<>();
      RemovalCurves rc = new RemovalCurves(spark, train, split.test(), params, es.fractions(), context.console());
      section.put("train_rows", train.count());
      if (es.maxRemoval() > 0) {
        curves.addAll(curves(spark, rc, es, params, valueSettings, split, train, config, context));
      }
      List<NoisePoint> noise = es.noiseFraction() > 0
          ? NoiseDetection.run(spark, split, train, params, valueSettings, es, config, context.console())
          : List.of();
      report = new EvaluationReport(curves, noise, params.implicit());
      EvaluationTables.write(spark, report, out.workPath());
      out.commit();
      section.put("checks", report.toMap());
    } catch (Exception | Error e) {
      out.abort();
      throw e;
    } finally {
      train.unpersist();
    }
  }

  private static List<CurvePoint> curves(SparkSession spark, RemovalCurves rc, EvaluateSettings es, AlsParams params,
      InfluenceSettings vs, SplitTables split, Dataset<Row> train, RecvalueConfig config, StageContext context) {
    long root = config.getLong("run.seed");
    List<CurvePoint> curves = new ArrayList<>();
    AlsModel base = WeightedAls.fit(spark, train, params, null, null);
    try {
      ModelScores full = ModelScores.of(base, train, split.test(), params.implicit(), params.numBlocks());
      context.console().progress(NAME, "model on all training data: NDCG@10 %.4f, Recall@20 %.4f%s",
          full.ndcgAt10(), full.recallAt20(), full.rmse() == null ? "" : ", RMSE " + EvaluationTables.format(full.rmse()));
      for (ValueMethod method : es.methods()) {
        ValuationResult r = Valuations.run(spark, vs, Valuations.ep(config, params), method, train,
            split.validation(), base);
        try {
          Dataset<Row> values = r.values().select(USER_IDX, ITEM_IDX, ValueSchemas.VALUE);
          curves.addAll(rc.byValue(method.id(), root, values, full));
        } finally {
          r.release();
        }
      }
      for (int seed = 1; seed <= es.randomSeeds(); seed++) {
        curves.addAll(rc.random(root, seed, full));
      }
    } finally {
      base.unpersist();
    }
    return curves;
  }
}
