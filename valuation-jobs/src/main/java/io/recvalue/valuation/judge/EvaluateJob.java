package io.recvalue.valuation.judge;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import io.recvalue.core.train.Trainer;
import io.recvalue.core.train.Trainers;
import io.recvalue.valuation.method.Progress;
import io.recvalue.valuation.method.ValuationContext;
import io.recvalue.valuation.method.ValuationMethod;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.valuation.spark.ValuationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage {@code evaluate}: judges the value methods on the run's split (docs/methods.md §8.3–8.4).
 *
 * <ol>
 *   <li>train the model on {@code ingest/train} with the trainer of {@code evaluate.trainer} (our ALS
 *       or MLlib's as a black box, {@code train.*}, seeded) and score it on test;
 *   <li>removal curves: for every method of {@code evaluate.methods} (by default every registered
 *       method), value the training interactions and, for each removed fraction, retrain
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
      EvaluateSettings es = EvaluateSettings.of(config);
      Trainers.of("evaluate.trainer", es.trainer(), TrainJob.params(config, 1));
      for (ValuationMethod m : es.methods()) {
        m.validate(config);
      }
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
    Trainer trainer = Trainers.of("evaluate.trainer", es.trainer(), params);
    SplitTables split = SplitTables.read(context);
    Dataset<Row> train = split.train().persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Object> section = context.manifest().stage(NAME);
    section.put("settings", es.toMap());
    StageOutput out = new StageOutput(context.outputDir(), EvaluationTables.DIR,
        spark.sparkContext().hadoopConfiguration());
    try {
      List<CurvePoint> curves = new ArrayList<>();
      RemovalCurves rc = new RemovalCurves(spark, train, split.test(), trainer, params, es.fractions(),
          context.console());
      ValuationContext vc = new ValuationContext(spark, config, train, split.validation(), null, parallelism,
          Progress.of(context.console(), NAME));
      section.put("train_rows", train.count());
      if (es.maxRemoval() > 0) {
        curves.addAll(curves(spark, rc, es, trainer, params, vc, split, context));
      }
      List<NoisePoint> noise = es.noiseFraction() > 0
          ? NoiseDetection.run(spark, split, train, trainer, params, vc, es, context.console())
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

  private static List<CurvePoint> curves(SparkSession spark, RemovalCurves rc, EvaluateSettings es, Trainer trainer,
      AlsParams params, ValuationContext vc, SplitTables split, StageContext context) {
    long root = vc.config().getLong("run.seed");
    List<CurvePoint> curves = new ArrayList<>();
    AlsModel base = trainer.fit(spark, vc.train(), null);
    try {
      ModelScores full = ModelScores.of(base, vc.train(), split.test(), params.implicit(), params.numBlocks());
      context.console().progress(NAME, "model on all training data: NDCG@10 %.4f, Recall@20 %.4f%s",
          full.ndcgAt10(), full.recallAt20(), full.rmse() == null ? "" : ", RMSE " + EvaluationTables.format(full.rmse()));
      for (ValuationMethod method : es.methods()) {
        ValuationResult r = method.value(vc.withModel(base));
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
