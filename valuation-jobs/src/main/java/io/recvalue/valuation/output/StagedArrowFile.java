package io.recvalue.valuation.output;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An Arrow IPC file written beside a stage's Parquet folders on any Hadoop filesystem, in two steps so
 * that a failed stage never leaves a half-written file under the final name: {@link #stage} writes the
 * table locally and copies it next to its destination under a hidden name ({@code .NAME.tmp});
 * {@link #publish} renames it into place once everything else of the stage has been committed.
 */
public final class StagedArrowFile {
  private final Path staged;
  private final Configuration hadoop;

  private StagedArrowFile(Path staged, Configuration hadoop) {
    this.staged = staged;
    this.hadoop = hadoop;
  }

  /** Writes {@code table} as {@code outputDir/.name.tmp}. */
  public static StagedArrowFile stage(Dataset<Row> table, String outputDir, String name, int batchRows,
      Configuration hadoop) throws IOException {
    java.nio.file.Path local = Files.createTempFile("recvalue-", "-" + name);
    try {
      ArrowTableWriter.write(table, local, batchRows);
      Path staged = new Path(outputDir, "." + name + ".tmp");
      staged.getFileSystem(hadoop).copyFromLocalFile(false, true, new Path(local.toUri()), staged);
      return new StagedArrowFile(staged, hadoop);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  /** Replaces {@code outputDir/name} by the staged file. */
  public void publish() throws IOException {
    FileSystem fs = staged.getFileSystem(hadoop);
    Path target = new Path(staged.getParent(), staged.getName().substring(1, staged.getName().length() - 4));
    fs.delete(target, false);
    if (!fs.rename(staged, target)) {
      throw new IOException("cannot rename " + staged + " to " + target);
    }
  }
}
