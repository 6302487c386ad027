package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * An interaction log read as it is, to be written back in its own format with some rows left out
 * ({@code recvalue prune}).
 *
 * <p>CSV is read as text lines, so a written line is byte for byte the line that was read (quoting,
 * blanks, extra columns and all; line ends become {@code \n}); the first line of each file is its
 * header, and every file must have the same header. The user and item id of each line are parsed
 * from it as ingest parses them ({@link CsvLine}), as text. Fully blank lines are not rows (ingest
 * skips them too) and are left out, and counted. Parquet is read with its own schema and written back
 * with the same column names and types (Spark marks every written column nullable); the ids are
 * compared as text ({@code 7} and {@code 7L} match).
 *
 * <p>Every row carries {@link #FILE} and {@link #POS} (its position along its file), so the written
 * log keeps the input order: files in name order, rows in file order. Part files are named
 * {@code part-NNNNN.csv} (plus {@code .gz} or {@code .bz2} when the input files were compressed so)
 * or {@code part-NNNNN.parquet}; every CSV part file starts with the header.
 */
public final class RawLog {
  public static final String FILE = "__file";
  public static final String POS = "__pos";
  public static final String LINE = "__line";
  public static final String USER_KEY = "__user_key";
  public static final String ITEM_KEY = "__item_key";
  private static final Pattern PART = Pattern.compile("part-(\\d+)-.*");

  private final InputFormat format;
  private final List<String> files;
  private final String header;
  private final Dataset<Row> rows;
  private final long blankLines;

  private RawLog(InputFormat format, List<String> files, String header, Dataset<Row> rows, long blankLines) {
    this.format = format;
    this.files = files;
    this.header = header;
    this.rows = rows;
    this.blankLines = blankLines;
  }

  /**
   * Reads the log at {@code inputPath} with the ingest settings' format, delimiter and id columns.
   *
   * @throws IngestException when the input is missing or unreadable, its files have different
   *     headers, or an id column is missing
   */
  public static RawLog read(SparkSession spark, IngestSettings s, String inputPath) {
    InputResolver.ResolvedInput in = InputResolver.resolve(spark, inputPath, s.format());
    String[] files = in.files().toArray(new String[0]);
    if (in.format() == InputFormat.PARQUET) {
      Dataset<Row> p = spark.read().option("mergeSchema", "true").parquet(files);
      for (String c : List.of(s.userColumn(), s.itemColumn())) {
        if (!Arrays.asList(p.columns()).contains(c)) {
          throw IngestException.badInput("input " + in.describe() + " has no column '" + c
              + "'; its columns are " + Arrays.toString(p.columns()));
        }
      }
      Dataset<Row> rows = p.withColumn(FILE, functions.input_file_name())
          .withColumn(POS, functions.monotonically_increasing_id())
          .withColumn(USER_KEY, p.col(quote(s.userColumn())).cast(DataTypes.StringType))
          .withColumn(ITEM_KEY, p.col(quote(s.itemColumn())).cast(DataTypes.StringType));
      return new RawLog(InputFormat.PARQUET, in.files(), null, rows, 0);
    }
    Dataset<Row> lines = spark.read().text(files).withColumnRenamed("value", LINE)
        .withColumn(FILE, functions.input_file_name())
        .withColumn(POS, functions.monotonically_increasing_id());
    Dataset<Row> firsts = lines.groupBy(FILE).agg(min(POS).as(POS));
    List<Row> headers = lines.join(firsts, scalaSeq(FILE, POS)).select(FILE, LINE).collectAsList();
    if (headers.isEmpty()) {
      throw IngestException.badInput("input " + in.describe() + " is empty: no header and no rows");
    }
    String header = headers.get(0).getString(1);
    for (Row h : headers) {
      if (!h.getString(1).equals(header)) {
        throw IngestException.badInput("input " + in.describe() + ": file '" + h.getString(0)
            + "' has the header '" + h.getString(1) + "', not '" + header + "' like the others");
      }
    }
    char delimiter = s.csvDelimiter().charAt(0);
    List<String> names = CsvLine.fields(header, delimiter);
    int user = indexOf(names, s.userColumn(), in);
    int item = indexOf(names, s.itemColumn(), in);
    UserDefinedFunction blank = functions.udf((UDF1<String, Boolean>) l -> l.trim().isEmpty(), DataTypes.BooleanType);
    Dataset<Row> data = lines.join(firsts, scalaSeq(FILE, POS), "left_anti");
    long blanks = data.filter(blank.apply(col(LINE))).count();
    Dataset<Row> rows = data.filter(functions.not(blank.apply(col(LINE))))
        .withColumn(USER_KEY, field(delimiter, user).apply(col(LINE)))
        .withColumn(ITEM_KEY, field(delimiter, item).apply(col(LINE)));
    return new RawLog(InputFormat.CSV, in.files(), header, rows, blanks);
  }

  /** The rows: the input's columns (Parquet) or {@link #LINE} (CSV), with {@link #FILE}, {@link #POS}, {@link #USER_KEY}, {@link #ITEM_KEY}. */
  public Dataset<Row> rows() {
    return rows;
  }

  public InputFormat format() {
    return format;
  }

  public List<String> files() {
    return files;
  }

  /** Blank CSV lines left out (not rows). */
  public long blankLines() {
    return blankLines;
  }

  /**
   * The user-facing columns of some rows: CSV {@code user_id, item_id, source_file, line}; Parquet
   * the input's columns and {@code source_file}; then any column the caller added.
   */
  public Dataset<Row> describe(Dataset<Row> subset) {
    if (format == InputFormat.CSV) {
      List<org.apache.spark.sql.Column> cols = new ArrayList<>(List.of(col(USER_KEY).as("user_id"),
          col(ITEM_KEY).as("item_id"), col(FILE).as("source_file"), col(LINE).as("line")));
      for (String c : subset.columns()) {
        if (!List.of(LINE, FILE, POS, USER_KEY, ITEM_KEY).contains(c)) {
          cols.add(col(c));
        }
      }
      return subset.select(cols.toArray(new org.apache.spark.sql.Column[0]));
    }
    return subset.withColumn("source_file", col(FILE)).drop(FILE, POS, USER_KEY, ITEM_KEY);
  }

  /**
   * Writes {@code subset} (rows of {@link #rows()}) to the folder {@code dir} in the input's format,
   * in input order, in as many part files as the input has files; returns the part file names.
   */
  public List<String> write(SparkSession spark, Dataset<Row> subset, String dir) throws IOException {
    int parts = Math.max(1, files.size());
    Dataset<Row> ordered = subset.repartitionByRange(parts, col(FILE), col(POS)).sortWithinPartitions(FILE, POS);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String suffix;
    if (format == InputFormat.PARQUET) {
      ordered.drop(FILE, POS, USER_KEY, ITEM_KEY).write().parquet(dir);
      suffix = ".parquet";
    } else {
      String codec = compression();
      suffix = ".csv" + (codec.equals("gzip") ? ".gz" : codec.equals("bzip2") ? ".bz2" : "");
      String head = header;
      ordered.select(LINE).as(Encoders.STRING())
          .mapPartitions((MapPartitionsFunction<String, String>) it -> withHeader(head, it), Encoders.STRING())
          .write().option("compression", codec).text(dir);
    }
    List<String> names = renameParts(new Path(dir), suffix, hadoop);
    if (names.isEmpty() && format == InputFormat.CSV) {
      names.add(writeHeaderOnly(new Path(dir, "part-00000" + suffix), hadoop));
    }
    return names;
  }

  /** gzip or bzip2 when every input file has that extension, else none. */
  String compression() {
    String first = files.get(0).toLowerCase(Locale.ROOT);
    String codec = first.endsWith(".gz") ? "gzip" : first.endsWith(".bz2") ? "bzip2" : "none";
    String ext = codec.equals("gzip") ? ".gz" : ".bz2";
    return !codec.equals("none") && files.stream().allMatch(f -> f.toLowerCase(Locale.ROOT).endsWith(ext)) ? codec : "none";
  }

  private String writeHeaderOnly(Path file, Configuration hadoop) throws IOException {
    FileSystem fs = file.getFileSystem(hadoop);
    OutputStream raw = fs.create(file, true);
    try (OutputStream os = compression().equals("gzip") ? new java.util.zip.GZIPOutputStream(raw) : raw) {
      if (compression().equals("bzip2")) {
        throw new IOException("cannot write an empty bzip2 log " + file);
      }
      os.write((header + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return file.getName();
  }

  private static Iterator<String> withHeader(String header, Iterator<String> lines) {
    if (!lines.hasNext()) {
      return lines;
    }
    return new Iterator<>() {
      private boolean headerDone;

      @Override
      public boolean hasNext() {
        return !headerDone || lines.hasNext();
      }

      @Override
      public String next() {
        if (!headerDone) {
          headerDone = true;
          return header;
        }
        return lines.next();
      }
    };
  }

  private static List<String> renameParts(Path dir, String suffix, Configuration hadoop) throws IOException {
    FileSystem fs = dir.getFileSystem(hadoop);
    FileStatus[] listed = fs.listStatus(dir);
    Arrays.sort(listed, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    List<String> names = new ArrayList<>();
    for (FileStatus f : listed) {
      Matcher m = PART.matcher(f.getPath().getName());
      if (m.matches()) {
        Path target = new Path(dir, "part-" + m.group(1) + suffix);
        if (!fs.rename(f.getPath(), target)) {
          throw new IOException("cannot rename " + f.getPath() + " to " + target);
        }
        names.add(target.getName());
      }
    }
    return names;
  }

  private static int indexOf(List<String> header, String column, InputResolver.ResolvedInput in) {
    int i = header.indexOf(column);
    if (i < 0) {
      throw IngestException.badInput("input " + in.describe() + " has no column '" + column
          + "'; its header names " + header);
    }
    return i;
  }

  private static UserDefinedFunction field(char delimiter, int index) {
    return functions.udf((UDF1<String, String>) l -> CsvLine.field(l, delimiter, index), DataTypes.StringType);
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  private static scala.collection.Seq<String> scalaSeq(String... names) {
    return scala.collection.JavaConverters.asScalaBuffer(Arrays.asList(names)).toSeq();
  }
}
