package io.recvalue.explain.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recvalue.core.run.RunManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Read access to a run's output folder for the report: its tables (when present) and manifest. */
final class RunFolder {
  private final SparkSession spark;
  private final Path root;
  private final FileSystem fs;

  RunFolder(SparkSession spark, String outputDir) throws IOException {
    this.spark = spark;
    this.root = new Path(outputDir);
    this.fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }

  boolean exists(String relative) throws IOException {
    return fs.exists(new Path(root, relative));
  }

  /** A Parquet table of the run, or empty when the folder is absent. */
  Optional<Dataset<Row>> table(String relative) throws IOException {
    return exists(relative) ? Optional.of(spark.read().parquet(new Path(root, relative).toString())) : Optional.empty();
  }

  /** {@code manifest.json} as a JSON tree (empty when absent). */
  Map<String, Object> manifest() throws IOException {
    Path p = new Path(root, RunManifest.FILE_NAME);
    if (!fs.exists(p)) {
      return Map.of();
    }
    try (InputStream in = fs.open(p)) {
      return new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() {});
    }
  }
}
