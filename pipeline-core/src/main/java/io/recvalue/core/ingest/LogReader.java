package io.recvalue.core.ingest;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the resolved input files as they are, adding the source file of every row.
 *
 * <p>CSV is read with every column as a string (no type inference), so that validation sees the exact
 * text: the header row gives the column names; leading and trailing blanks of each field are dropped
 * and an empty field is null; quoting follows RFC 4180 ({@code "} quotes, {@code ""} inside quotes).
 * A line with more or fewer fields than the header is kept and flagged (column {@link #CORRUPT}) so
 * that validation quarantines it as {@code malformed_row}. Every file must have the same header (Spark renames repeated names by appending
 * their position).
 * Parquet is read with its own types (schemas of several files are merged).
 */
final class LogReader {
  /** Internal column: the file a row came from ({@code input_file_name()}). */
  static final String SOURCE_FILE = "__source_file";
  /** Internal column: the raw line of a CSV row whose field count differs from the header, else null. */
  static final String CORRUPT = "__corrupt_record";
  /**
   * Internal column: a number that increases along each file (Spark's
   * {@code monotonically_increasing_id()} taken at the scan), so that "the first bad row of a file"
   * is well defined for messages.
   */
  static final String ROW_ID = "__row_id";

  private LogReader() {}

  /** The raw rows, with {@link #SOURCE_FILE}, {@link #ROW_ID} and, for CSV, {@link #CORRUPT}. */
  static Dataset<Row> read(SparkSession spark, InputResolver.ResolvedInput in, IngestSettings s) {
    String[] files = in.files().toArray(new String[0]);
    try {
      Dataset<Row> raw =
          in.format() == InputFormat.PARQUET
              ? spark.read().option("mergeSchema", "true").parquet(files)
              : readCsv(spark, in, s, files);
      return raw.withColumn(SOURCE_FILE, functions.input_file_name())
          .withColumn(ROW_ID, functions.monotonically_increasing_id());
    } catch (IngestException e) {
      throw e;
    } catch (RuntimeException e) {
      throw IngestException.badInput("cannot read input " + in.describe() + " as "
          + in.format() + ": " + e.getMessage(), e);
    }
  }

  private static Dataset<Row> readCsv(
      SparkSession spark, InputResolver.ResolvedInput in, IngestSettings s, String[] files) {
    StructType header = csvReader(spark, s).csv(files).schema();
    if (header.fields().length == 0) {
      throw IngestException.badInput("input " + in.describe()
          + " is empty: no header and no rows");
    }
    StructType withCorrupt = header.add(CORRUPT, DataTypes.StringType, true);
    return csvReader(spark, s)
        .schema(withCorrupt)
        .option("enforceSchema", "false")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .csv(files);
  }

  private static DataFrameReader csvReader(SparkSession spark, IngestSettings s) {
    Map<String, String> o = new HashMap<>();
    o.put("header", "true");
    o.put("inferSchema", "false");
    o.put("sep", s.csvDelimiter());
    o.put("quote", "\"");
    o.put("escape", "\"");
    o.put("mode", "PERMISSIVE");
    o.put("ignoreLeadingWhiteSpace", "true");
    o.put("ignoreTrailingWhiteSpace", "true");
    o.put("encoding", "UTF-8");
    return spark.read().options(o);
  }
}
