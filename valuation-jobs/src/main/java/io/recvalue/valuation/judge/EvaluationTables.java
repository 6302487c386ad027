package io.recvalue.valuation.judge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The evaluation tables, under {@code <output>/evaluate/} (the stage's name), each as a Parquet folder
 * and a single CSV file with a header:
 *
 * <pre>
 *   removal_curves   method string, seed long, direction string, removed_fraction double,
 *                    rmse double (null for implicit data), ndcg_at_10 double, recall_at_20 double,
 *                    train_rows long
 *   noise_detection  method string, noise_fraction double, roc_auc double,
 *                    share_in_lowest_20pct double, corrupted_rows long, train_rows long
 * </pre>
 */
public final class EvaluationTables {
  /** The stage folder. */
  public static final String DIR = EvaluateJob.NAME;
  public static final String REMOVAL_CURVES = "removal_curves";
  public static final String NOISE_DETECTION = "noise_detection";
  public static final String PLOT = "removal_curves.png";

  public static final String METHOD = "method";
  public static final String SEED = "seed";
  public static final String DIRECTION = "direction";
  public static final String REMOVED_FRACTION = "removed_fraction";
  public static final String RMSE = "rmse";
  public static final String NDCG_AT_10 = "ndcg_at_10";
  public static final String RECALL_AT_20 = "recall_at_20";
  public static final String TRAIN_ROWS = "train_rows";
  /** The test metrics of a removal curve, in the order a reader shows them. */
  public static final List<String> CURVE_METRICS = List.of(RMSE, NDCG_AT_10, RECALL_AT_20);

  public static final StructType CURVES = new StructType()
      .add(METHOD, DataTypes.StringType, false)
      .add(SEED, DataTypes.LongType, false)
      .add(DIRECTION, DataTypes.StringType, false)
      .add(REMOVED_FRACTION, DataTypes.DoubleType, false)
      .add(RMSE, DataTypes.DoubleType, true)
      .add(NDCG_AT_10, DataTypes.DoubleType, false)
      .add(RECALL_AT_20, DataTypes.DoubleType, false)
      .add(TRAIN_ROWS, DataTypes.LongType, false);

  public static final StructType NOISE = new StructType()
      .add(METHOD, DataTypes.StringType, false)
      .add("noise_fraction", DataTypes.DoubleType, false)
      .add("roc_auc", DataTypes.DoubleType, false)
      .add("share_in_lowest_20pct", DataTypes.DoubleType, false)
      .add("corrupted_rows", DataTypes.LongType, false)
      .add(TRAIN_ROWS, DataTypes.LongType, false);

  private EvaluationTables() {}

  /** Writes both tables and the plot under {@code dir} (a stage work folder). */
  static void write(SparkSession spark, EvaluationReport report, String dir) throws IOException {
    List<Row> curves = new ArrayList<>();
    for (CurvePoint p : report.curves()) {
      curves.add(RowFactory.create(p.method(), p.seed(), p.direction(), p.removedFraction(), p.rmse(),
          p.ndcgAt10(), p.recallAt20(), p.trainRows()));
    }
    List<Row> noise = new ArrayList<>();
    for (NoisePoint p : report.noise()) {
      noise.add(RowFactory.create(p.method(), p.noiseFraction(), p.rocAuc(), p.shareInLowest20pct(),
          p.corruptedRows(), p.trainRows()));
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    spark.createDataFrame(curves, CURVES).coalesce(1).write().parquet(dir + "/" + REMOVAL_CURVES);
    spark.createDataFrame(noise, NOISE).coalesce(1).write().parquet(dir + "/" + NOISE_DETECTION);
    writeBytes(new Path(dir, REMOVAL_CURVES + ".csv"), csv(CURVES, curves).getBytes(StandardCharsets.UTF_8), hadoop);
    writeBytes(new Path(dir, NOISE_DETECTION + ".csv"), csv(NOISE, noise).getBytes(StandardCharsets.UTF_8), hadoop);
    if (!report.curves().isEmpty()) {
      writeBytes(new Path(dir, PLOT), CurvePlot.png(report.curves(), report.implicit()), hadoop);
    }
  }

  /** RFC 4180 text: a header, then one line per row; nulls are empty fields, doubles in full precision. */
  static String csv(StructType schema, List<Row> rows) {
    StringBuilder sb = new StringBuilder(String.join(",", schema.fieldNames())).append('\n');
    for (Row r : rows) {
      for (int c = 0; c < r.size(); c++) {
        if (c > 0) {
          sb.append(',');
        }
        Object v = r.get(c);
        sb.append(v == null ? "" : v instanceof Double d ? Double.toString(d) : String.valueOf(v));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void writeBytes(Path file, byte[] bytes, Configuration hadoop) throws IOException {
    FileSystem fs = file.getFileSystem(hadoop);
    try (OutputStream os = fs.create(file, true)) {
      os.write(bytes);
    }
  }

  static String format(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
