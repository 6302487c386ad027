package io.recvalue.valuation.output;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Writes a small table (one row per item or user) as one Arrow IPC file, streaming it from
 * {@link Dataset#toLocalIterator()} (one partition at a time on the driver, never the whole table)
 * into record batches of at most {@code batchRows} rows. Supported column types: int, long,
 * double, string, each nullable.
 */
public final class ArrowTableWriter {
  private ArrowTableWriter() {}

  /**
   * Writes {@code table} to {@code file} on any Hadoop filesystem (replacing it): written to a local
   * temporary file, then copied.
   */
  public static void write(Dataset<Row> table, org.apache.hadoop.fs.Path file, int batchRows, Configuration hadoop)
      throws IOException {
    Path local = Files.createTempFile("recvalue-", "-" + file.getName());
    try {
      write(table, local, batchRows);
      file.getFileSystem(hadoop).copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), file);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  /** Writes {@code table} to the local {@code file} (replacing it). */
  public static void write(Dataset<Row> table, Path file, int batchRows) throws IOException {
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be >= 1, got " + batchRows);
    }
    StructField[] fields = table.schema().fields();
    Schema schema = arrowSchema(fields);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        FileOutputStream out = new FileOutputStream(file.toFile());
        ArrowFileWriter writer = new ArrowFileWriter(root, null, out.getChannel())) {
      writer.start();
      Iterator<Row> rows = table.toLocalIterator();
      while (rows.hasNext()) {
        root.allocateNew();
        int n = 0;
        while (n < batchRows && rows.hasNext()) {
          Row r = rows.next();
          for (int c = 0; c < fields.length; c++) {
            set(root.getVector(c), n, r, c);
          }
          n++;
        }
        root.setRowCount(n);
        writer.writeBatch();
      }
      writer.end();
    }
  }

  /** The Arrow schema of a Spark schema (int, long, double, string columns). */
  public static Schema arrowSchema(StructField[] fields) {
    List<Field> out = new ArrayList<>();
    for (StructField f : fields) {
      out.add(new Field(f.name(), new FieldType(true, arrowType(f), null), null));
    }
    return new Schema(out);
  }

  private static ArrowType arrowType(StructField f) {
    DataType t = f.dataType();
    if (t.equals(DataTypes.IntegerType)) {
      return new ArrowType.Int(32, true);
    }
    if (t.equals(DataTypes.LongType)) {
      return new ArrowType.Int(64, true);
    }
    if (t.equals(DataTypes.DoubleType)) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    }
    if (t.equals(DataTypes.StringType)) {
      return new ArrowType.Utf8();
    }
    throw new IllegalArgumentException("column " + f.name() + " has type " + t.simpleString()
        + "; the Arrow writer supports int, bigint, double and string");
  }

  private static void set(FieldVector v, int index, Row r, int c) {
    if (r.isNullAt(c)) {
      v.setNull(index);
    } else if (v instanceof IntVector iv) {
      iv.setSafe(index, r.getInt(c));
    } else if (v instanceof BigIntVector bv) {
      bv.setSafe(index, r.getLong(c));
    } else if (v instanceof Float8Vector dv) {
      dv.setSafe(index, r.getDouble(c));
    } else {
      ((VarCharVector) v).setSafe(index, r.getString(c).getBytes(StandardCharsets.UTF_8));
    }
  }
}
