package io.recvalue.valuation.judge;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.recvalue.valuation.output.ValueSchemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * How well low values find corrupted interactions, computed where the values are: on a table with
 * {@code user_idx, item_idx, value} and the boolean {@link NoiseInjection#CORRUPTED}, by Spark jobs
 * that bring back only counts and the area, never the values.
 *
 * <p><b>ROC-AUC</b> of the score {@code −value} for the label "corrupted", by MLlib's
 * {@link BinaryClassificationMetrics} with one bin per distinct score ({@code numBins = 0}): the ROC
 * curve has one point per distinct score, from the highest score down, and its area by the trapezoid
 * rule is the Mann–Whitney probability {@code P(v_c < v_k) + ½ P(v_c = v_k)} over pairs of a corrupted
 * {@code c} and a clean {@code k}, because a run of tied scores is one step of the curve whose
 * trapezoid counts each tied pair half. 0.5 is chance; 1 means every corrupted interaction is valued
 * below every clean one. MLlib defines its rates as 0 for an empty class; here the AUC is NaN then.
 * The score is {@code 0 − value}, so that {@code −0.0} and {@code 0.0}, one value, are one score
 * (MLlib's grouping of distinct scores would otherwise split them inconsistently).
 *
 * <p><b>Share in the lowest</b>: the share of the corrupted interactions among the lowest
 * {@code ⌊share·n⌋} values, in the total order of {@link Ranks} (ascending value, ties by
 * {@code (user_idx, item_idx)}): an exact count after a sort on Spark.
 */
final class DetectionMetrics {
  private DetectionMetrics() {}

  /** The rows of a valued table and how many of them are corrupted. */
  record Counts(long rows, long corrupted) {
    boolean bothClasses() {
      return corrupted > 0 && corrupted < rows;
    }
  }

  /** One job: the rows and the corrupted rows of {@code valued}. */
  static Counts counts(Dataset<Row> valued) {
    Row r = valued.agg(count(lit(1)), sum(when(col(NoiseInjection.CORRUPTED), 1L).otherwise(0L))).first();
    return new Counts(r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1));
  }

  /** The ROC-AUC of low {@code value} against {@code corrupted}; NaN when either class is empty. */
  static double lowValueAuc(Dataset<Row> valued, Counts counts) {
    if (!counts.bothClasses()) {
      return Double.NaN;
    }
    JavaRDD<Tuple2<Object, Object>> scored = valued.select(col(ValueSchemas.VALUE), col(NoiseInjection.CORRUPTED))
        .javaRDD()
        .map(r -> new Tuple2<>(score(r.getDouble(0)), r.getBoolean(1) ? 1.0 : 0.0));
    return areaUnderRoc(scored);
  }

  /** The same AUC for a small sample held on the driver (the noise oracle's leave-one-out changes). */
  static double lowValueAuc(SparkSession spark, double[] values, boolean[] corrupted) {
    List<Tuple2<Object, Object>> scored = new ArrayList<>(values.length);
    long positives = 0;
    for (int t = 0; t < values.length; t++) {
      scored.add(new Tuple2<>(score(values[t]), corrupted[t] ? 1.0 : 0.0));
      positives += corrupted[t] ? 1 : 0;
    }
    if (!new Counts(values.length, positives).bothClasses()) {
      return Double.NaN;
    }
    return areaUnderRoc(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(scored));
  }

  /** {@code 0 − value}: low values score high, and both zeros score {@code +0.0}. */
  private static double score(double value) {
    return 0.0 - value;
  }

  private static double areaUnderRoc(JavaRDD<Tuple2<Object, Object>> scoreAndLabel) {
    BinaryClassificationMetrics metrics = new BinaryClassificationMetrics(scoreAndLabel.rdd(), 0);
    try {
      return metrics.areaUnderROC();
    } finally {
      metrics.unpersist();
    }
  }

  /**
   * The share of the corrupted interactions among the lowest {@code ⌊share·n⌋} values (ties by
   * {@code (user_idx, item_idx)}); NaN without corrupted interactions. Chance is {@code share}.
   */
  static double shareInLowest(Dataset<Row> valued, double share, Counts counts) {
    if (counts.corrupted() == 0) {
      return Double.NaN;
    }
    long cut = Ranks.floorShare(share, counts.rows());
    long found = Ranks.rank(valued.sparkSession(), valued.select(USER_IDX, ITEM_IDX, ValueSchemas.VALUE, NoiseInjection.CORRUPTED),
            ValueSchemas.VALUE)
        .filter(col(Ranks.RANK).lt(cut).and(col(NoiseInjection.CORRUPTED)))
        .count();
    return (double) found / counts.corrupted();
  }
}
