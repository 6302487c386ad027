package io.recvalue.core.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Writes the tables of one run into a temporary folder and publishes it; see {@link IngestLayout}. */
final class IngestOutput {
  private final FileSystem fs;
  private final Path target;
  private final Path rejected;
  private final Path temp;

  private IngestOutput(FileSystem fs, Path target, Path rejected, Path temp) {
    this.fs = fs;
    this.target = target;
    this.rejected = rejected;
    this.temp = temp;
  }

  /** Prepares {@code <outputDir>/_ingest.tmp-<random>}; nothing visible changes yet. */
  static IngestOutput begin(SparkSession spark, String outputDir) {
    Path target = new Path(IngestLayout.dir(outputDir));
    Path temp = new Path(outputDir, "_" + IngestLayout.DIR + ".tmp-" + UUID.randomUUID());
    try {
      return new IngestOutput(target.getFileSystem(spark.sessionState().newHadoopConf()), target,
          new Path(IngestLayout.rejectedDir(outputDir)), temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the output folder " + outputDir, e);
    }
  }

  /** Writes {@code rows} as the Parquet table {@code name} of this run. */
  void write(String name, Dataset<Row> rows) {
    rows.write().mode(SaveMode.ErrorIfExists).parquet(pathOf(name));
  }

  /** Where the table {@code name} of this run is being written (until it is published). */
  String pathOf(String name) {
    return new Path(temp, name).toString();
  }

  /**
   * Publishes the run as complete: replaces {@code ingest/}, writes {@code _SUCCESS} last, and removes
   * the {@code ingest_rejected/} of an earlier refused run.
   */
  void commit() {
    publish(target, IngestLayout.SUCCESS, "");
    try {
      fs.delete(rejected, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the stale " + rejected, e);
    }
  }

  /**
   * Publishes what a refused run wrote (the quarantine) as {@code ingest_rejected/}, with
   * {@code _FAILED} holding {@code message}; {@code ingest/} of an earlier good run stays as it was.
   */
  void fail(String message) {
    publish(rejected, IngestLayout.FAILED, message + "\n");
  }

  /** Removes the temporary folder after an unexpected error, leaving {@code ingest/} as it was. */
  void abandon() {
    try {
      fs.delete(temp, true);
    } catch (IOException e) {
      // best effort: the folder is hidden (leading '_') and carries a random name
    }
  }

  private void publish(Path target, String marker, String content) {
    try {
      fs.mkdirs(temp);
      if (fs.exists(target) && !fs.delete(target, true)) {
        throw new IOException("cannot delete the previous " + target);
      }
      if (!fs.rename(temp, target)) {
        throw new IOException("cannot rename " + temp + " to " + target);
      }
      try (OutputStream out = fs.create(new Path(target, marker), true)) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish the ingest output to " + target, e);
    }
  }
}
