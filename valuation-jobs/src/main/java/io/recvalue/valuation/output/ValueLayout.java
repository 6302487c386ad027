package io.recvalue.valuation.output;

import io.recvalue.core.ingest.IngestException;
import io.recvalue.core.run.RunDate;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where the value stage writes, under {@code <output>/value/} (the stage's name), all replaced
 * together when the stage succeeds:
 *
 * <pre>
 *   value/interactions   one row per training interaction ({@link ValueSchemas#VALUES}, with the ids)
 *   value/items          per item aggregates (Parquet)
 *   value/users          per user aggregates (Parquet)
 *   value/items.arrow    value/items as one Arrow IPC file
 *   value/users.arrow    value/users as one Arrow IPC file
 *   value/policy         (pg) the learnt policy's weights, per feature, and its bias
 *   value/curve          (pg) reward, held-out reward and drop fraction per policy iteration
 * </pre>
 *
 * <p>Earlier versions wrote {@code values/}, {@code item_values/}, {@code user_values/} and the two
 * Arrow files at the run root; {@link #rejectOldLayout} turns such a folder into an error that names
 * the new layout.
 */
public final class ValueLayout {
  public static final String DIR = "value";
  public static final String INTERACTIONS = "interactions";
  public static final String ITEMS = "items";
  public static final String USERS = "users";
  public static final String ITEMS_ARROW = "items.arrow";
  public static final String USERS_ARROW = "users.arrow";
  /** The interaction values' folder of the layout before stage folders, at the run root. */
  static final String OLD_INTERACTIONS = "values";

  private ValueLayout() {}

  /** {@code value/<entry>}: an entry's path relative to the run folder. */
  public static String relative(String entry) {
    return DIR + "/" + entry;
  }

  /** {@code <outputDir>/value}. */
  public static String dir(String outputDir) {
    return new Path(trim(outputDir), DIR).toString();
  }

  /** {@code <outputDir>/value/<entry>}. */
  public static String table(String outputDir, String entry) {
    return new Path(dir(outputDir), entry).toString();
  }

  /**
   * The run folder of a value stage's output named either by the run folder or by its {@code value/}
   * folder. The old layout, named by its run folder or by its {@code values/} folder, is a bad-input
   * error ({@link #rejectOldLayout}).
   */
  public static String runFolder(String runOrValueFolder, Configuration hadoop) throws IOException {
    String given = trim(runOrValueFolder);
    Path path = new Path(given);
    Path parent = path.getParent();
    FileSystem fs = path.getFileSystem(hadoop);
    if (parent != null && path.getName().equals(DIR) && fs.exists(new Path(path, INTERACTIONS))) {
      return parent.toString();
    }
    if (parent != null && path.getName().equals(OLD_INTERACTIONS) && !fs.exists(new Path(path, DIR))) {
      rejectOldLayout(parent.toString(), hadoop);
    }
    rejectOldLayout(given, hadoop);
    return given;
  }

  /**
   * Fails with a bad-input error when {@code outputDir} holds the value stage's output in the old
   * layout ({@code values/} at the run root) and not in this one ({@code value/interactions}).
   */
  public static void rejectOldLayout(String outputDir, Configuration hadoop) throws IOException {
    String run = trim(outputDir);
    Path old = new Path(run, OLD_INTERACTIONS);
    FileSystem fs = old.getFileSystem(hadoop);
    if (fs.exists(old) && !fs.exists(new Path(table(run, INTERACTIONS)))) {
      throw new IngestException(IngestException.Category.BAD_INPUT, run + " holds the value stage's output in the"
          + " old layout (" + OLD_INTERACTIONS + "/ at the run root); this version reads " + table(run, INTERACTIONS)
          + ": re-run 'recvalue value " + outputOptions(run) + "'");
    }
  }

  /**
   * The options that make a command write into {@code run}: {@code --output RUN}, or for a date's
   * partition {@code ROOT/run_date=D}, {@code --output ROOT --run-date D}.
   */
  private static String outputOptions(String run) {
    Path path = new Path(run);
    String name = path.getName();
    String date = name.substring(name.indexOf('=') + 1);
    try {
      if (path.getParent() != null && RunDate.partitionName(LocalDate.parse(date)).equals(name)) {
        return "--output " + path.getParent() + " --run-date " + date;
      }
    } catch (DateTimeParseException notADate) {
      // a plain run folder
    }
    return "--output " + run;
  }

  private static String trim(String path) {
    return path.replaceAll("(?<=.)/+$", "");
  }
}
