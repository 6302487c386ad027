package io.recvalue.engines;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.testing.TestData;
import io.recvalue.valuation.output.ValueLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Reads the reference run's outputs with readers that share no code with Spark or Arrow Java —
 * DuckDB for the Parquet tables, Arrow JS for the {@code .arrow} files (npm packages pinned in
 * {@code src/test/resources/independent-reader/package.json}, installed under {@code target/}) —
 * and checks them against what Spark reads: row counts and column types of every table, the
 * highest and lowest values with their ids, the sum of values, and every row of both Arrow files
 * against the Parquet aggregates. Skipped, saying why, where Node.js or npm (or the npm registry)
 * is unavailable.
 */
@SparkTest
class IndependentReaderIT {
  private static final String VALUES = ValueLayout.relative(ValueLayout.INTERACTIONS);
  private static final String ITEMS = ValueLayout.relative(ValueLayout.ITEMS);
  private static final String USERS = ValueLayout.relative(ValueLayout.USERS);
  private static final String ITEMS_ARROW = ValueLayout.relative(ValueLayout.ITEMS_ARROW);
  private static final String USERS_ARROW = ValueLayout.relative(ValueLayout.USERS_ARROW);
  private static final List<String> TABLES = List.of(VALUES, ITEMS, USERS,
      "ingest/train", "ingest/validation", "ingest/test", "train/user_factors", "train/item_factors");

  @Test
  void duckDbAndArrowJsReadWhatJavaWrote() throws Exception {
    Path reader = installReader();
    Path out = LocalReference.output();
    List<String> cmd = new ArrayList<>(List.of("node", reader.resolve("reader.mjs").toString(), out.toString(), VALUES,
        ITEMS_ARROW + "," + USERS_ARROW));
    cmd.addAll(TABLES);
    Processes.Result r = Processes.run(cmd, Map.of(), reader, reader.resolve("read.log"), Duration.ofMinutes(3));
    assertEquals(0, r.exitCode(), r.output());
    String json = r.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
    JsonNode read = new ObjectMapper().readTree(json);
    System.out.println("independent reader: DuckDB " + read.get("duckdb_version").asText());

    SparkSession spark = SparkTestSession.get();
    for (String table : TABLES) {
      Dataset<Row> t = spark.read().parquet(out.resolve(table).toString());
      JsonNode seen = read.at("/parquet/" + pointer(table));
      assertEquals(t.count(), seen.get("rows").asLong(), table + ": rows");
      List<String> expected = new ArrayList<>();
      for (StructField f : t.schema().fields()) {
        expected.add(f.name() + ":" + duckDbType(f.dataType()));
      }
      List<String> columns = new ArrayList<>();
      seen.get("columns").forEach(c -> columns.add(c.asText()));
      assertEquals(expected, columns, table + ": columns");
    }

    Dataset<Row> values = spark.read().parquet(out.resolve(VALUES).toString());
    assertExtremes(values.orderBy(col("value").desc(), col("user_id"), col("item_id")), read.get("values_highest"));
    assertExtremes(values.orderBy(col("value").asc(), col("user_id"), col("item_id")), read.get("values_lowest"));
    double javaSum = values.agg(sum("value")).first().getDouble(0);
    double scale = values.selectExpr("sum(abs(value))").first().getDouble(0);
    assertEquals(javaSum, read.get("values_sum").asDouble(), 1e-12 * scale, "sum of values");

    assertArrowEqualsParquet(spark, out, ITEMS, ITEMS_ARROW, "item_idx", read.at("/arrow/" + pointer(ITEMS_ARROW)));
    assertArrowEqualsParquet(spark, out, USERS, USERS_ARROW, "user_idx", read.at("/arrow/" + pointer(USERS_ARROW)));
  }

  /** A key as a JSON pointer segment ({@code /} written {@code ~1}). */
  private static String pointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static void assertExtremes(Dataset<Row> ordered, JsonNode seen) {
    List<Row> rows = ordered.select("user_id", "item_id", "value").limit(5).collectAsList();
    assertEquals(rows.size(), seen.size());
    for (int n = 0; n < rows.size(); n++) {
      JsonNode s = seen.get(n);
      assertEquals(String.valueOf(rows.get(n).get(0)), s.get("user_id").asText());
      assertEquals(String.valueOf(rows.get(n).get(1)), s.get("item_id").asText());
      assertEquals(rows.get(n).getDouble(2), s.get("value").asDouble(), 0.0, "the same double, bit for bit");
    }
  }

