package io.recvalue.core.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Where the ingest stage writes, under {@code <output>/ingest/}: the Parquet tables {@code train/},
 * {@code validation/}, {@code test/} (the {@link io.recvalue.core.data.InteractionColumns} layout),
 * {@code user_index/}, {@code item_index/} and {@code quarantine/}, and a marker.
 *
 * <p>Everything is first written to a hidden sibling {@code <output>/_ingest.tmp-<random>/}, which
 * then replaces {@code ingest/} by a rename; the marker is written last. A complete run leaves
 * {@code ingest/_SUCCESS}; a run rejected for its rows leaves {@code ingest/} with only
 * {@code quarantine/} and {@code _FAILED} (the error message); a run rejected before reading rows
 * (path, columns, types), or one that crashes, leaves the previous {@code ingest/} as it was (a crash
 * removes its temporary folder when it can). Later stages read
 * {@code ingest/} only when {@link #isComplete} holds. (On object stores, where a rename is a copy,
 * the marker written last is what makes the output trustworthy.)
 */
public final class IngestLayout {
  public static final String DIR = "ingest";
  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";
  public static final String USER_INDEX = "user_index";
  public static final String ITEM_INDEX = "item_index";
  public static final String QUARANTINE = "quarantine";
  /** Folder of a run refused for its rows: {@code quarantine/} and {@code _FAILED}. */
  public static final String REJECTED_DIR = "ingest_rejected";
  /** Marker of a complete run (empty file). */
  public static final String SUCCESS = "_SUCCESS";
  /** Marker of a run rejected for its input; holds the error message. */
  public static final String FAILED = "_FAILED";

  private IngestLayout() {}

  /** {@code <outputDir>/ingest}. */
  public static String dir(String outputDir) {
    return new Path(outputDir, DIR).toString();
  }

  /** {@code <outputDir>/ingest_rejected}. */
  public static String rejectedDir(String outputDir) {
    return new Path(outputDir, REJECTED_DIR).toString();
  }

  /** {@code <outputDir>/ingest/<table>}. */
  public static String table(String outputDir, String table) {
    return new Path(dir(outputDir), table).toString();
  }

  /** Whether {@code <outputDir>/ingest/} holds the output of a complete run. */
  public static boolean isComplete(SparkSession spark, String outputDir) {
    Path marker = new Path(dir(outputDir), SUCCESS);
    try {
      FileSystem fs = marker.getFileSystem(spark.sessionState().newHadoopConf());
      return fs.exists(marker);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + marker, e);
    }
  }
}
