package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import io.recvalue.core.als.ByBlock;
import io.recvalue.core.als.PackedFactors;
import io.recvalue.core.als.PackedFactors.Block;
import io.recvalue.valuation.math.InteractionKernel;
import io.recvalue.valuation.math.PointLoss;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * The values pass of equilibrium propagation: {@code value_j = −(ℓ_j(θ_a) − ℓ_j(θ_b)) / span} for
 * every training interaction (unweighted {@code ℓ_j}, as the influence values), where
 * {@code (θ_a, θ_b, span)} is {@code (θ_{+β}, θ_{−β}, 2β)} (centred) or {@code (θ_{+β}, θ*, β)}
 * (one-sided).
 *
 * <p>Both points are read in ALS's block layout ({@link PackedFactors}), where the phases leave them, as one ALS
 * half-step reads its factors: the rows, as compact {@link Edge}s, go to their user's block (the one shuffle of
 * the rows), which holds both points' user factors; every item block of both points is sent to every user block
 * (as a half-step sends the item factors a user block needs, here all of them), and each row finds its
 * factors by a binary search in its block ({@link Block#offset}). A row whose user or item has no factor row in
 * either point cannot be valued and is dropped (the phases keep exactly the entities of {@code θ*}).
 */
final class EpValues {
  /** The id written to the {@code method} column. */
  static final String METHOD = "ep";

  private EpValues() {}

  /** Rows of {@link io.recvalue.valuation.output.ValueSchemas#VALUES} tagged {@code ep}. */
  static JavaRDD<Row> rows(Dataset<Row> train, PackedFactors a, PackedFactors b, PointLoss loss, double span) {
    if (a.numBlocks() != b.numBlocks() || a.rank() != b.rank()) {
      throw new IllegalArgumentException("the two points of the values pass differ in layout: " + a.numBlocks()
          + " and " + b.numBlocks() + " blocks, rank " + a.rank() + " and " + b.rank());
    }
    int nb = a.numBlocks();
    int k = a.rank();
    Partitioner part = new HashPartitioner(nb);
    LossSpec l = LossSpec.of(loss);
    String method = METHOD;
    JavaRDD<Lookup> lookups = blockPairs(a.users(), b.users(), k, part)
        .zipPartitions(allItemBlocks(a.items(), b.items(), k, part), (users, items) -> {
          Block[][] itemBlocks = new Block[2][nb];
          while (items.hasNext()) {
            Tuple2<Integer, Block[]> t = items.next()._2;
            itemBlocks[0][t._1] = t._2[0];
            itemBlocks[1][t._1] = t._2[1];
          }
          Block[] u = users.hasNext() ? users.next()._2 : new Block[2];
          return List.of(new Lookup(k, nb, u, itemBlocks)).iterator();
        });
    JavaPairRDD<Integer, Edge> byUserBlock = train.select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0) % nb, new Edge(r.getInt(0), r.getInt(1),
            r.getDouble(2), r.getDouble(3), r.isNullAt(4) ? null : r.getLong(4), null, null)))
        .partitionBy(part);
    return byUserBlock.values().zipPartitions(lookups, (edges, found) -> {
      Lookup at = found.next();
      PointLoss pl = l.get();
      return new Valued(edges, e -> at.row(pl, e, span, method));
    });
  }

  /** Per block of one side, the packed blocks of both points ({@code null} where a point has no such block). */
  private static JavaPairRDD<Integer, Block[]> blockPairs(JavaPairRDD<Integer, double[]> a,
      JavaPairRDD<Integer, double[]> b, int k, Partitioner part) {
    return inPlace(a, part).cogroup(inPlace(b, part), part).mapValues(t -> new Block[] {
        block(t._1, k), block(t._2, k)});
  }

  private static Block block(Iterable<double[]> packed, int k) {
    Iterator<double[]> it = packed.iterator();
    return it.hasNext() ? Block.of(it.next(), k) : null;
  }

  private static JavaPairRDD<Integer, double[]> inPlace(JavaPairRDD<Integer, double[]> side, Partitioner part) {
    return ByBlock.partitionedBy(side, part) ? side : side.partitionBy(part);
  }

  /** Every item block (of both points) in every partition: one copy per user block. */
  private static JavaPairRDD<Integer, Tuple2<Integer, Block[]>> allItemBlocks(JavaPairRDD<Integer, double[]> a,
      JavaPairRDD<Integer, double[]> b, int k, Partitioner part) {
    int nb = part.numPartitions();
    return blockPairs(a, b, k, part).flatMapToPair(t -> {
      List<Tuple2<Integer, Tuple2<Integer, Block[]>>> out = new ArrayList<>(nb);
      for (int d = 0; d < nb; d++) {
        out.add(new Tuple2<>(d, t));
      }
      return out.iterator();
    }).partitionBy(part);
  }

  /** One partition's factors: its user block of both points, every item block of both points. */
  private static final class Lookup implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int k;
    private final int nb;
    private final Block[] users;
    private final Block[][] items;

    Lookup(int k, int nb, Block[] users, Block[][] items) {
      this.k = k;
      this.nb = nb;
      this.users = users;
      this.items = items;
    }

    /** The row of {@code e}, or null when either point lacks its user or item. */
    Row row(PointLoss loss, Edge e, double span, String method) {
      Block ua = users[0];
      Block ub = users[1];
      Block ia = items[0][e.item % nb];
      Block ib = items[1][e.item % nb];
      if (ua == null || ub == null || ia == null || ib == null) {
        return null;
      }
      int xa = ua.offset(e.user, k);
      int xb = ub.offset(e.user, k);
      int ya = ia.offset(e.item, k);
      int yb = ib.offset(e.item, k);
      if (xa < 0 || xb < 0 || ya < 0 || yb < 0) {
        return null;
      }
      double la = InteractionKernel.loss(loss, ua.packed(), xa, ia.packed(), ya, k, e.rating);
      double lb = InteractionKernel.loss(loss, ub.packed(), xb, ib.packed(), yb, k, e.rating);
      double v = -(la - lb) / span;
      return RowFactory.create(e.user, e.item, e.rating, e.weight, e.timestamp, v, method);
    }
  }

  /** The rows of a partition's edges, lazily, skipping those that cannot be valued. */
  private static final class Valued implements Iterator<Row> {
    private final Iterator<Edge> edges;
    private final java.util.function.Function<Edge, Row> value;
    private Row next;

    Valued(Iterator<Edge> edges, java.util.function.Function<Edge, Row> value) {
      this.edges = edges;
      this.value = value;
    }

    @Override
    public boolean hasNext() {
      while (next == null && edges.hasNext()) {
        next = value.apply(edges.next());
      }
      return next != null;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = next;
      next = null;
      return r;
    }
  }
}
