package io.recvalue.core.generate;

import io.recvalue.core.run.StageOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic interaction logs with a planted structure, from 10⁴ to 10⁸ rows, written partition by
 * partition.
 *
 * <p>The model (details in {@link BlockRows}): users and items carry rank-{@code k} Gaussian factors
 * ({@link PlantedModel}, score variance 1); user activity and item popularity follow power laws
 * ({@link PowerLaw}, exponents 0.5 and 0.8 by default); a user picks an item with probability
 * {@code ∝ pop(i) σ(β x_u·y_i)}; explicit ratings are {@code 3 + 1.2 s + N(0, 0.5²)} rounded into
 * 1..5; a fraction {@code noise} of the rows is planted noise (explicit: a rating drawn uniformly from
 * the four wrong values; implicit: a uniformly random item) and marked {@code is_noise = 1}. Pairs may
 * repeat, as in real logs (ingest merges them).
 *
 * <p>Columns: {@code user_id long, item_id long, rating int} (explicit only){@code , timestamp long}
 * (epoch seconds over 2020), {@code is_noise int}, {@code clean_score double} (what the planted model
 * expects of the row before noise and rounding: {@code 3 + 1.2 s} explicit, {@code s} implicit; the
 * oracle a noise detector is measured against: {@code |rating − clean_score|}).
 *
 * <p>Bounded memory and determinism: the driver sends each Spark task only its partition index; the
 * task generates the rows of its blocks ({@link GeneratorSettings#blockRows()} rows each, block
 * {@code b} from {@code Seeds.derive(seed, "generate.block", b)}) as an iterator straight into the
 * writer. Partition {@code p} of {@code P} holds blocks {@code [⌊p·nb/P⌋, ⌊(p+1)·nb/P⌋)}, so the rows,
 * in file order, are the same for any number of partitions, and the same settings give the same bytes
 * (part files are renamed to {@code part-NNNNN.csv} / {@code part-NNNNN.parquet}).
 */
public final class SyntheticLog {
  /** The column of the planted model's clean expectation of each row. */
  public static final String CLEAN_SCORE = "clean_score";
  /** The folder under the output that holds the log. */
  public static final String LOG_FOLDER = "interactions";
  /** The settings file beside it, for {@code recvalue ingest --config}. */
  public static final String PROPERTIES = "recvalue.properties";
  private static final Pattern PART = Pattern.compile("part-(\\d+)-.*?(\\.snappy\\.parquet|\\.parquet|\\.csv)$");

  private SyntheticLog() {}

  /** What was written. */
  public record Result(String logPath, String propertiesPath, int partitions, List<String> files,
      double seconds) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("log", logPath);
      m.put("properties", propertiesPath);
      m.put("partitions", partitions);
      m.put("files", files.size());
      m.put("seconds", seconds);
      return m;
    }
  }

  /** Schema of the generated rows. */
  public static StructType schema(boolean implicit) {
    StructType t = new StructType()
        .add("user_id", DataTypes.LongType, false)
        .add("item_id", DataTypes.LongType, false);
    if (!implicit) {
      t = t.add("rating", DataTypes.IntegerType, false);
    }
    return t.add("timestamp", DataTypes.LongType, false).add("is_noise", DataTypes.IntegerType, false)
        .add(CLEAN_SCORE, DataTypes.DoubleType, false);
  }

  /** The rows as a lazily generated table with {@code partitions} partitions (nothing on the driver). */
  public static Dataset<Row> rows(SparkSession spark, GeneratorSettings s, int partitions) {
    long nb = s.blocks();
    List<Integer> indices = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(indices, partitions)
        .flatMap(p -> new BlockRows(s, p * nb / partitions, (p + 1) * nb / partitions));
    return spark.createDataFrame(rows, schema(s.implicit()));
  }

  /** The partitions to use: the setting, or at least the default parallelism and one per 10⁶ rows; never more than blocks. */
  public static int partitions(SparkSession spark, GeneratorSettings s) {
    long wanted = s.partitions() > 0 ? s.partitions()
        : Math.max(spark.sparkContext().defaultParallelism(), (s.interactions() + 999_999) / 1_000_000);
    return (int) Math.max(1, Math.min(wanted, s.blocks()));
  }

  /**
   * Writes {@code <outputDir>/interactions/} (replacing an earlier log only when complete) and
   * {@code <outputDir>/recvalue.properties}.
   */
  public static Result write(SparkSession spark, GeneratorSettings s, String outputDir) throws IOException {
    long t0 = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    int partitions = partitions(spark, s);
    StageOutput out = new StageOutput(outputDir, LOG_FOLDER, hadoop);
    List<String> files;
    try {
      spark.sparkContext().setJobDescription("generate: " + s.interactions() + " rows in " + partitions
          + " partitions");
      Dataset<Row> rows = rows(spark, s, partitions);
      if (s.format().equals("csv")) {
        rows.write().option("header", "true").csv(out.workPath());
      } else {
        rows.write().parquet(out.workPath());
      }
      files = renameParts(new Path(out.workPath()), hadoop);
      out.commit();
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
    Path props = new Path(outputDir, PROPERTIES);
    writeText(props, ingestProperties(s), hadoop);
    return new Result(out.finalPath(), props.toString(), partitions, files, (System.nanoTime() - t0) / 1e9);
  }

  /** The settings with which {@code recvalue ingest} reads the log. */
  public static String ingestProperties(GeneratorSettings s) {
    List<String> lines = new ArrayList<>(List.of(
        "# Settings to read this synthetic log: recvalue ingest --input <dir>/" + LOG_FOLDER
            + " --config <dir>/" + PROPERTIES,
        "# Generated with " + s.toMap(),
        "input.format = " + s.format(),
        "input.user-col = user_id",
        "input.item-col = item_id",
        "input.rating-col = " + (s.implicit() ? "" : "rating"),
        "input.timestamp-col = timestamp",
        "input.timestamp-format = epoch-seconds",
        "ingest.feedback = " + (s.implicit() ? "implicit" : "explicit")));
    if (s.implicit()) {
      lines.add("ingest.duplicates = sum");
    } else {
      lines.add("ingest.rating-min = " + GeneratorSettings.RATING_MIN);
      lines.add("ingest.rating-max = " + GeneratorSettings.RATING_MAX);
      lines.add("ingest.duplicates = latest");
    }
    return String.join("\n", lines) + "\n";
  }

  /** Renames Spark's {@code part-00003-<uuid>-c000.csv} to {@code part-00003.csv}; returns the new names. */
  private static List<String> renameParts(Path dir, Configuration hadoop) throws IOException {
    FileSystem fs = dir.getFileSystem(hadoop);
    FileStatus[] listed = fs.listStatus(dir);
    Arrays.sort(listed, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    List<String> names = new ArrayList<>();
    for (FileStatus f : listed) {
      Matcher m = PART.matcher(f.getPath().getName());
      if (!m.matches()) {
        continue;
      }
      String ext = m.group(2).endsWith("parquet") ? ".parquet" : ".csv";
      Path target = new Path(dir, "part-" + m.group(1) + ext);
      if (!fs.rename(f.getPath(), target)) {
        throw new IOException("cannot rename " + f.getPath() + " to " + target);
      }
      names.add(target.getName());
    }
    return names;
  }

  private static void writeText(Path file, String text, Configuration hadoop) throws IOException {
    FileSystem fs = file.getFileSystem(hadoop);
    try (OutputStream os = fs.create(file, true)) {
      os.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
