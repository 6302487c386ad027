package io.recvalue.explain.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.explain.features.ExplainTarget;
import io.recvalue.explain.features.FeatureTable;
import io.recvalue.explain.shapley.Regressor;
import io.recvalue.explain.shapley.StoppingRule;
import io.recvalue.explain.shapley.ShapleyEstimate;
import io.recvalue.explain.surrogate.TreeEnsemble;
import io.recvalue.explain.surrogate.TreeShapley;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shapley values on Spark: the same per row whatever the partitioning and order, a function of the
 * root seed, and for a planted linear model equal to the closed form {@code φ_j = w_j (x_j − mean z_j)}.
 */
@SparkTest
class DistributedShapleyTest {
  private static final int ROWS = 60;
  private static final int FEATURES = 6;
  private static final double[] W = {1.5, -2.0, 0.0, 0.75, 3.0, -0.5};
  private static SparkSession spark;
  private static List<Row> rows;

  @BeforeAll
  static void table() {
    spark = SparkTestSession.get();
    SplittableRandom r = new SplittableRandom(17);
    rows = new ArrayList<>();
    for (int n = 0; n < ROWS; n++) {
      List<Double> x = new ArrayList<>();
      for (int f = 0; f < FEATURES; f++) {
        x.add(r.nextDouble() * 2 - 1);
      }
      rows.add(RowFactory.create(n, "item-" + n, x, 0.0, (long) (n * 7919 + 13), n % 5 == 0));
    }
  }

  private static FeatureTable table(int partitions) {
    StructType schema = new StructType().add("item_idx", DataTypes.IntegerType).add("item_id", DataTypes.StringType)
        .add(FeatureTable.FEATURES, DataTypes.createArrayType(DataTypes.DoubleType))
        .add(FeatureTable.TARGET, DataTypes.DoubleType).add(FeatureTable.KEY_HASH, DataTypes.LongType)
        .add(FeatureTable.HELDOUT, DataTypes.BooleanType);
    List<Row> ordered = new ArrayList<>(rows);
    java.util.Collections.reverse(ordered);
    Dataset<Row> df = spark.createDataFrame(partitions % 2 == 0 ? ordered : rows, schema).repartition(partitions);
    List<String> names = new ArrayList<>();
    for (int f = 0; f < FEATURES; f++) {
      names.add("f" + f);
    }
    return new FeatureTable(df, List.of("item_idx", "item_id"), List.of(), names, "item", ExplainTarget.VALUE_SUM);
  }

  private static Regressor nonAdditive() {
    return x -> x[0] * x[1] + Math.max(x[2], x[3]) - x[4] * x[4] * x[5] + 0.3 * x[5];
  }

  private static Map<Integer, Row> explainByItem(int partitions, long seed, Regressor model, StoppingRule rule) {
    FeatureTable t = table(partitions);
    double[][] background = BackgroundSample.draw(t, 8, seed);
    Map<Integer, Row> out = new HashMap<>();
    for (Row r : DistributedShapley.explain(spark, t, model, background, rule, seed).collectAsList()) {
      out.put(r.getInt(0), r);
    }
    assertEquals(ROWS, out.size());
    return out;
  }

  @Test
  void resultsDoNotDependOnPartitioningOrRowOrder() {
    StoppingRule rule = new StoppingRule(0.02, 800);
    Map<Integer, Row> one = explainByItem(1, 99, nonAdditive(), rule);
    for (int partitions : new int[] {2, 7}) {
      Map<Integer, Row> other = explainByItem(partitions, 99, nonAdditive(), rule);
      for (int item = 0; item < ROWS; item++) {
        Row a = one.get(item);
        Row b = other.get(item);
        assertArrayEquals(doubles(a, DistributedShapley.PHI), doubles(b, DistributedShapley.PHI), 0.0);
        assertArrayEquals(doubles(a, DistributedShapley.SE), doubles(b, DistributedShapley.SE), 0.0);
        assertEquals(a.<Integer>getAs(DistributedShapley.PERMUTATIONS), b.<Integer>getAs(DistributedShapley.PERMUTATIONS));
      }
    }
  }

