package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.InteractionKernel;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.output.ValueSchemas;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * The values pass: {@code value_j = sᵀ∇ℓ_j} for every training interaction (unweighted
 * {@code ℓ_j}, as in {@link io.recvalue.valuation.math.Influence#values}), by
 * {@link InteractionKernel#gradientDot} on each cached {@link Edge} after joining {@code s_i}
 * (no shuffle) and {@code s_u} (as messages of {@code k}-vectors from the user blocks of
 * {@link BlockedEdges}, or by one shuffle of the rows). A missing block of {@code s} is zero.
 */
public final class InfluenceValues {
  private InfluenceValues() {}

  /**
   * Rows of {@link ValueSchemas#VALUES} for direction {@code s}, tagged with {@code method}. When
   * the rows are aligned with the item blocks of {@code blocks}, {@code s_u} comes to each row's
   * partition as {@code k}-vector messages from the user blocks and the rows stay where they are;
   * otherwise the rows are shuffled to meet {@code s_u}.
   */
  public static JavaRDD<Row> rows(TrainingEdges edges, BlockedEdges blocks, PointLoss loss,
      DistributedBlockVector s, String method, Partitioner userPart) {
    if (!BlockedEdges.alignedWithItemBlocks(edges.byItem(), blocks.itemPartitioner())
        || !partitionedBy(s.items(), blocks.itemPartitioner())) {
      return rows(edges, loss, s, method, userPart);
    }
    int k = s.k();
    LossSpec l = LossSpec.of(loss);
    JavaRDD<Tuple2<Edge, double[]>> withItem = edges.byItem().leftOuterJoin(s.items())
        .values().map(t -> new Tuple2<>(t._1, DistributedBlockVector.orNull(t._2)));
    return withItem.zipPartitions(blocks.userVectorsByItemBlock(s).values(), (rows, lookups) -> {
      SourceVectors su = lookups.hasNext() ? lookups.next() : null;
      java.util.List<Row> out = new java.util.ArrayList<>();
      while (rows.hasNext()) {
        Tuple2<Edge, double[]> t = rows.next();
        out.add(row(l.get(), k, t._1, su == null ? null : su.get(t._1.user), t._2, method));
      }
      return out.iterator();
    });
  }

  private static boolean partitionedBy(org.apache.spark.api.java.JavaPairRDD<Integer, double[]> side,
      Partitioner part) {
    return side.partitioner().isPresent() && side.partitioner().get().equals(part);
  }

  /** The row-wise values pass: {@code s_i} joined in place, the rows shuffled to meet {@code s_u}. */
  public static JavaRDD<Row> rows(TrainingEdges edges, PointLoss loss, DistributedBlockVector s,
      String method, Partitioner userPart) {
    int k = s.k();
    LossSpec l = LossSpec.of(loss);
    return edges.byItem().leftOuterJoin(s.items())
        .mapToPair(t -> new Tuple2<>(t._2._1.user,
            new Tuple2<>(t._2._1, DistributedBlockVector.orNull(t._2._2))))
        .leftOuterJoin(s.users(), userPart)
        .values()
        .map(t -> row(l.get(), k, t._1._1, t._2.orNull(), t._1._2, method));
  }

  private static Row row(PointLoss loss, int k, Edge e, double[] su, double[] si, String method) {
    double[] zero = new double[k];
    double v = InteractionKernel.gradientDot(loss, e.x, 0, e.y, 0, k, e.rating,
        su == null ? zero : su, 0, si == null ? zero : si, 0);
    return RowFactory.create(e.user, e.item, e.rating, e.weight, e.timestamp, v, method);
  }
}
