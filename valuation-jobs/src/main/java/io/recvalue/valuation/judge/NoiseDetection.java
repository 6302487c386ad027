package io.recvalue.valuation.judge;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.run.Console;
import io.recvalue.core.train.Trainer;
import io.recvalue.valuation.method.ValuationContext;
import io.recvalue.valuation.method.ValuationMethod;
import io.recvalue.valuation.method.ValuationSettings;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.valuation.spark.ValuationResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Noise detection (docs/methods.md §8.4): corrupt a known fraction of the training interactions
 * ({@link NoiseInjection}), retrain on the corrupted set, value every interaction with each method
 * against the clean validation split, and measure how well low values find the corrupted ones
 * ({@link DetectionMetrics}: ROC-AUC by MLlib, the share among the lowest 20 % by a sort on Spark). With {@code evaluate.oracle-sample > 0}, also the ROC-AUC that the actual
 * leave-one-out changes of a balanced sample reach ({@link NoiseOracle}): the ceiling of any value.
 */
final class NoiseDetection {
  private NoiseDetection() {}

  static List<NoisePoint> run(SparkSession spark, SplitTables split, Dataset<Row> train, Trainer trainer,
      AlsParams params, ValuationContext context, EvaluateSettings es, Console console) {
    RecvalueConfig config = context.config();
    NoiseInjection.Spec spec = spec(split, train, params.implicit(), es.noiseFraction(), config);
    Dataset<Row> known = split.train().select(USER_IDX, ITEM_IDX)
        .union(split.validation().select(USER_IDX, ITEM_IDX))
        .union(split.test().select(USER_IDX, ITEM_IDX));
    Dataset<Row> corrupted = NoiseInjection.corrupt(spark, train, known, spec)
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<NoisePoint> out = new ArrayList<>();
    try {
      long n = corrupted.count();
      long m = corrupted.filter(col(NoiseInjection.CORRUPTED)).count();
      Dataset<Row> noisyTrain = corrupted.select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP);
      console.progress("evaluate", "noise detection: %d of %d training interactions corrupted", m, n);
      AlsModel model = trainer.fit(spark, noisyTrain, null);
      ValuationContext noisy = context.withData(noisyTrain, split.validation()).withModel(model);
      try {
        for (ValuationMethod method : es.methods()) {
          out.add(detect(method, noisy, corrupted, es.noiseFraction(), m, n));
          NoisePoint p = out.get(out.size() - 1);
          console.progress("evaluate", "noise detection %s: ROC-AUC %.4f, %.1f%% of corruptions in the lowest 20%%",
              method.id(), p.rocAuc(), 100 * p.shareInLowest20pct());
        }
        NoiseOracle.OracleSettings os = NoiseOracle.OracleSettings.of(config);
        if (os.sample() > 0) {
          console.progress("evaluate", "noise detection oracle: leaving out %d sampled interactions one at a time",
              os.sample());
          NoisePoint o = NoiseOracle.run(spark, noisyTrain, corrupted, split.validation(), model,
              ValuationSettings.influence(config, context.parallelism()), os,
              es.noiseFraction(), config.getLong("run.seed"));
          out.add(o);
          console.progress("evaluate", "noise detection oracle (actual leave-one-out change, %d corrupted + %d clean):"
              + " ROC-AUC %.4f", o.corruptedRows(), o.trainRows() - o.corruptedRows(), o.rocAuc());
        }
      } finally {
        model.unpersist();
      }
    } finally {
      corrupted.unpersist();
    }
    return out;
  }

  private static NoisePoint detect(ValuationMethod method, ValuationContext noisy, Dataset<Row> corrupted,
      double fraction, long m, long n) {
    ValuationResult r = method.value(noisy);
    Dataset<Row> valued = null;
    try {
      Dataset<Row> v = r.values().select(USER_IDX, ITEM_IDX, ValueSchemas.VALUE);
      valued = v.join(corrupted,
              v.col(USER_IDX).equalTo(corrupted.col(USER_IDX)).and(v.col(ITEM_IDX).equalTo(corrupted.col(ITEM_IDX))))
          .select(v.col(USER_IDX), v.col(ITEM_IDX), v.col(ValueSchemas.VALUE), corrupted.col(NoiseInjection.CORRUPTED))
          .persist(StorageLevel.MEMORY_AND_DISK());
      DetectionMetrics.Counts counts = DetectionMetrics.counts(valued);
      if (counts.rows() != n) {
        throw new IllegalStateException("noise detection: " + counts.rows() + " values matched "
            + n + " training interactions");
      }
      return new NoisePoint(method.id(), fraction, DetectionMetrics.lowValueAuc(valued, counts),
          DetectionMetrics.shareInLowest(valued, EvaluateSettings.LOWEST_SHARE, counts), m, n);
    } finally {
      if (valued != null) {
        valued.unpersist();
      }
      r.release();
    }
  }

  /** The rating range ({@code ingest.rating-min/max}, else the training range) and the item count. */
  static NoiseInjection.Spec spec(SplitTables split, Dataset<Row> train, boolean implicit, double fraction,
      RecvalueConfig config) {
    Row range = train.agg(min(RATING), max(RATING)).first();
    double lo = config.getOptionalDouble("ingest.rating-min").orElse(range.getDouble(0));
    double hi = config.getOptionalDouble("ingest.rating-max").orElse(range.getDouble(1));
    boolean integer = lo == Math.rint(lo) && hi == Math.rint(hi)
        && train.filter(col(RATING).notEqual(floor(col(RATING)))).isEmpty();
    int numItems = (int) split.itemIndex().count();
    long seed = config.getLong("run.seed");
    return new NoiseInjection.Spec(fraction, seed, implicit, lo, hi, integer, numItems);
  }
}