  /**
   * {@code exactTrees}: on Spark, every row gets exactly the local {@link TreeShapley} values, with
   * zero standard errors, on 1 and 7 partitions; a model without trees is refused.
   */
  @Test
  void exactTreeValuesOnSparkEqualTheLocalOnes() {
    TreeEnsemble.Tree stump = new TreeEnsemble.Tree(new int[] {0, 3, -1, -1, -1},
        new double[] {0.1, -0.2, 0, 0, 0}, new int[] {1, 3, -1, -1, -1}, new int[] {2, 4, -1, -1, -1},
        new double[] {0, 0, 2.0, -1.0, 0.5});
    TreeEnsemble.Tree other = new TreeEnsemble.Tree(new int[] {4, -1, 0, -1, -1},
        new double[] {0.3, 0, -0.5, 0, 0}, new int[] {1, -1, 3, -1, -1}, new int[] {2, -1, 4, -1, -1},
        new double[] {0, 1.5, 0, -2.0, 0.25});
    TreeEnsemble model = new TreeEnsemble(new TreeEnsemble.Tree[] {stump, other}, new double[] {1.0, 0.5}, 1,
        FEATURES);
    for (int partitions : new int[] {1, 7}) {
      FeatureTable t = table(partitions);
      double[][] background = BackgroundSample.draw(t, 8, 3);
      List<Row> out = DistributedShapley.explain(spark, t, model, background, new StoppingRule(0.01, 100), 3,
          true).collectAsList();
      assertEquals(ROWS, out.size());
      for (Row r : out) {
        ShapleyEstimate local = TreeShapley.of(model, doubles(r, FeatureTable.FEATURES), background);
        assertArrayEquals(local.phi(), doubles(r, DistributedShapley.PHI), 0.0);
        assertArrayEquals(new double[FEATURES], doubles(r, DistributedShapley.SE), 0.0);
        assertEquals(0, r.<Integer>getAs(DistributedShapley.PERMUTATIONS));
      }
    }
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> DistributedShapley.explain(spark, table(1), nonAdditive(), new double[][] {new double[FEATURES]},
            new StoppingRule(0.01, 100), 3, true));
    assertTrue(e.getMessage().startsWith("explain.shapley = tree needs a tree-ensemble surrogate"), e.getMessage());
  }

  @Test
  void anotherRootSeedGivesOtherSamplesOfTheSameValues() {
    StoppingRule rule = new StoppingRule(0.02, 800);
    Map<Integer, Row> a = explainByItem(3, 99, nonAdditive(), rule);
    Map<Integer, Row> b = explainByItem(3, 100, nonAdditive(), rule);
    Map<Integer, Row> again = explainByItem(3, 99, nonAdditive(), rule);
    int differing = 0;
    for (int item = 0; item < ROWS; item++) {
      assertArrayEquals(doubles(a.get(item), DistributedShapley.PHI), doubles(again.get(item), DistributedShapley.PHI), 0.0);
      if (!java.util.Arrays.equals(doubles(a.get(item), DistributedShapley.PHI), doubles(b.get(item), DistributedShapley.PHI))) {
        differing++;
      }
    }
    assertEquals(ROWS, differing, "a different root seed must change every row's samples");
  }

  @Test
  void aPlantedLinearModelGetsTheClosedFormOnEveryRow() {
    Regressor linear = x -> {
      double s = -1.0;
      for (int j = 0; j < W.length; j++) {
        s += W[j] * x[j];
      }
      return s;
    };
    FeatureTable t = table(4);
    double[][] background = BackgroundSample.draw(t, 10, 5);
    double[] mean = new double[FEATURES];
    for (double[] z : background) {
      for (int j = 0; j < FEATURES; j++) {
        mean[j] += z[j] / background.length;
      }
    }
    List<Row> out = DistributedShapley.explain(spark, t, linear, background, new StoppingRule(0.01, 100), 5)
        .collectAsList();
    assertEquals(ROWS, out.size());
    for (Row r : out) {
      double[] x = doubles(r, FeatureTable.FEATURES);
      double[] expected = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        expected[j] = W[j] * (x[j] - mean[j]);
      }
      assertArrayEquals(expected, doubles(r, DistributedShapley.PHI), 1e-12);
      double sum = java.util.Arrays.stream(doubles(r, DistributedShapley.PHI)).sum();
      assertEquals(r.<Double>getAs(DistributedShapley.PREDICTION) - r.<Double>getAs(DistributedShapley.BASE_VALUE), sum, 1e-12);
    }
  }

  @Test
  void theBackgroundSampleDoesNotDependOnPartitioning() {
    double[][] a = BackgroundSample.draw(table(1), 12, 3);
    double[][] b = BackgroundSample.draw(table(5), 12, 3);
    assertEquals(12, a.length);
    for (int k = 0; k < a.length; k++) {
      assertArrayEquals(a[k], b[k], 0.0);
    }
    double[][] other = BackgroundSample.draw(table(1), 12, 4);
    assertTrue(!java.util.Arrays.deepEquals(a, other), "another seed draws another sample");
    assertEquals(ROWS, BackgroundSample.draw(table(2), 500, 3).length);
  }

  private static double[] doubles(Row r, String column) {
    List<Double> v = r.getList(r.fieldIndex(column));
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
