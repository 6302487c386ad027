package io.recvalue.valuation.spark;

import io.recvalue.core.als.ByBlock;
import io.recvalue.core.als.InteractionChunk;
import io.recvalue.valuation.math.PointLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The training interactions of a valuation grouped once into cached {@link EdgeBlock}s, by user block
 * and by item block (MLlib's in/out blocks, as weighted ALS lays them out), so that a
 * Hessian-vector product ships only {@code k}-vectors of the direction and never a training row.
 *
 * <p><b>Blocks and partitions.</b> The vectors of the computation ({@link DistributedBlockVector})
 * are keyed by entity and partitioned by {@link HashPartitioner}s; user {@code u} lies in partition
 * {@code u % n_U}. User block {@code b} is exactly the users of partition {@code b}, and the block
 * tables are keyed by block id and partitioned by the same partitioner, so the block of a partition
 * and the direction's entries of that partition meet without a shuffle, and results go back to
 * entity keys in the same partition (the partitioner is kept).
 *
 * <p><b>Data movement of one product</b> {@code v ↦ Σ_j w_j H_j v} ({@link EdgeBlock} derives the
 * per-block formula): every user block sends each item block one message with the {@code a_u} of
 * the users that item block's interactions touch, every item block sends each user block the
 * {@code b_i} it needs, and each block then computes its own entities' rows of the product from
 * its cached interactions, factors and coefficients, its own part of the direction and the
 * messages. That is one shuffle of {@code k}-vectors per side, both in the same stage — the
 * messages of one ALS sweep — against two shuffles of every training row with its factors for the
 * product over rows ({@link DistributedObjective#hvpOverRows}). The gradient and the diagonal
 * blocks of the Hessian need no message at all, and the values pass reuses the user-to-item
 * messages to bring {@code s_u} to the item-partitioned rows ({@link #userVectorsByItemBlock}).
 *
 * <p><b>Factors live in the blocks, not in the rows.</b> A block holds its own entities' factors and
 * those of every entity of the other side its interactions meet, so a pass over the rows of item block
 * {@code b} finds {@code x_u} and {@code y_i} there ({@link #rowsWithFactors}), and moving to other
 * factors ({@link #at}) exchanges messages instead of rows. The cached rows ({@link TrainingEdges}) carry
 * none, which keeps them small and lets one copy serve every point of a Newton polish.
 */
public final class BlockedEdges {
  private final int k;
  private final Partitioner userPart;
  private final Partitioner itemPart;
  private final JavaPairRDD<Integer, EdgeBlock> users;
  private final JavaPairRDD<Integer, EdgeBlock> items;

  private BlockedEdges(int k, Partitioner userPart, Partitioner itemPart,
      JavaPairRDD<Integer, EdgeBlock> users, JavaPairRDD<Integer, EdgeBlock> items) {
    this.k = k;
    this.userPart = userPart;
    this.itemPart = itemPart;
    this.users = users;
    this.items = items;
  }

  /**
   * Groups the rows of {@code edges} into user and item blocks at the factors {@code theta}, with the
   * per-interaction coefficients of {@code loss} there, and caches the blocks. The rows carry no factors:
   * the blocks are first arranged at zero factors (one shuffle of the rows by user block; the item blocks
   * form in place, the rows being partitioned by item block), then moved to {@code theta} ({@link #at}: one
   * exchange of factor messages, each slope moved with its score), so the factors never travel with the
   * rows. Both partitioners must be {@link HashPartitioner}s, the partitioners of the vectors; every entity
   * of the rows needs a factor row in {@code theta}, or the build fails naming the first one without.
   */
  public static BlockedEdges build(TrainingEdges edges, PointLoss pointLoss, DistributedBlockVector theta,
      Partitioner userPart, Partitioner itemPart, String name) {
    LossSpec loss = LossSpec.of(pointLoss);
    requireHash(userPart, "user");
    requireHash(itemPart, "item");
    int k = theta.k();
    int nu = userPart.numPartitions();
    int ni = itemPart.numPartitions();
    JavaRDD<Edge> rows = edges.byItem().values();
    JavaPairRDD<Integer, EdgeBlock> u = side(rows, loss, k, nu, ni, true, userPart)
        .mapValues(EdgeBlock::withOutPositions);
    JavaPairRDD<Integer, EdgeBlock> i = (alignedWithItemBlocks(edges.byItem(), itemPart)
        ? edges.byItem().mapPartitionsToPair(it -> inPlace(it, loss, k, ni, nu), true)
        : side(rows, loss, k, ni, nu, false, itemPart)).mapValues(EdgeBlock::withOutPositions);
    u.setName(name + ".users.zero").persist(StorageLevel.MEMORY_AND_DISK());
    i.setName(name + ".items.zero").persist(StorageLevel.MEMORY_AND_DISK());
    BlockedEdges atZero = new BlockedEdges(k, userPart, itemPart, u, i);
    BlockedEdges out = atZero.at(theta, name);
    atZero.unpersist();
    return out;
  }

  /**
   * These blocks at other factors {@code theta} of the same entities (a Newton step's candidate), cached
   * (one job): each block gets its own entities' new factors in place and its source factors as the
   * other side's messages, the data movement of one Hessian-vector product; the slopes move with the
   * scores ({@link EdgeBlock#at}). {@link #build} from rows at {@code theta} gives the same blocks, but
   * first shuffles every training row with its factors.
   */
  public BlockedEdges at(DistributedBlockVector theta, String name) {
    JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> u = withOwn(users, theta.users(), userPart, null, "user");
    JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> i = withOwn(items, theta.items(), itemPart, null, "item");
    JavaPairRDD<Integer, EdgeBlock> movedUsers = moved(u, messages(i), userPart).setName(name + ".users");
    JavaPairRDD<Integer, EdgeBlock> movedItems = moved(i, messages(u), itemPart).setName(name + ".items");
    movedUsers.persist(StorageLevel.MEMORY_AND_DISK());
    movedItems.persist(StorageLevel.MEMORY_AND_DISK());
    movedUsers.values().union(movedItems.values()).count();
    return new BlockedEdges(k, userPart, itemPart, movedUsers, movedItems);
  }

  private static JavaPairRDD<Integer, EdgeBlock> moved(JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> dst,
      JavaPairRDD<Integer, Tuple2<Integer, double[]>> messages, Partitioner part) {
    return ByBlock.byBlock(dst, messages.partitionBy(part), part, true, (block, own, received) ->
        List.of(new Tuple2<>(block, own._1.at(own._2, bySource(own._1, received)))));
  }

  /**
   * {@code F_rows(θ') − F_rows(θ)}, the change of {@code Σ_j w_j ℓ_j} (without the implicit dense term)
   * from {@code before}'s factors to these blocks', where these are {@code before} moved ({@link #at}):
   * block by block without a shuffle ({@link EdgeBlock#objectiveChange}).
   */
  public double objectiveChange(BlockedEdges before) {
    JavaRDD<Double> u = ByBlock.pair(users, before.users, (now, then) -> now.objectiveChange(then, true)).values();
    JavaRDD<Double> i = ByBlock.pair(items, before.items, (now, then) -> now.objectiveChange(then, false)).values();
    return u.union(i).fold(0.0, Double::sum);
  }

  /** {@code Σ_j w_j H_j v} (Gauss–Newton: without the {@code φ' I} cross blocks), lazy. */
  public DistributedBlockVector hvp(DistributedBlockVector v, boolean gaussNewton) {
    JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> u = withOwn(users, v.users(), userPart);
    JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> i = withOwn(items, v.items(), itemPart);
    return new DistributedBlockVector(k, products(u, messages(i), userPart, gaussNewton),
        products(i, messages(u), itemPart, gaussNewton));
  }

  /** {@code Σ_j w_j ∇ℓ_j}, block by block without a shuffle, lazy. */
  public DistributedBlockVector gradient() {
    int kk = k;
    return new DistributedBlockVector(k, perEntity(users, b -> b.gradient(), kk),
        perEntity(items, b -> b.gradient(), kk));
  }

  /**
   * The diagonal Hessian blocks {@code Σ_{j∈u} w_j(φ'' y_i y_iᵀ + 2λI)} per user ({@code k×k}
   * row-major, keyed by user, the user partitioner kept), without a shuffle, lazy.
   */
  public JavaPairRDD<Integer, double[]> userSelfBlocks() {
    return selfBlocks(users);
  }

  /** The mirror image of {@link #userSelfBlocks} per item. */
  public JavaPairRDD<Integer, double[]> itemSelfBlocks() {
    return selfBlocks(items);
  }

  /**
   * Every interaction's leverage on its user's ({@code userSide}) or its item's factor, as rows
   * {@code (user_idx, item_idx, leverage)}, from the cached blocks without a shuffle
   * ({@link EdgeBlock#leverage}).
   *
   * @param dense the implicit all-pairs Gramian of the other side (null for explicit data)
   */
  JavaRDD<Row> leverage(boolean userSide, double[] dense) {
    return (userSide ? users : items).values().flatMap(b -> b.leverage(dense, userSide));
  }

  public void unpersist() {
    users.unpersist(false);
    items.unpersist(false);
  }

  private static void requireHash(Partitioner p, String side) {
    if (!(p instanceof HashPartitioner)) {
      throw new IllegalArgumentException("the " + side + " partitioner must be a HashPartitioner, "
          + "got " + p.getClass().getName());
    }
  }

  /**
   * Whether {@code byItem} is partitioned by {@code itemPart}, so that its partition {@code b}
   * holds exactly the interactions of item block {@code b} (the item blocks then need no
   * shuffle, and a pass over the rows can meet the item blocks partition by partition).
   */
  static boolean alignedWithItemBlocks(JavaPairRDD<Integer, Edge> byItem, Partitioner itemPart) {
    return ByBlock.partitionedBy(byItem, itemPart);
  }

  /** The item block of one aligned partition of rows keyed by item (none when it is empty). */
  private static Iterator<Tuple2<Integer, EdgeBlock>> inPlace(Iterator<Tuple2<Integer, Edge>> it,
      LossSpec loss, int k, int ni, int nu) {
    InteractionChunk c = new InteractionChunk();
    int block = -1;
    while (it.hasNext()) {
      Edge e = it.next()._2;
      block = e.item % ni;
      c.add(e.item, e.user, e.rating, e.weight);
    }
    return block < 0 ? java.util.Collections.emptyIterator()
        : List.of(new Tuple2<>(block, toBlock(c, loss, k, nu))).iterator();
  }

  /**
   * The rows of {@code edges} with {@code x_u} and {@code y_i} of these blocks' factors on each, without
   * moving a row: partition {@code b} of the rows holds item block {@code b}'s interactions, and that block
   * holds its items' factors and those of every user they meet. Lazy; the rows must be aligned with the item
   * blocks ({@link TrainingEdges}, built with the same item partitioner).
   */
  JavaRDD<Edge> rowsWithFactors(TrainingEdges edges) {
    if (!alignedWithItemBlocks(edges.byItem(), itemPart)) {
      throw new IllegalArgumentException("the rows are not partitioned like the item blocks");
    }
    return edges.byItem().zipPartitions(items, BlockedEdges::partitionWithFactors);
  }

  /** The rows of one partition with their factors from the partition's item block (streamed). */
  private static Iterator<Edge> partitionWithFactors(Iterator<Tuple2<Integer, Edge>> rows,
      Iterator<Tuple2<Integer, EdgeBlock>> blocks) {
    EdgeBlock b = blocks.hasNext() ? blocks.next()._2 : null;
    return new Iterator<Edge>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Edge next() {
        return rowWithFactors(b, rows.next()._2);
      }
    };
  }

  /** Row {@code e} with its factors from item block {@code b}, which holds its interaction. */
  static Edge rowWithFactors(EdgeBlock b, Edge e) {
    if (b == null) {
      throw new IllegalStateException("item " + e.item + " has a training row but no item block");
    }
    return TrainingEdges.with(e, b.sourceFactor(e.user), b.ownFactor(e.item));
  }

  /**
   * Per item block (keyed and partitioned like the item blocks): the user part of {@code s} for
   * every user its interactions touch, shipped as messages from the user blocks — what a pass over
   * the item-partitioned rows needs to meet {@code s_u} without moving the rows.
   */
  JavaPairRDD<Integer, SourceVectors> userVectorsByItemBlock(DistributedBlockVector s) {
    JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> u = withOwn(users, s.users(), userPart);
    return items.cogroup(messages(u), itemPart).mapValues(t -> {
      SourceVectors out = null;
      for (EdgeBlock b : t._1) {
        out = new SourceVectors(b, bySource(b, t._2));
      }
      return out;
    });
  }

  public Partitioner itemPartitioner() {
    return itemPart;
  }

  /** The edge block of one destination block's interactions, its factors at zero. */
  private static EdgeBlock toBlock(InteractionChunk c, LossSpec loss, int k, int nSrc) {
    return EdgeBlock.atZero(loss.get(), k, nSrc, c.size(), c.dstIds(), c.srcIds(), c.ratings(), c.weights());
  }

  /** Blocks of one side: chunks per partition, grouped by destination block, then arranged. */
  private static JavaPairRDD<Integer, EdgeBlock> side(JavaRDD<Edge> rows, LossSpec loss, int k,
      int nDst, int nSrc, boolean byUser, Partitioner part) {
    return rows.mapPartitionsToPair(it -> chunks(it, nDst, byUser))
        .groupByKey(part)
        .mapValues(cs -> toBlock(InteractionChunk.concat(cs), loss, k, nSrc));
  }

  private static Iterator<Tuple2<Integer, InteractionChunk>> chunks(Iterator<Edge> it, int nDst, boolean byUser) {
    InteractionChunk[] chunks = new InteractionChunk[nDst];
    while (it.hasNext()) {
      Edge e = it.next();
      int dst = byUser ? e.user : e.item;
      int b = dst % nDst;
      if (chunks[b] == null) {
        chunks[b] = new InteractionChunk();
      }
      if (byUser) {
        chunks[b].add(e.user, e.item, e.rating, e.weight);
      } else {
        chunks[b].add(e.item, e.user, e.rating, e.weight);
      }
    }
    List<Tuple2<Integer, InteractionChunk>> out = new ArrayList<>();
    for (int b = 0; b < nDst; b++) {
      if (chunks[b] != null) {
        out.add(new Tuple2<>(b, chunks[b]));
      }
    }
    return out.iterator();
  }

  /**
   * Each block with its own part of a direction, packed in the block's id order (zeros where the
   * direction has no entry). The direction's partition {@code b} holds exactly block {@code b}'s
   * candidates, so it is regrouped by block in place (no shuffle) and joined narrowly. Entries the
   * blocks do not hold are dropped, or, when {@code side} is not {@code null}, fail if non-zero.
   */
  private static JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> withOwn(
      JavaPairRDD<Integer, EdgeBlock> blocks, JavaPairRDD<Integer, double[]> direction,
      Partitioner part) {
    return withOwn(blocks, direction, part, null, null);
  }

  /** The error of a non-zero entry of an entity without a training interaction (the solve has no block for it). */
  static String noBlockFor(String side, int id) {
    return "the " + side + " with index " + id + " has a non-zero entry but no training interaction, so the solve"
        + " has no block for it";
  }

  /**
   * @param side when not {@code null}, a non-zero entry of an entity the blocks do not hold fails
   * @param complete when not {@code null}, an entity of the blocks without an entry fails (factors, not a
   *     direction: no entry means no factor row, not zero)
   */
  private static JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> withOwn(
      JavaPairRDD<Integer, EdgeBlock> blocks, JavaPairRDD<Integer, double[]> direction,
      Partitioner part, String side, String complete) {
    JavaPairRDD<Integer, double[]> d = direction.partitioner().isPresent()
        && direction.partitioner().get().equals(part) ? direction : direction.partitionBy(part);
    int n = part.numPartitions();
    JavaPairRDD<Integer, List<Tuple2<Integer, double[]>>> byBlock = d.mapPartitionsToPair(it -> {
      List<Tuple2<Integer, double[]>> entries = new ArrayList<>();
      it.forEachRemaining(entries::add);
      return entries.isEmpty() ? java.util.Collections.emptyIterator()
          : List.of(new Tuple2<>(entries.get(0)._1 % n, entries)).iterator();
    }, true);
    return blocks.cogroup(byBlock, part).flatMapValues(t -> {
      List<Tuple2<Integer, double[]>> entries = new ArrayList<>();
      t._2.forEach(entries::addAll);
      EdgeBlock b = t._1.iterator().hasNext() ? t._1.iterator().next() : null;
      int k = b == null ? 0 : b.rank();
      double[] packed = b == null ? null : new double[b.ids().length * k];
      boolean[] found = complete == null || b == null ? null : new boolean[b.ids().length];
      for (Tuple2<Integer, double[]> e : entries) {
        int p = b == null ? -1 : b.position(e._1);
        if (p >= 0) {
          System.arraycopy(e._2, 0, packed, p * k, k);
          if (found != null) {
            found[p] = true;
          }
        } else if (side != null && KVectors.dot(e._2, e._2) != 0) {
          throw new IllegalStateException(noBlockFor(side, e._1));
        }
      }
      for (int p = 0; found != null && p < found.length; p++) {
        if (!found[p]) {
          throw new IllegalStateException("the " + complete + " with index " + b.ids()[p] + " has training "
              + "interactions but no factor row in the model");
        }
      }
      return b == null ? java.util.Collections.emptyIterator()
          : List.of(new Tuple2<>(b, packed)).iterator();
    });
  }

  /** Every block's messages to the other side's blocks: {@code (target, (source, vectors))}. */
  private static JavaPairRDD<Integer, Tuple2<Integer, double[]>> messages(
      JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> src) {
    return src.flatMapToPair(t -> {
      EdgeBlock b = t._2._1;
      List<Tuple2<Integer, Tuple2<Integer, double[]>>> out = new ArrayList<>();
      for (int d = 0; d < b.numTargets(); d++) {
        double[] m = b.message(d, t._2._2);
        if (m != null) {
          out.add(new Tuple2<>(d, new Tuple2<>(t._1, m)));
        }
      }
      return out.iterator();
    });
  }

  /** Each destination block's rows of the product, back under entity keys (partitioner kept). */
  private static JavaPairRDD<Integer, double[]> products(
      JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> dst,
      JavaPairRDD<Integer, Tuple2<Integer, double[]>> messages, Partitioner part,
      boolean gaussNewton) {
    return unpacked(blockProducts(dst, messages, part, gaussNewton));
  }

  /** Each destination block with its rows of the product, packed, under its block key. */
  private static JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> blockProducts(
      JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> dst,
      JavaPairRDD<Integer, Tuple2<Integer, double[]>> messages, Partitioner part,
      boolean gaussNewton) {
    // every block with an interaction hears from the block of its other side, so meeting the messages
    // as an inner join would keeps every block
    return ByBlock.byBlock(dst, messages.partitionBy(part), part, true, (block, own, received) -> {
      EdgeBlock b = own._1;
      return List.of(new Tuple2<>(block, new Tuple2<>(b, b.hvp(own._2, bySource(b, received), gaussNewton))));
    });
  }

  /**
   * The messages {@code b} received, {@code (source block, rows)}, arranged by source block; {@code null}
   * where a source block sent none (it holds none of the entities {@code b} reads).
   */
  private static double[][] bySource(EdgeBlock b, Iterable<Tuple2<Integer, double[]>> received) {
    double[][] out = new double[b.numSourceBlocks()][];
    for (Tuple2<Integer, double[]> m : received) {
      out[m._1] = m._2;
    }
    return out;
  }

  /**
   * {@code Σ_j w_j H_j v} on the packed layout (Gauss–Newton: without the {@code φ' I} cross
   * blocks), lazy: the same messages and block products as {@link #hvp}, without the regrouping
   * of the direction by block or the unpacking of the result.
   */
  PackedBlockVector hvp(PackedBlockVector v, boolean gaussNewton) {
    JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> u = ByBlock.pair(users, v.users(), Tuple2::new);
    JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> i = ByBlock.pair(items, v.items(), Tuple2::new);
    return new PackedBlockVector(k,
        blockProducts(u, messages(i), userPart, gaussNewton).mapValues(Tuple2::_2),
        blockProducts(i, messages(u), itemPart, gaussNewton).mapValues(Tuple2::_2));
  }

  /**
   * {@code v} in the packed layout of these blocks, lazy. An entity of {@code v} with a non-zero
   * block but no training interaction has no place there: that fails, as the block-diagonal
   * preconditioner does.
   */
  PackedBlockVector pack(DistributedBlockVector v) {
    return new PackedBlockVector(k, withOwn(users, v.users(), userPart, "user", null).mapValues(Tuple2::_2),
        withOwn(items, v.items(), itemPart, "item", null).mapValues(Tuple2::_2));
  }

  /** {@code v} back under entity keys (a zero block for every entity of the blocks), lazy. */
  DistributedBlockVector unpack(PackedBlockVector v) {
    return new DistributedBlockVector(k, unpacked(ByBlock.pair(users, v.users(), Tuple2::new)),
        unpacked(ByBlock.pair(items, v.items(), Tuple2::new)));
  }

  /** The user blocks (cached), keyed by block id and partitioned by the user partitioner. */
  JavaPairRDD<Integer, EdgeBlock> userBlocks() {
    return users;
  }

  /** The item blocks (cached), keyed by block id and partitioned by the item partitioner. */
  JavaPairRDD<Integer, EdgeBlock> itemBlocks() {
    return items;
  }

  private static JavaPairRDD<Integer, double[]> unpacked(
      JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> blocks) {
    return blocks.mapPartitionsToPair(it -> {
      List<Tuple2<Integer, double[]>> out = new ArrayList<>();
      while (it.hasNext()) {
        Tuple2<EdgeBlock, double[]> t = it.next()._2;
        unpack(t._1, t._2, t._1.rank(), out);
      }
      return out.iterator();
    }, true);
  }

  private static JavaPairRDD<Integer, double[]> perEntity(JavaPairRDD<Integer, EdgeBlock> blocks,
      org.apache.spark.api.java.function.Function<EdgeBlock, double[]> f, int k) {
    return blocks.mapPartitionsToPair(it -> {
      List<Tuple2<Integer, double[]>> out = new ArrayList<>();
      while (it.hasNext()) {
        EdgeBlock b = it.next()._2;
        unpack(b, f.call(b), k, out);
      }
      return out.iterator();
    }, true);
  }

  private static JavaPairRDD<Integer, double[]> selfBlocks(JavaPairRDD<Integer, EdgeBlock> blocks) {
    return blocks.mapPartitionsToPair(it -> {
      List<Tuple2<Integer, double[]>> out = new ArrayList<>();
      while (it.hasNext()) {
        EdgeBlock b = it.next()._2;
        for (int p = 0; p < b.ids().length; p++) {
          out.add(new Tuple2<>(b.ids()[p], b.selfBlock(p)));
        }
      }
      return out.iterator();
    }, true);
  }

  private static void unpack(EdgeBlock b, double[] packed, int k,
      List<Tuple2<Integer, double[]>> out) {
    int[] ids = b.ids();
    for (int p = 0; p < ids.length; p++) {
      out.add(new Tuple2<>(ids[p], Arrays.copyOfRange(packed, p * k, p * k + k)));
    }
  }
}
