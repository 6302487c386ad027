package io.recvalue.explain.surrogate;

import static org.apache.spark.sql.functions.col;

import io.recvalue.explain.features.FeatureTable;
import java.util.List;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits the surrogate {@code g: features → value} with Spark MLlib on the rows not held out (the split
 * is the table's seeded {@link FeatureTable#HELDOUT} column), copies it into a {@link TreeEnsemble}
 * and scores its fidelity to the target ({@link SurrogateFidelity}: R², Spearman correlation, top-decile
 * precision) on the held-out rows and on the training rows (squared error loss, MLlib's defaults
 * otherwise: 32 bins, one instance per leaf at least).
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
    return new Surrogate(ensemble, settings, table.featureNames(), fidelity(scoredHeldout), fidelity(scoredTrain));
  }

  /**
   * The fidelity of a scored table: its target and prediction columns are brought to the driver (16
   * bytes per row) and measured by {@link SurrogateFidelity}.
   */
  static SurrogateFidelity fidelity(Dataset<Row> scored) {
    List<Row> rows = scored.select(col(FeatureTable.TARGET), col(PREDICTION)).collectAsList();
    double[] target = new double[rows.size()];
    double[] prediction = new double[rows.size()];
    for (int i = 0; i < target.length; i++) {
      target[i] = rows.get(i).getDouble(0);
      prediction[i] = rows.get(i).getDouble(1);
    }
    return SurrogateFidelity.of(target, prediction);
  }
}
