package io.recvalue.core.run;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where a command's stages write, and how their result is published.
 *
 * <ul>
 *   <li><b>Plain</b> ({@code --output DIR}): the stages write under DIR, each replacing its own folder
 *       when it succeeds ({@link StageOutput}); {@code DIR/_RUN_STATUS.json} records the last command,
 *       succeeded or failed.
 *   <li><b>Dated</b> ({@code output.partition-by-run-date}, {@code --run-date}): the run's folder is
 *       {@code DIR/run_date=YYYY-MM-DD}, a Hive-style partition. A command that rebuilds everything
 *       ({@code run}, {@code demo}) writes into a hidden sibling {@code DIR/.run_date=….tmp-<id>} and
 *       swaps it in place of the old partition at the end, so a reader sees the previous run's files
 *       or the new run's, never a mix; a killed run leaves the old partition readable, and the next run
 *       of the date removes its leftovers. A single-stage command works inside the partition and
 *       replaces only its stage's folder. {@code _RUN_STATUS.json} is written into the run folder as its
 *       last file (before the swap, so it appears with the data), and the latest attempt of a date,
 *       succeeded or failed, is also recorded in {@code DIR/_attempts/run_date=…/_RUN_STATUS.json}.
 * </ul>
 */
public final class RunTarget {
  /** Folder (under the output root) holding the status of the latest attempt of each date. */
  public static final String ATTEMPTS = "_attempts";

  private final Configuration hadoopConf;
  private final String root;
  private final LocalDate date;
  private final StageOutput staged;
  private final String runDir;
  private final String publishedDir;

  private RunTarget(Configuration hadoopConf, String root, LocalDate date, StageOutput staged, String runDir,
      String publishedDir) {
    this.hadoopConf = hadoopConf;
    this.root = root;
    this.date = date;
    this.staged = staged;
    this.runDir = runDir;
    this.publishedDir = publishedDir;
  }

  /** Stages write straight into {@code output}. */
  public static RunTarget plain(String output, Configuration hadoopConf) {
    String dir = trim(output);
    return new RunTarget(hadoopConf, dir, null, null, dir, dir);
  }

  /**
   * The partition {@code output/run_date=date}.
   *
   * @param replaceWhole true for commands that rebuild every stage: they write a new partition beside
   *     the old one and swap it in at the end
   */
  public static RunTarget dated(String output, LocalDate date, boolean replaceWhole, Configuration hadoopConf)
      throws IOException {
    String root = trim(output);
    String partition = RunDate.partitionName(date);
    String published = new Path(root, partition).toString();
    if (!replaceWhole) {
      return new RunTarget(hadoopConf, root, date, null, published, published);
    }
    StageOutput staged = new StageOutput(root, partition, hadoopConf);
    return new RunTarget(hadoopConf, root, date, staged, staged.workPath(), published);
  }

  /** Where the stages read and write during the run. */
  public String runDir() {
    return runDir;
  }

  /** Where readers find the run's outputs once it succeeded. */
  public String publishedDir() {
    return publishedDir;
  }

  /** The output root given on the command line (the checkpoint directory goes under it). */
  public String root() {
    return root;
  }

  public Optional<LocalDate> date() {
    return Optional.ofNullable(date);
  }

  /** Folder of the latest attempt's status for the run's date. */
  public String attemptDir() {
    return new Path(new Path(root, ATTEMPTS), RunDate.partitionName(date)).toString();
  }

  /** Writes the status as the run folder's last file, then publishes the run folder. */
  public void succeed(RunStatus status) throws IOException {
    status.write(runDir, hadoopConf);
    if (staged != null) {
      staged.commit();
    }
    if (date != null) {
      status.write(attemptDir(), hadoopConf);
    }
  }

  /**
   * Records a failed run: the staged partition (if any) is discarded and the previous one stays; the
   * status goes to the output folder (plain) or the date's attempt folder (dated), never into a
   * published partition.
   */
  public void fail(RunStatus status) throws IOException {
    if (staged != null) {
      staged.abort();
    }
    status.write(date == null ? root : attemptDir(), hadoopConf);
  }

  private static String trim(String path) {
    return path.replaceAll("(?<=.)/+$", "");
  }
}
