package io.recvalue.explain.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plain-Java tree ensemble predicts what Spark MLlib's fitted GBT and random forest predict. */
@SparkTest
class TreeEnsembleTest {
  private static final int FEATURES = 5;
  private static Dataset<Row> data;
  private static List<double[]> points;

  @BeforeAll
  static void data() {
    SparkSession spark = SparkTestSession.get();
    SplittableRandom r = new SplittableRandom(5);
    List<Row> rows = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      double[] x = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        x[f] = r.nextDouble() * 4 - 2;
      }
      double y = Math.sin(x[0]) * 2 + x[1] * x[2] + (x[3] > 0.5 ? 1 : -1) + 0.1 * r.nextDouble();
      rows.add(RowFactory.create(Vectors.dense(x), y));
    }
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
    data = spark.createDataFrame(rows, schema).repartition(3);
    points = new ArrayList<>();
    for (int n = 0; n < 500; n++) {
      double[] x = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        x[f] = r.nextDouble() * 5 - 2.5;
      }
      points.add(x);
    }
    // thresholds themselves: MLlib sends x == threshold left
    for (Row row : rows.subList(0, 50)) {
      points.add(((Vector) row.get(0)).toArray());
    }
  }

  @Test
  void gradientBoostedTreesPredictAsMllib() {
    GBTRegressionModel model = new GBTRegressor().setMaxIter(25).setMaxDepth(4).setStepSize(0.2).setSeed(3).fit(data);
    TreeEnsemble ensemble = MllibTrees.fromGbt(model);
    assertEquals(25, ensemble.size());
    assertSame(model::predict, ensemble);
  }

  @Test
  void randomForestPredictsAsMllib() {
    RandomForestRegressionModel model = new RandomForestRegressor().setNumTrees(15).setMaxDepth(5).setSeed(3).fit(data);
    TreeEnsemble ensemble = MllibTrees.fromRandomForest(model);
    assertEquals(15, ensemble.size());
    assertSame(model::predict, ensemble);
  }

  @Test
  void thresholdsSendEqualValuesLeft() {
    MllibFree tree = new MllibFree();
    assertEquals(-1.0, tree.ensemble.predict(new double[] {0.5}), 0.0);
    assertEquals(1.0, tree.ensemble.predict(new double[] {0.5000001}), 0.0);
    assertEquals(1.0, tree.ensemble.predict(new double[] {Double.NaN}), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tree.ensemble.predict(new double[] {1, 2}));
    assertEquals("expected 1 features, got 2", e.getMessage());
  }

  private static final class MllibFree {
    final TreeEnsemble ensemble = new TreeEnsemble(new TreeEnsemble.Tree[] {new TreeEnsemble.Tree(
        new int[] {0, -1, -1}, new double[] {0.5, 0, 0}, new int[] {1, -1, -1}, new int[] {2, -1, -1},
        new double[] {0, -1, 1})}, new double[] {1}, 1, 1);
  }

  private static void assertSame(java.util.function.Function<Vector, Double> mllib, TreeEnsemble ensemble) {
    double worst = 0;
    for (double[] x : points) {
      double expected = mllib.apply(Vectors.dense(x));
      double actual = ensemble.predict(x);
      worst = Math.max(worst, Math.abs(expected - actual) / Math.max(1, Math.abs(expected)));
    }
    // the same sums, possibly added in another order: agreement to rounding
    assertTrue(worst <= 1e-12, "largest relative difference " + worst);
  }
}
