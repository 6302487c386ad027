package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The training interactions as they are in the table ({@code user, item, rating, weight, timestamp}, no
 * factors), keyed by item, partitioned by the item partitioner and cached: one shuffle of the rows for
 * the whole valuation. Partition {@code b} then holds exactly the interactions of item block {@code b}
 * of {@link BlockedEdges}, so a pass over the rows meets the factors there without moving the rows
 * ({@link BlockedEdges#rowsWithFactors}); the factors themselves change with every Newton step of
 * {@link ThetaPolish} and never travel with the rows. {@link #withFactors} joins them on by lookups,
 * the reference the blocked passes are tested against.
 */
public final class TrainingEdges {
  private final JavaPairRDD<Integer, Edge> byItem;
  private final long count;
  private Columns columns;

  private TrainingEdges(JavaPairRDD<Integer, Edge> byItem, long count) {
    this.byItem = byItem;
    this.count = count;
  }

  /** Builds and caches the rows of {@code train} ({@code user_idx, item_idx, rating, weight, timestamp}). */
  public static TrainingEdges build(Dataset<Row> train, Partitioner itemPart, String name) {
    JavaPairRDD<Integer, Edge> byItem = train
        .select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(1), new Edge(r.getInt(0), r.getInt(1),
            r.getDouble(2), r.getDouble(3), r.isNullAt(4) ? null : r.getLong(4), null, null)))
        .partitionBy(itemPart);
    byItem.setName(name).persist(StorageLevel.MEMORY_AND_DISK());
    return new TrainingEdges(byItem, byItem.count());
  }

  /** The cached rows (without factors), keyed by item, partitioned by the item partitioner. */
  public JavaPairRDD<Integer, Edge> byItem() {
    return byItem;
  }

  /**
   * The rows with {@code x_u}, {@code y_i} of {@code theta} on each, by two lookups ({@link KeyLookup}: the
   * rows shuffled to the user partitioner and back), lazy and not cached: the reference for
   * {@link BlockedEdges#rowsWithFactors}, which gets the same from the blocks without moving a row.
   * Rows whose user or item has no factor row are dropped.
   */
  public JavaPairRDD<Integer, Edge> withFactors(DistributedBlockVector theta) {
    Partitioner itemPart = byItem.partitioner().get();
    Partitioner userPart = theta.users().partitioner().isPresent() ? theta.users().partitioner().get() : itemPart;
    return KeyLookup.meet(
        KeyLookup.meet(byItem.mapToPair(t -> new Tuple2<>(t._2.user, t._2)), theta.users(), userPart, false,
            TrainingEdges::withX).mapToPair(t -> new Tuple2<>(t._2.item, t._2)),
        theta.items(), itemPart, false, TrainingEdges::withY);
  }

  /**
   * The rows on the driver as four columns (in partition order), collected on the first call and kept until
   * {@link #unpersist}: the polish and the values' solve on the driver ({@link DriverSolver}) share one collection.
   */
  public synchronized Columns columns() {
    if (columns == null) {
      List<Columns> parts = byItem.values().mapPartitions(TrainingEdges::columns).collect();
      int n = parts.stream().mapToInt(c -> c.users.length).sum();
      Columns all = new Columns(new int[n], new int[n], new double[n], new double[n]);
      int at = 0;
      for (Columns c : parts) {
        System.arraycopy(c.users, 0, all.users, at, c.users.length);
        System.arraycopy(c.items, 0, all.items, at, c.items.length);
        System.arraycopy(c.ratings, 0, all.ratings, at, c.ratings.length);
        System.arraycopy(c.weights, 0, all.weights, at, c.weights.length);
        at += c.users.length;
      }
      columns = all;
    }
    return columns;
  }

  private static Iterator<Columns> columns(Iterator<Edge> edges) {
    List<Edge> all = new ArrayList<>();
    edges.forEachRemaining(all::add);
    Columns c = new Columns(new int[all.size()], new int[all.size()], new double[all.size()], new double[all.size()]);
    for (int j = 0; j < all.size(); j++) {
      Edge e = all.get(j);
      c.users[j] = e.user;
      c.items[j] = e.item;
      c.ratings[j] = e.rating;
      c.weights[j] = e.weight;
    }
    return List.of(c).iterator();
  }

  /** Rows as columns: user and item indices, ratings, weights. */
  public record Columns(int[] users, int[] items, double[] ratings, double[] weights) implements Serializable {}

  /** Number of rows. */
  public long count() {
    return count;
  }

  public synchronized void unpersist() {
    byItem.unpersist(false);
    columns = null;
  }

  private static Edge withX(Edge e, double[] x) {
    return new Edge(e.user, e.item, e.rating, e.weight, e.timestamp, x, null);
  }

  private static Edge withY(Edge e, double[] y) {
    return new Edge(e.user, e.item, e.rating, e.weight, e.timestamp, e.x, y);
  }

  /** {@code e} with the factors {@code x}, {@code y}. */
  static Edge with(Edge e, double[] x, double[] y) {
    return new Edge(e.user, e.item, e.rating, e.weight, e.timestamp, x, y);
  }
}
