package io.recvalue.explain.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.explain.surrogate.SurrogateFidelity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The surrogate's targets on Spark: the percentile rank lies in [0, 1], keeps the order of the values
 * (ties equal), equals the average ranks of {@link SurrogateFidelity#averageRanks} and does not depend
 * on partitioning or row order; asinh divides by the median |value|.
 */
@SparkTest
class ExplainTargetTest {
  private static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType)
      .add("value", DataTypes.DoubleType);
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  /** Heavy-tailed values with ties (a third of them rounded to a few levels, −0.0 and 0.0 among them). */
  private static List<Row> heavyTailed(int n) {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double v = Math.exp(3 * random.nextGaussian()) * (random.nextBoolean() ? 1 : -1);
      rows.add(RowFactory.create(i, i % 3 == 0 ? Math.rint(v / 5) : v));
    }
    return rows;
  }

  private static Map<Integer, Double> targets(ExplainTarget target, List<Row> rows, int partitions) {
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    Map<Integer, Double> out = new TreeMap<>();
    for (Row r : target.attach(df, "value", "target").collectAsList()) {
      out.put(r.getInt(0), r.getDouble(r.fieldIndex("target")));
    }
    return out;
  }

  @Test
  void theRankLiesInTheUnitIntervalKeepsTheOrderAndAveragesTies() {
    List<Row> rows = heavyTailed(300);
    Map<Integer, Double> rank = targets(ExplainTarget.VALUE_RANK, rows, 3);
    assertEquals(rows.size(), rank.size(), "one target per row");
    double[] values = rows.stream().mapToDouble(r -> r.getDouble(1)).toArray();
    double[] averageRanks = SurrogateFidelity.averageRanks(values);
    double min = 1;
    double max = 0;
    for (int i = 0; i < values.length; i++) {
      double ri = rank.get(i);
      assertTrue(ri >= 0 && ri <= 1, "rank " + ri);
      assertEquals((averageRanks[i] - 1) / (values.length - 1), ri, 1e-12);
      min = Math.min(min, ri);
      max = Math.max(max, ri);
      for (int j = 0; j < values.length; j++) {
        int byValue = values[i] < values[j] ? -1 : values[i] > values[j] ? 1 : 0;
        int byRank = Double.compare(ri, rank.get(j));
        assertEquals(byValue, byRank, "rows " + i + " and " + j + " in the order of their values");
      }
    }
    assertEquals(0.0, min, 0, "the smallest value ranks 0");
    assertEquals(1.0, max, 0, "the largest value ranks 1");
  }

  /** Three of five rows tie: (1.0, 2.0, 2.0, 2.0, 5.0) rank (0, ½, ½, ½, 1). */
  @Test
  void tiedValuesShareTheMeanOfTheirPlaces() {
    List<Row> rows = List.of(RowFactory.create(0, 2.0), RowFactory.create(1, 1.0), RowFactory.create(2, 2.0),
        RowFactory.create(3, 5.0), RowFactory.create(4, 2.0));
    assertEquals(Map.of(0, 0.5, 1, 0.0, 2, 0.5, 3, 1.0, 4, 0.5), targets(ExplainTarget.VALUE_RANK, rows, 2));
    assertEquals(Map.of(0, 0.5), targets(ExplainTarget.VALUE_RANK, List.of(RowFactory.create(0, 7.0)), 1),
        "a single row sits in the middle");
  }

  @Test
  void theRankDoesNotDependOnPartitioningOrRowOrder() {
    List<Row> rows = heavyTailed(200);
    List<Row> reversed = new ArrayList<>(rows);
    Collections.reverse(reversed);
    Map<Integer, Double> one = targets(ExplainTarget.VALUE_RANK, rows, 1);
    assertEquals(one, targets(ExplainTarget.VALUE_RANK, rows, 2));
    assertEquals(one, targets(ExplainTarget.VALUE_RANK, reversed, 7));
    assertEquals(targets(ExplainTarget.VALUE_ASINH, rows, 1), targets(ExplainTarget.VALUE_ASINH, reversed, 7));
  }

  /**
   * |(−4, −1, 0, 1, 2, 3, 8)| sorted is (0, 1, 1, 2, 3, 4, 8): the median is 2, so 8 becomes asinh(4)
   * and −4 asinh(−2). With a median of 0, (0, 0, 0, 3), the mean |value| 0.75 scales instead.
   */
  @Test
  void asinhScalesByTheMedianAbsoluteValue() {
    double[] v = {-4, -1, 0, 1, 2, 3, 8};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      rows.add(RowFactory.create(i, v[i]));
    }
    Map<Integer, Double> t = targets(ExplainTarget.VALUE_ASINH, rows, 2);
    for (int i = 0; i < v.length; i++) {
      assertEquals(asinh(v[i] / 2), t.get(i), 1e-12);
    }
    List<Row> mostlyZero = List.of(RowFactory.create(0, 0.0), RowFactory.create(1, 0.0), RowFactory.create(2, 0.0),
        RowFactory.create(3, 3.0));
    assertEquals(asinh(4), targets(ExplainTarget.VALUE_ASINH, mostlyZero, 1).get(3), 1e-12);
    assertEquals(3.0, targets(ExplainTarget.VALUE_SUM, mostlyZero, 1).get(3), 0, "value-sum leaves the value");
  }

  /** The rank of |value|: values of equal size share it whatever their sign, larger sizes rank higher. */
  @Test
  void theAbsoluteRankRanksTheSizeOfTheValue() {
    List<Row> rows = List.of(RowFactory.create(0, -3.0), RowFactory.create(1, 1.0), RowFactory.create(2, 3.0),
        RowFactory.create(3, 0.0), RowFactory.create(4, -1.0));
    // |v| = 3, 1, 3, 0, 1: ranks 4.5, 2.5, 4.5, 1, 2.5 of 5, as (r − 1) / 4
    assertEquals(Map.of(0, 0.875, 1, 0.375, 2, 0.875, 3, 0.0, 4, 0.375), targets(ExplainTarget.ABS_VALUE_RANK, rows, 2));
    assertEquals(targets(ExplainTarget.ABS_VALUE_RANK, rows, 1), targets(ExplainTarget.ABS_VALUE_RANK, rows, 3));
  }

  @Test
  void parsesTheConfiguredNamesOnly() {
    assertEquals(ExplainTarget.ABS_VALUE_RANK, ExplainTarget.parse("explain.target", "abs-value-rank"));
    assertEquals(ExplainTarget.VALUE_RANK, ExplainTarget.parse("explain.target", "value-rank"));
    assertEquals("value_mean", ExplainTarget.VALUE_MEAN.itemValueColumn());
    assertEquals("value_sum", ExplainTarget.VALUE_RANK.itemValueColumn());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExplainTarget.parse("explain.target", "rank"));
    assertEquals("explain.target must be one of value-rank, abs-value-rank, value-asinh, value-sum, value-mean, got 'rank'",
        e.getMessage());
  }

  private static double asinh(double x) {
    return Math.log(x + Math.sqrt(x * x + 1));
  }
}
