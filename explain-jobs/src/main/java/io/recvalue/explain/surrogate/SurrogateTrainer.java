package io.recvalue.explain.surrogate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;

import io.recvalue.explain.features.FeatureTable;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits the surrogate {@code g: features → value} with Spark MLlib on the rows not held out (the split
 * is the table's seeded {@link FeatureTable#HELDOUT} column), copies it into a {@link TreeEnsemble}
 * and scores it by R² on the held-out rows (squared error loss, MLlib's defaults otherwise: 32 bins,
 * one instance per leaf at least).
 */
public final class SurrogateTrainer {
  static final String VECTOR = "_features_vector";
  static final String PREDICTION = "_prediction";

  private SurrogateTrainer() {}

  public static Surrogate fit(FeatureTable table, SurrogateSettings settings) {
    Dataset<Row> rows = table.rows()
        .withColumn(VECTOR, org.apache.spark.ml.functions.array_to_vector(col(FeatureTable.FEATURES)));
    Dataset<Row> train = rows.filter(col(FeatureTable.HELDOUT).equalTo(false));
    Dataset<Row> heldout = rows.filter(col(FeatureTable.HELDOUT).equalTo(true));
    TreeEnsemble ensemble;
    Dataset<Row> scoredTrain;
    Dataset<Row> scoredHeldout;
    if (settings.kind() == SurrogateKind.GBT) {
      GBTRegressionModel model = new GBTRegressor()
          .setFeaturesCol(VECTOR).setLabelCol(FeatureTable.TARGET).setPredictionCol(PREDICTION)
          .setMaxIter(settings.trees()).setMaxDepth(settings.maxDepth()).setStepSize(settings.stepSize())
          .setSubsamplingRate(1.0).setSeed(settings.seed())
          .fit(train);
      ensemble = MllibTrees.fromGbt(model);
      scoredTrain = model.transform(train);
      scoredHeldout = model.transform(heldout);
    } else {
      RandomForestRegressionModel model = new RandomForestRegressor()
          .setFeaturesCol(VECTOR).setLabelCol(FeatureTable.TARGET).setPredictionCol(PREDICTION)
          .setNumTrees(settings.trees()).setMaxDepth(settings.maxDepth()).setSeed(settings.seed())
          .fit(train);
      ensemble = MllibTrees.fromRandomForest(model);
      scoredTrain = model.transform(train);
      scoredHeldout = model.transform(heldout);
    }
    double[] fitTrain = r2(scoredTrain);
    double[] fitHeldout = r2(scoredHeldout);
    return new Surrogate(ensemble, settings, table.featureNames(), fitHeldout[0], fitTrain[0],
        (long) fitTrain[1], (long) fitHeldout[1]);
  }

  /** {R², rows} of a scored table; R² is NaN below two rows or when the values are all equal. */
  static double[] r2(Dataset<Row> scored) {
    Row m = scored.agg(avg(col(FeatureTable.TARGET)), count(lit(1))).first();
    long n = m.getLong(1);
    if (n < 2) {
      return new double[] {Double.NaN, n};
    }
    double mean = m.getDouble(0);
    Row s = scored.agg(
        sum(pow(col(FeatureTable.TARGET).minus(col(PREDICTION)), 2)),
        sum(pow(col(FeatureTable.TARGET).minus(lit(mean)), 2))).first();
    double sse = s.getDouble(0);
    double sst = s.getDouble(1);
    return new double[] {sst > 0 ? 1 - sse / sst : Double.NaN, n};
  }
}
