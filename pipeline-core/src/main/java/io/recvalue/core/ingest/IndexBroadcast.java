package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.broadcast;

import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Decides how a table of interactions meets an id index ({@code user_index}, {@code item_index}): by shipping the
 * whole index to every task (a broadcast hash join, the interactions read once and never shuffled) when the index
 * fits the memory of the JVMs that run the tasks, else by Spark's own choice.
 *
 * <p>Spark broadcasts a side on its own only below {@code spark.sql.autoBroadcastJoinThreshold} (10 MB), judged
 * from the size of its files. A log of 10⁸ interactions has 5·10⁶ users (a 40 MB index), so the value stage's join
 * of its 10⁸ values with the user ids shuffled and sorted them all. (Ingest, which builds the indexes in the same job,
 * keeps Spark's own plan: broadcasting them there was no faster, at 10⁷ or at 10⁸; benchmarks/scale.md.) An index row costs
 * about {@link #BYTES_PER_ID} bytes while it is broadcast (the collected rows, the hash relation and its serialised
 * copy, for short string ids), and the index may take {@code 1/}{@link #HEAP_SHARE} of the smallest heap that holds
 * it: the driver's, and in cluster modes each executor's ({@code spark.executor.memory}). A 16 GiB local driver
 * broadcasts up to about 10⁷ ids, a 1 GiB executor about 6·10⁵.
 *
 * <p>A session with {@code spark.sql.autoBroadcastJoinThreshold = -1} has turned broadcast joins off; its joins are
 * left to Spark.
 */
public final class IndexBroadcast {
  /** Bytes an index row is budgeted while it is broadcast. */
  static final long BYTES_PER_ID = 200;
  /** The share of the smallest heap the index may take: {@code 1/8}. */
  static final int HEAP_SHARE = 8;

  private IndexBroadcast() {}

  /**
   * {@code index} marked for a broadcast join when its {@code rows} fit {@link #maxIds}, else {@code index} as it
   * is.
   */
  public static Dataset<Row> of(Dataset<Row> index, long rows) {
    SparkConf conf = index.sparkSession().sparkContext().getConf();
    String threshold = index.sparkSession().conf().get("spark.sql.autoBroadcastJoinThreshold", "10485760");
    if (threshold.trim().startsWith("-")) {
      return index;
    }
    return rows <= maxIds(conf, Runtime.getRuntime().maxMemory()) ? broadcast(index) : index;
  }

  /** {@link #of} with the index counted (Parquet: from the files' footers; a cached index: materialised). */
  public static Dataset<Row> of(Dataset<Row> index) {
    return of(index, index.count());
  }

  /**
   * The most index rows broadcast: {@code 1/HEAP_SHARE} of the smallest heap that holds the index, at
   * {@link #BYTES_PER_ID} bytes a row. Local modes run the tasks in the driver, so only its heap counts.
   */
  static long maxIds(SparkConf conf, long driverHeapBytes) {
    long heap = driverHeapBytes;
    String master = conf.get("spark.master", "local");
    boolean tasksInDriver = master.startsWith("local") && !master.startsWith("local-cluster");
    if (!tasksInDriver) {
      heap = Math.min(heap, JavaUtils.byteStringAsBytes(conf.get("spark.executor.memory", "1g")));
    }
    return heap / HEAP_SHARE / BYTES_PER_ID;
  }
}
