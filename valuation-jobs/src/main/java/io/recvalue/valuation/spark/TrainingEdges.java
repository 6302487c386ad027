package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * The training interactions joined once with {@code θ*} ({@code x_u}, {@code y_i} on every row),
 * keyed by item and partitioned by the item partitioner, and cached: {@code θ*} is fixed for the
 * whole valuation, so every later pass only joins a direction onto these rows.
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
    JavaPairRDD<Integer, Edge> byItem = train
        .select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), new Edge(r.getInt(0), r.getInt(1),
            r.getDouble(2), r.getDouble(3), r.isNullAt(4) ? null : r.getLong(4), null, null)))
        .join(theta.users())
        .mapToPair(t -> new Tuple2<>(t._2._1.item, withX(t._2._1, t._2._2)))
        .join(theta.items(), itemPart)
        .mapValues(t -> withY(t._1, t._2));
    byItem.setName(name).persist(StorageLevel.MEMORY_AND_DISK());
    return new TrainingEdges(byItem, byItem.count());
  }

  /**
   * These rows at other factors {@code theta} of the same entities (a Newton step's candidate), without
   * moving a row: {@code y_i} joins in place (rows and {@code theta}'s items share the item partitioner),
   * and {@code x_u} reaches each item block as the user blocks' messages
   * ({@link BlockedEdges#userVectorsByItemBlock}), as in the values pass. {@link #build} would shuffle
   * every row twice. Where the rows or {@code theta}'s items are laid out otherwise, builds from
   * {@code train} instead. Cached and counted, as {@link #build}.
   */
  public TrainingEdges at(DistributedBlockVector theta, BlockedEdges blocks, Dataset<Row> train, String name) {
    Partitioner ip = blocks.itemPartitioner();
    boolean itemsAligned = theta.items().partitioner().isPresent() && theta.items().partitioner().get().equals(ip);
    if (!BlockedEdges.alignedWithItemBlocks(byItem, ip) || !itemsAligned) {
      return build(train, theta, ip, name);
    }
    JavaPairRDD<Integer, Edge> withY = byItem.join(theta.items()).mapValues(t -> withY(t._1, t._2));
    RDD<Tuple2<Integer, Edge>> moved = withY.rdd().zipPartitions(blocks.userVectorsByItemBlock(theta).values().rdd(),
        true, new WithX(), ClassTag$.MODULE$.apply(SourceVectors.class), ClassTag$.MODULE$.apply(Tuple2.class));
    JavaPairRDD<Integer, Edge> rows = JavaPairRDD.fromRDD(moved, ClassTag$.MODULE$.apply(Integer.class),
        ClassTag$.MODULE$.apply(Edge.class));
    rows.setName(name).persist(StorageLevel.MEMORY_AND_DISK());
    long n = rows.count();
    if (n != count) {
      throw new IllegalStateException("moving the training rows to new factors kept " + n + " of " + count + " rows");
    }
    return new TrainingEdges(rows, n);
  }

  /**
   * The rows of one item block with their users' new factors, from that block's messages. A named
   * class, not a lambda, so Spark's closure cleaner has no bytecode to read for it.
   */
  private static final class WithX extends AbstractFunction2<Iterator<Tuple2<Integer, Edge>>, Iterator<SourceVectors>,
      Iterator<Tuple2<Integer, Edge>>> implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Tuple2<Integer, Edge>> apply(Iterator<Tuple2<Integer, Edge>> rows, Iterator<SourceVectors> lookups) {
      SourceVectors users = lookups.hasNext() ? lookups.next() : null;
      List<Tuple2<Integer, Edge>> out = new ArrayList<>();
      while (rows.hasNext()) {
        Tuple2<Integer, Edge> t = rows.next();
        double[] x = users == null ? null : users.get(t._2.user);
        if (x == null) {
          throw new IllegalStateException("user " + t._2.user + " of a training row got no factor row from its block");
        }
        Edge e = t._2;
        out.add(new Tuple2<>(t._1, new Edge(e.user, e.item, e.rating, e.weight, e.timestamp, x, e.y)));
      }
      return JavaConverters.asScalaIterator(out.iterator());
    }
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
