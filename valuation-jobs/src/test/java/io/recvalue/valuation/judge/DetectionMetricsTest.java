package io.recvalue.valuation.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.data.InteractionColumns;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.output.ValueSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The detection metrics on Spark against the in-memory oracle {@link RocAuc}: MLlib's area under the
 * ROC curve with one bin per distinct score and the trapezoid rule equals the mid-rank (Mann–Whitney)
 * AUC, ties included (many ties, all values tied, {@code −0.0} beside {@code 0.0}, perfect and reversed
 * orders, one empty class), and the share among the lowest 20 % counted after a sort on Spark equals
 * the oracle's, ties broken by {@code (user_idx, item_idx)}.
 */
@SparkTest
class DetectionMetricsTest {
  private static final StructType SCHEMA = new StructType()
      .add(InteractionColumns.USER_IDX, DataTypes.IntegerType, false)
      .add(InteractionColumns.ITEM_IDX, DataTypes.IntegerType, false)
      .add(ValueSchemas.VALUE, DataTypes.DoubleType, false)
      .add(NoiseInjection.CORRUPTED, DataTypes.BooleanType, false);

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void aucAndShareEqualTheOracleWithTies() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int trial = 0; trial < 9; trial++) {
      int n = 2 + rnd.nextInt(80);
      double[] v = new double[n];
      boolean[] bad = new boolean[n];
      for (int t = 0; t < n; t++) {
        v[t] = trial % 3 == 0 ? rnd.nextGaussian() : rnd.nextInt(7) - 3; // two thirds of the trials: many ties
        bad[t] = rnd.nextDouble() < 0.3;
      }
      check("trial " + trial, v, bad, 1 + trial % 4);
    }
  }

  @Test
  void edgeCases() {
    double[] tied = {2, 2, 2, 2, 2};
    check("all tied", tied, new boolean[] {true, false, true, false, false}, 2);
    // one corrupted −0.0 and one clean 0.0 tie: (0.5 + 1 + 1 + 1) / 4
    assertEquals(0.875, check("signed zeros", new double[] {-0.0, 0.0, 1, -1}, new boolean[] {true, false, false, true}, 3),
        1e-15);
    double[] v = {-3, -2, -1, 0, 1, 2, 3, 4, 5, 6};
    boolean[] lowIsBad = {true, true, false, false, false, false, false, false, false, false};
    assertEquals(1.0, check("perfect", v, lowIsBad, 2), 0);
    boolean[] highIsBad = {false, false, false, false, false, false, false, false, true, true};
    assertEquals(0.0, check("reversed", v, highIsBad, 2), 0);
    assertTrue(Double.isNaN(check("no corrupted", v, new boolean[10], 2)));
    boolean[] allBad = new boolean[10];
    java.util.Arrays.fill(allBad, true);
    assertTrue(Double.isNaN(check("all corrupted", v, allBad, 2)));
  }

  /** Asserts agreement with the oracle and returns the AUC. Rows get user t / 10, item t % 10: index order. */
  private double check(String what, double[] v, boolean[] bad, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < v.length; t++) {
      rows.add(RowFactory.create(t / 10, t % 10, v[t], bad[t]));
    }
    Dataset<Row> valued = spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    DetectionMetrics.Counts counts = DetectionMetrics.counts(valued);
    assertEquals(v.length, counts.rows(), what);
    double expectedAuc = RocAuc.lowValueAuc(v, bad);
    double auc = DetectionMetrics.lowValueAuc(valued, counts);
    assertEquals(expectedAuc, auc, 1e-12, what + ": AUC");
    assertEquals(expectedAuc, DetectionMetrics.lowValueAuc(spark, v, bad), 1e-12, what + ": AUC of a local sample");
    assertEquals(RocAuc.shareInLowest(v, bad, 0.2), DetectionMetrics.shareInLowest(valued, 0.2, counts), 0.0,
        what + ": share in the lowest 20 %");
    return auc;
  }
}
