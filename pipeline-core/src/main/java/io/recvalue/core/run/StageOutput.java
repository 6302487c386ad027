package io.recvalue.core.run;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A stage's output folder that is replaced only when the stage succeeds.
 *
 * <p>The stage writes everything under {@link #workPath()}, a hidden sibling
 * {@code <output>/.<stage>.tmp-<id>}. {@link #commit()} moves a previous {@code <output>/<stage>}
 * aside, renames the new folder into place and then deletes the old one; {@link #abort()} deletes the
 * work folder. A failed or killed stage therefore leaves the previous good output where it was
 * (a leftover work folder is hidden and is removed by the next run of the stage), and a reader never
 * sees a mix of old and new files. On HDFS each rename is atomic.
 */
public final class StageOutput {
  private final FileSystem fs;
  private final Path parent;
  private final Path finalPath;
  private final Path workPath;

  public StageOutput(String outputDir, String stageFolder, Configuration hadoopConf) throws IOException {
    this.parent = new Path(outputDir);
    this.fs = parent.getFileSystem(hadoopConf);
    this.finalPath = new Path(parent, stageFolder);
    this.workPath = new Path(parent, "." + stageFolder + ".tmp-" + UUID.randomUUID());
    removeLeftovers(stageFolder);
    fs.mkdirs(parent);
  }

  /** Where the stage writes: pass sub-paths of this to Spark writers. */
  public String workPath() {
    return workPath.toString();
  }

  /** Where the output will be once committed. */
  public String finalPath() {
    return finalPath.toString();
  }

  /** Puts the work folder in place of the previous output. */
  public void commit() throws IOException {
    Path old = null;
    if (fs.exists(finalPath)) {
      old = new Path(parent, "." + finalPath.getName() + ".old-" + UUID.randomUUID());
      if (!fs.rename(finalPath, old)) {
        throw new IOException("cannot move previous output " + finalPath + " aside");
      }
    }
    if (!fs.exists(workPath)) {
      fs.mkdirs(workPath);
    }
    if (!fs.rename(workPath, finalPath)) {
      if (old != null) {
        fs.rename(old, finalPath);
      }
      throw new IOException("cannot move " + workPath + " to " + finalPath);
    }
    if (old != null) {
      fs.delete(old, true);
    }
  }

  /** Discards the work folder; the previous output stays. */
  public void abort() {
    try {
      fs.delete(workPath, true);
    } catch (IOException ignored) {
      // best effort: a leftover hidden work folder is removed by the next run of the stage
    }
  }

  /**
   * Cleans up after a run that was killed: work folders are deleted; a previous output that was moved
   * aside but never replaced (killed between the two renames of {@link #commit()}) is put back.
   */
  private void removeLeftovers(String stageFolder) throws IOException {
    if (!fs.exists(parent)) {
      return;
    }
    for (var status : fs.listStatus(parent)) {
      Path p = status.getPath();
      String name = p.getName();
      if (name.startsWith("." + stageFolder + ".tmp-")) {
        fs.delete(p, true);
      } else if (name.startsWith("." + stageFolder + ".old-")) {
        if (!fs.exists(finalPath)) {
          fs.rename(p, finalPath);
        } else {
          fs.delete(p, true);
        }
      }
    }
  }
}