  /**
   * Every row of the Arrow file equals the Parquet table's row with the same key: counts and ids
   * exactly, sums and means to 1e-12 of the column's scale (both files are written from the same
   * aggregation, evaluated twice).
   */
  private static void assertArrowEqualsParquet(SparkSession spark, Path out, String table, String name, String key,
      JsonNode arrow) {
    Dataset<Row> parquet = spark.read().parquet(out.resolve(table).toString());
    assertEquals(parquet.count(), arrow.get("rows").asLong(), name + ": rows");
    List<String> fields = new ArrayList<>();
    arrow.get("fields").forEach(f -> fields.add(f.asText()));
    List<String> expected = new ArrayList<>();
    for (StructField f : parquet.schema().fields()) {
      expected.add(f.name() + ":" + arrowType(f.dataType()));
    }
    assertEquals(expected, fields, name + ": fields");

    Map<Integer, JsonNode> byKey = new HashMap<>();
    arrow.get("data").forEach(row -> byKey.put(row.get(key).asInt(), row));
    assertEquals(arrow.get("rows").asInt(), byKey.size(), name + ": keys are unique");
    String[] names = parquet.schema().fieldNames();
    List<Row> rows = parquet.collectAsList();
    for (int f = 0; f < names.length; f++) {
      boolean floating = parquet.schema().fields()[f].dataType().equals(DataTypes.DoubleType);
      double scale = 0;
      for (Row row : rows) {
        scale = floating && !row.isNullAt(f) ? Math.max(scale, Math.abs(row.getDouble(f))) : scale;
      }
      for (Row row : rows) {
        JsonNode a = byKey.get(row.getInt(row.fieldIndex(key)));
        assertTrue(a != null, name + " lacks " + key + " " + row.getInt(row.fieldIndex(key)));
        String where = name + " " + key + "=" + row.getInt(row.fieldIndex(key)) + " " + names[f];
        if (row.isNullAt(f)) {
          assertTrue(a.get(names[f]).isNull(), where);
        } else if (floating) {
          assertEquals(row.getDouble(f), a.get(names[f]).asDouble(), 1e-12 * scale, where);
        } else {
          assertEquals(String.valueOf(row.get(f)), a.get(names[f]).asText(), where);
        }
      }
    }
  }

  private static String duckDbType(DataType t) {
    if (t.equals(DataTypes.IntegerType)) {
      return "INTEGER";
    } else if (t.equals(DataTypes.LongType)) {
      return "BIGINT";
    } else if (t.equals(DataTypes.DoubleType)) {
      return "DOUBLE";
    } else if (t.equals(DataTypes.StringType)) {
      return "VARCHAR";
    } else if (t.equals(DataTypes.createArrayType(DataTypes.DoubleType))
        || t.equals(DataTypes.createArrayType(DataTypes.DoubleType, false))) {
      return "DOUBLE[]";
    }
    return t.simpleString();
  }

  private static String arrowType(DataType t) {
    if (t.equals(DataTypes.IntegerType)) {
      return "Int32";
    } else if (t.equals(DataTypes.LongType)) {
      return "Int64";
    } else if (t.equals(DataTypes.DoubleType)) {
      return "Float64";
    } else if (t.equals(DataTypes.StringType)) {
      return "Utf8";
    }
    return t.simpleString();
  }

  /**
   * Copies the reader script to {@code deploy/target/independent-reader} and installs its pinned npm
   * packages there (once; later runs reuse them). Skips the test when node or npm is missing or
   * the install fails.
   */
  static Path installReader() throws IOException, InterruptedException {
    Path dir = TestData.projectRoot().resolve("deploy/target/independent-reader");
    Files.createDirectories(dir);
    for (String f : List.of("package.json", "reader.mjs")) {
      try (InputStream in = IndependentReaderIT.class.getResourceAsStream("/independent-reader/" + f)) {
        Files.copy(in, dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (String tool : List.of("node", "npm")) {
      try {
        Processes.Result v = Processes.run(List.of(tool, "--version"), Map.of(), dir, dir.resolve(tool + ".log"),
            Duration.ofMinutes(1));
        Assumptions.assumeTrue(v.exitCode() == 0, tool + " does not run; skipping the independent reader: " + v.output());
      } catch (IOException e) {
        Assumptions.abort(tool + " is not installed; skipping the independent reader (" + e.getMessage() + ")");
      }
    }
    if (!Files.isDirectory(dir.resolve("node_modules/@duckdb/node-api"))
        || !Files.isDirectory(dir.resolve("node_modules/apache-arrow"))) {
      Processes.Result install = Processes.run(
          List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"),
          Map.of(), dir, dir.resolve("npm-install.log"), Duration.ofMinutes(5));
      Assumptions.assumeTrue(install.exitCode() == 0,
          "npm install of DuckDB and Arrow JS failed (no registry?); skipping the independent reader:\n"
              + install.output());
    }
    return dir;
  }
}
