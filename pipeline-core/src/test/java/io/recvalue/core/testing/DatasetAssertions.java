package io.recvalue.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.holdenkarau.spark.testing.DataFrameSuiteBase$;
import com.holdenkarau.spark.testing.JavaRDDComparisons;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;
import scala.Tuple3;

/**
 * Comparisons of Spark tables for tests, on spark-testing-base: the same rows as a multiset (order
 * and partitioning ignored, as a partition-invariance check needs), and the same rows in a given
 * order with doubles within a tolerance.
 */
public final class DatasetAssertions {
  private DatasetAssertions() {}

  /** {@code expected} and {@code actual} hold the same rows, each as often, in any order. */
  public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(Arrays.asList(expected.columns()), Arrays.asList(actual.columns()), "columns");
    Option<Tuple3<Row, Integer, Integer>> diff = JavaRDDComparisons.compareRDD(expected.javaRDD(), actual.javaRDD());
    if (diff.isDefined()) {
      Tuple3<Row, Integer, Integer> d = diff.get();
      fail("row " + d._1() + " occurs " + d._2() + " times in the expected table and " + d._3()
          + " times in the actual one");
    }
  }

  /**
   * Ordered by {@code orderBy}, the two tables have the same rows, doubles equal within
   * {@code tolerance} (absolute), everything else exactly.
   */
  public static void assertRowsClose(Dataset<Row> expected, Dataset<Row> actual, double tolerance,
      String... orderBy) {
    assertEquals(Arrays.asList(expected.columns()), Arrays.asList(actual.columns()), "columns");
    List<Row> a = expected.orderBy(orderBy[0], Arrays.copyOfRange(orderBy, 1, orderBy.length)).collectAsList();
    List<Row> b = actual.orderBy(orderBy[0], Arrays.copyOfRange(orderBy, 1, orderBy.length)).collectAsList();
    assertEquals(a.size(), b.size(), "rows");
    for (int j = 0; j < a.size(); j++) {
      if (!DataFrameSuiteBase$.MODULE$.approxEquals(a.get(j), b.get(j), tolerance)) {
        fail("row " + j + " differs beyond " + tolerance + ": expected " + a.get(j) + ", got " + b.get(j));
      }
    }
  }
}
