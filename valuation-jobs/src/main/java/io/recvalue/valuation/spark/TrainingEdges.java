package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The training interactions joined once with {@code θ*} ({@code x_u}, {@code y_i} on every row),
 * keyed by item and partitioned by the item partitioner, and cached: {@code θ*} is fixed for the
 * whole valuation, so every later pass only joins a direction onto these rows. The rows are shuffled
 * to the user partitioner to meet {@code x_u}, then to the item partitioner to meet {@code y_i}, each
 * time by a lookup in the factors' partition ({@link KeyLookup}), not a cogroup.
 *
 * <p>Rows whose user or item has no factor row cannot be scored and are dropped by the join;
 * {@link #count} says how many rows remain.
 */
public final class TrainingEdges {
  private final JavaPairRDD<Integer, Edge> byItem;
  private final long count;

  private TrainingEdges(JavaPairRDD<Integer, Edge> byItem, long count) {
    this.byItem = byItem;
    this.count = count;
  }

  /**
   * Builds and caches the enriched rows of {@code train} ({@code user_idx, item_idx, rating,
   * weight, timestamp}) for factors {@code theta}.
   */
  public static TrainingEdges build(Dataset<Row> train, DistributedBlockVector theta,
      Partitioner itemPart, String name) {
    Partitioner userPart = theta.users().partitioner().isPresent() ? theta.users().partitioner().get() : itemPart;
    JavaPairRDD<Integer, Edge> byUser = train
        .select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), new Edge(r.getInt(0), r.getInt(1),
            r.getDouble(2), r.getDouble(3), r.isNullAt(4) ? null : r.getLong(4), null, null)));
    JavaPairRDD<Integer, Edge> byItem = KeyLookup.meet(
        KeyLookup.meet(byUser, theta.users(), userPart, false, TrainingEdges::withX)
            .mapToPair(t -> new Tuple2<>(t._2.item, t._2)),
        theta.items(), itemPart, false, TrainingEdges::withY);
    byItem.setName(name).persist(StorageLevel.MEMORY_AND_DISK());
    return new TrainingEdges(byItem, byItem.count());
  }

  /** The cached rows, keyed by item, partitioned by the item partitioner. */
  public JavaPairRDD<Integer, Edge> byItem() {
    return byItem;
  }

  /** Number of enriched rows. */
  public long count() {
    return count;
  }

  public void unpersist() {
    byItem.unpersist(false);
  }

  private static Edge withX(Edge e, double[] x) {
    return new Edge(e.user, e.item, e.rating, e.weight, e.timestamp, x, null);
  }

  private static Edge withY(Edge e, double[] y) {
    return new Edge(e.user, e.item, e.rating, e.weight, e.timestamp, e.x, y);
  }
}
