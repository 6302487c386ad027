package io.recvalue.valuation.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.util.Text;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aggregates by hand-computed numbers, exact schemas, and Arrow files that read back equal. */
@SparkTest
class ValueOutputTest {
  private final SparkSession spark = SparkTestSession.get();

  /** Item 0: values 1, −2, 4; item 1: −1; item 2: 0.5, 0.5 (users 0..2). */
  private Dataset<Row> values() {
    double[][] rows = {{0, 0, 1}, {1, 0, -2}, {2, 0, 4}, {0, 1, -1}, {1, 2, 0.5}, {2, 2, 0.5}};
    List<Row> out = new ArrayList<>();
    for (double[] r : rows) {
      out.add(RowFactory.create((int) r[0], (int) r[1], 3.0, 1.0, (long) r[0] * 10, r[2],
          "influence"));
    }
    return spark.createDataFrame(out, ValueSchemas.VALUES).repartition(3);
  }

  @Test
  void itemAndUserAggregatesHaveExactSchemasAndNumbers() {
    Dataset<Row> items = ValueAggregation.itemValues(values()).orderBy("item_idx");
    assertEquals(ValueSchemas.aggregate("item_idx").simpleString(),
        nonNullable(items.schema()).simpleString());
    assertEquals("[item_idx, interaction_count, value_count, value_sum, value_mean, "
        + "negative_share]", List.of(items.columns()).toString());
    List<Row> r = items.collectAsList();
    assertEquals(3, r.size());
    assertRow(r.get(0), 0, 3, 3.0, 1.0, 1.0 / 3);
    assertRow(r.get(1), 1, 1, -1.0, -1.0, 1.0);
    assertRow(r.get(2), 2, 2, 1.0, 0.5, 0.0);
    List<Row> u = ValueAggregation.userValues(values()).orderBy("user_idx").collectAsList();
    assertRow(u.get(0), 0, 2, 0.0, 0.0, 0.5);
    assertRow(u.get(1), 1, 2, -1.5, -0.75, 0.5);
    assertRow(u.get(2), 2, 2, 4.5, 2.25, 0.0);
  }

  @Test
  void arrowFileReadsBackEqualToParquet(@TempDir Path dir) throws IOException {
    Dataset<Row> ids = spark.createDataFrame(List.of(RowFactory.create(0, "tt0111161", 111161L),
        RowFactory.create(1, "tt0068646", 68646L), RowFactory.create(2, null, 3L)),
        new StructType().add("item_idx", DataTypes.IntegerType)
            .add("item_id", DataTypes.StringType).add("imdb", DataTypes.LongType));
    Dataset<Row> items = ValueAggregation.itemValues(values()).join(ids, "item_idx")
        .orderBy("item_idx");
    Path stage = dir.resolve(ValueLayout.DIR);
    ValueWriters.writeAll(values(), items, ValueAggregation.userValues(values()), stage.toString(),
        spark.sparkContext().hadoopConfiguration(), table -> { });
    ArrowTableWriter.write(items, dir.resolve("small_batches.arrow"), 2);
    assertEquals(List.of("interactions", "items", "items.arrow", "users", "users.arrow"), visibleEntries(stage));
    List<Row> parquet = spark.read().parquet(stage.resolve("items").toString())
        .orderBy("item_idx").collectAsList();
    for (Path f : new Path[] {stage.resolve("items.arrow"), dir.resolve("small_batches.arrow")}) {
      List<List<Object>> arrow = readArrow(f, items.columns());
      assertEquals(parquet.size(), arrow.size());
      for (int t = 0; t < parquet.size(); t++) {
        for (int c = 0; c < items.columns().length; c++) {
          Object expected = parquet.get(t).get(parquet.get(t).fieldIndex(items.columns()[c]));
          assertEquals(expected, arrow.get(t).get(c), f + " row " + t + " column " + c);
        }
      }
    }
    assertNull(readArrow(stage.resolve("items.arrow"), items.columns()).get(2).get(6));
    assertEquals(3, readArrow(stage.resolve("users.arrow"), ValueAggregation.userValues(values()).columns()).size());
    assertEquals(6, spark.read().parquet(stage.resolve("interactions").toString()).count());
    assertEquals(ValueSchemas.VALUES.fieldNames().length,
        spark.read().parquet(stage.resolve("interactions").toString()).columns().length);
  }

  /** The names in a folder that are not hidden (checksums, markers), sorted. */
  private static List<String> visibleEntries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.startsWith("_")).sorted()
          .toList();
    }
  }

  @Test
  void unsupportedColumnTypeIsNamed(@TempDir Path dir) {
    Dataset<Row> t = spark.sql("select 1 as id, array(1.0) as f");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ArrowTableWriter.write(t, dir.resolve("x.arrow"), 10));
    assertTrue(e.getMessage().contains("column f"), e.getMessage());
  }

  private static List<List<Object>> readArrow(Path file, String[] columns) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    try (BufferAllocator a = new RootAllocator();
        FileInputStream in = new FileInputStream(file.toFile());
        ArrowFileReader reader = new ArrowFileReader(in.getChannel(), a)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertEquals(List.of(columns).toString(), root.getSchema().getFields().stream()
          .map(f -> f.getName()).toList().toString());
      for (ArrowBlock block : reader.getRecordBlocks()) {
        reader.loadRecordBatch(block);
        for (int t = 0; t < root.getRowCount(); t++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector v : root.getFieldVectors()) {
            Object o = v.getObject(t);
            row.add(o instanceof Text txt ? txt.toString() : o);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static void assertRow(Row r, int key, long count, double sum, double mean,
      double negShare) {
    assertEquals(key, r.getInt(0));
    assertEquals(count, r.getLong(1));
    assertEquals(count, r.getLong(2));
    assertEquals(sum, r.getDouble(3), 1e-15);
    assertEquals(mean, r.getDouble(4), 1e-15);
    assertEquals(negShare, r.getDouble(5), 1e-15);
  }

  private static StructType nonNullable(StructType s) {
    StructType out = new StructType();
    for (var f : s.fields()) {
      boolean keyOrCount = !f.dataType().equals(DataTypes.DoubleType);
      out = out.add(f.name(), f.dataType(), !keyOrCount);
    }
    return out;
  }
}
