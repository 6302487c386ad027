package io.recvalue.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.valuation.output.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Compares the Parquet outputs of two runs of the pipeline, table by table. A row is identified by
 * its columns that are not floating point (ids, indexes, timestamps, the method name); those must
 * match exactly, as must the row count and the schema. Floating-point columns (and arrays of them,
 * the factors) must agree to {@code tolerance} times the largest magnitude of that column in the
 * reference: different engines may add partial sums in another order, nothing more.
 */
public final class OutputComparison {
  /** Every table of a run, relative to its output folder. */
  public static final List<String> TABLES = List.of("ingest/train", "ingest/validation", "ingest/test",
      "ingest/user_index", "ingest/item_index", "ingest/quarantine", "train/user_factors",
      "train/item_factors", ValueLayout.relative(ValueLayout.INTERACTIONS), ValueLayout.relative(ValueLayout.ITEMS),
      ValueLayout.relative(ValueLayout.USERS));

  private OutputComparison() {}

  /**
   * Asserts that every table of {@code actual} equals the reference's and returns, per table, the
   * largest difference of a floating-point value relative to its column's scale.
   */
  public static Map<String, Double> assertSame(SparkSession spark, String reference, String actual,
      double tolerance) {
    Map<String, Double> worst = new LinkedHashMap<>();
    for (String table : TABLES) {
      worst.put(table, compare(spark, reference + "/" + table, actual + "/" + table, table, tolerance));
    }
    return worst;
  }

  static double compare(SparkSession spark, String refPath, String actPath, String table, double tolerance) {
    StructType schema = spark.read().parquet(refPath).schema();
    StructType actualSchema = spark.read().parquet(actPath).schema();
    assertEquals(schema.simpleString(), actualSchema.simpleString(), table + ": schema");
    List<Row> ref = spark.read().parquet(refPath).collectAsList();
    List<Row> act = spark.read().parquet(actPath).select(columns(schema)).collectAsList();
    assertEquals(ref.size(), act.size(), table + ": row count");

    List<Integer> keyFields = new ArrayList<>();
    List<Integer> numericFields = new ArrayList<>();
    StructField[] fields = schema.fields();
    for (int f = 0; f < fields.length; f++) {
      (isFloating(fields[f].dataType()) ? numericFields : keyFields).add(f);
    }
    Map<List<Object>, Row> actualByKey = index(act, keyFields, table);
    Map<List<Object>, Row> refByKey = index(ref, keyFields, table);

    double worst = 0;
    for (int f : numericFields) {
      double scale = 0;
      for (Row r : ref) {
        for (double v : doubles(r, f)) {
          scale = Math.max(scale, Math.abs(v));
        }
      }
      double maxDiff = 0;
      for (Map.Entry<List<Object>, Row> e : refByKey.entrySet()) {
        Row other = actualByKey.get(e.getKey());
        assertTrue(other != null, table + ": row " + e.getKey() + " of the reference is missing");
        double[] a = doubles(e.getValue(), f);
        double[] b = doubles(other, f);
        assertEquals(a.length, b.length, table + ": length of " + fields[f].name() + " at " + e.getKey());
        for (int n = 0; n < a.length; n++) {
          if (Double.isNaN(a[n]) || Double.isNaN(b[n])) {
            assertEquals(Double.isNaN(a[n]), Double.isNaN(b[n]), table + ": NaN in " + fields[f].name());
            continue;
          }
          maxDiff = Math.max(maxDiff, Math.abs(a[n] - b[n]));
        }
      }
      assertTrue(maxDiff <= tolerance * scale, table + "." + fields[f].name() + ": largest difference "
          + maxDiff + " exceeds " + tolerance + " x " + scale);
      worst = Math.max(worst, scale == 0 ? 0 : maxDiff / scale);
    }
    return worst;
  }

  private static org.apache.spark.sql.Column[] columns(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames()).map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  private static Map<List<Object>, Row> index(List<Row> rows, List<Integer> keyFields, String table) {
    Map<List<Object>, Row> byKey = new HashMap<>();
    for (Row r : rows) {
      List<Object> key = new ArrayList<>();
      for (int f : keyFields) {
        key.add(r.isNullAt(f) ? null : r.get(f));
      }
      Row previous = byKey.put(key, r);
      assertTrue(previous == null, table + ": two rows share the identifying columns " + key);
    }
    return byKey;
  }

  private static boolean isFloating(DataType t) {
    if (t instanceof ArrayType) {
      return isFloating(((ArrayType) t).elementType());
    }
    return t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType);
  }

  private static double[] doubles(Row r, int f) {
    if (r.isNullAt(f)) {
      return new double[] {Double.NaN};
    }
    Object v = r.get(f);
    if (v instanceof Number) {
      return new double[] {((Number) v).doubleValue()};
    }
    List<Object> list = r.getList(f);
    double[] out = new double[list.size()];
    for (int n = 0; n < out.length; n++) {
      out[n] = ((Number) list.get(n)).doubleValue();
    }
    return out;
  }
}
