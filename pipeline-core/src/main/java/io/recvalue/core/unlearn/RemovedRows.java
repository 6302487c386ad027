package io.recvalue.core.unlearn;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_ID;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.ingest.IngestException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The removed interactions a user names, as training pairs {@code user_idx, item_idx}.
 *
 * <p>The table is what {@code prune} writes to {@code OUTPUT/removed/} (Parquet), or any Parquet or
 * CSV-with-header table of the same kind (a file or a folder; CSV when the names end in {@code .csv} or
 * {@code .csv.gz}): the ids are read from the columns {@code user_id} and {@code item_id} when it has
 * both (prune's removed rows of a CSV log), otherwise from the log's own id columns
 * ({@code input.user-col}, {@code input.item-col}; prune's removed rows of a Parquet log). Ids are
 * matched as text to the run's id indexes; repeated rows count once. A row whose user or item id the
 * run does not know fails here, naming the first such (user id, item id) in id order; whether each
 * pair is a training row is checked by {@link Unlearning} in its pass over the training table, and
 * {@link #notATrainingRow} names a failing pair by its ids. Nothing here reads the training table.
 *
 * <p>The matched rows are cached, so the check here and the update read the removed table and join it
 * with the id indexes once; {@link #close} releases them.
 */
public final class RemovedRows implements AutoCloseable {
  private final String path;
  private final String userCol;
  private final String itemCol;
  private final String trainPath;
  private final Dataset<Row> matched;
  private final Dataset<Row> pairs;
  private final Dataset<Row> userIndex;
  private final Dataset<Row> itemIndex;

  private RemovedRows(String path, String userCol, String itemCol, String trainPath, Dataset<Row> matched,
      Dataset<Row> userIndex, Dataset<Row> itemIndex) {
    this.path = path;
    this.userCol = userCol;
    this.itemCol = itemCol;
    this.trainPath = trainPath;
    this.matched = matched;
    this.pairs = matched.select(USER_IDX, ITEM_IDX);
    this.userIndex = userIndex;
    this.itemIndex = itemIndex;
  }

  /**
   * @param userCol the log's user id column ({@code input.user-col})
   * @param itemCol the log's item id column ({@code input.item-col})
   * @param trainPath where the run's training rows are, for the error messages
   */
  public static RemovedRows read(SparkSession spark, String path, String userCol, String itemCol,
      Dataset<Row> userIndex, Dataset<Row> itemIndex, String trainPath) throws IOException {
    Dataset<Row> raw = isCsv(spark, path)
        ? spark.read().option("header", "true").csv(path)
        : spark.read().parquet(path);
    List<String> cols = Arrays.asList(raw.columns());
    String u = cols.contains(USER_ID) && cols.contains(ITEM_ID) ? USER_ID : userCol;
    String i = cols.contains(USER_ID) && cols.contains(ITEM_ID) ? ITEM_ID : itemCol;
    if (!cols.contains(u) || !cols.contains(i)) {
      throw new IngestException(IngestException.Category.BAD_INPUT, "--removed " + path + " has neither the columns "
          + USER_ID + " and " + ITEM_ID + " nor the log's id columns " + userCol + " and " + itemCol + " (input.user-col,"
          + " input.item-col); its columns are " + cols);
    }
    Dataset<Row> ids = raw.select(col("`" + u + "`").cast(DataTypes.StringType).as("__u"),
        col("`" + i + "`").cast(DataTypes.StringType).as("__i")).distinct();
    Dataset<Row> users = userIndex.select(col(USER_IDX), col(USER_ID).cast(DataTypes.StringType).as("__u"));
    Dataset<Row> items = itemIndex.select(col(ITEM_IDX), col(ITEM_ID).cast(DataTypes.StringType).as("__i"));
    Dataset<Row> matched = ids
        .join(users, ids.col("__u").eqNullSafe(users.col("__u")), "left_outer")
        .join(items, ids.col("__i").eqNullSafe(items.col("__i")), "left_outer")
        .select(ids.col("__u"), ids.col("__i"), users.col(USER_IDX), items.col(ITEM_IDX))
        .persist(StorageLevel.MEMORY_AND_DISK());
    RemovedRows removed = new RemovedRows(path, u, i, trainPath, matched, userIndex, itemIndex);
    List<Row> unknown = matched.filter(col(USER_IDX).isNull().or(col(ITEM_IDX).isNull())).orderBy("__u", "__i").limit(1)
        .collectAsList();
    if (!unknown.isEmpty()) {
      removed.close();
      throw removed.notATrainingRow(unknown.get(0).getString(0), unknown.get(0).getString(1));
    }
    return removed;
  }

  /** The removed pairs {@code user_idx, item_idx}. */
  public Dataset<Row> pairs() {
    return pairs;
  }

  /** The error a user sees for a removed pair that is not a training row, naming it by its ids. */
  public IngestException notATrainingRow(NotATrainingRow e) {
    List<Row> u = userIndex.filter(col(USER_IDX).equalTo(e.userIdx())).select(col(USER_ID).cast(DataTypes.StringType))
        .collectAsList();
    List<Row> i = itemIndex.filter(col(ITEM_IDX).equalTo(e.itemIdx())).select(col(ITEM_ID).cast(DataTypes.StringType))
        .collectAsList();
    return notATrainingRow(u.isEmpty() ? "#" + e.userIdx() : u.get(0).getString(0),
        i.isEmpty() ? "#" + e.itemIdx() : i.get(0).getString(0));
  }

  /** Releases the cached rows. */
  @Override
  public void close() {
    matched.unpersist(false);
  }

  private IngestException notATrainingRow(String userId, String itemId) {
    return new IngestException(IngestException.Category.BAD_INPUT, "--removed " + path + ": the row (" + userCol + " "
        + userId + ", " + itemCol + " " + itemId + ") is not a training row of " + trainPath + "; nothing was written");
  }

  private static boolean isCsv(SparkSession spark, String path) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(p)) {
      throw new IngestException(IngestException.Category.BAD_INPUT, "--removed " + path + " does not exist");
    }
    if (!fs.getFileStatus(p).isDirectory()) {
      return isCsvName(p.getName());
    }
    for (FileStatus f : fs.listStatus(p)) {
      if (isCsvName(f.getPath().getName())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCsvName(String name) {
    return name.endsWith(".csv") || name.endsWith(".csv.gz");
  }
}
