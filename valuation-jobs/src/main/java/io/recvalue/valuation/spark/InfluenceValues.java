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
 *
 * <p><b>Exact decomposition.</b> With {@code ℓ_j = φ(x_u·y_i, r_j) + λ(‖x_u‖² + ‖y_i‖²)},
 * {@code ∇_{x_u}ℓ_j = φ' y_i + 2λ x_u} and {@code ∇_{y_i}ℓ_j = φ' x_u + 2λ y_i}, so
 * <pre>
 *   value_j = s_uᵀ∇_{x_u}ℓ_j + s_iᵀ∇_{y_i}ℓ_j = φ'_j · a_j + 2λ · b_j,
 *   a_j = s_u·y_i + s_i·x_u  (alignment),   b_j = s_u·x_u + s_i·y_i  (shrinkage),
 * </pre>
 * with {@code φ'_j = ∂φ/∂s} at the interaction's score (the loss slope: {@code −2(r − s)} for explicit
 * ratings, {@code −2c(1 − s) − 2s} with {@code c = 1 + αr} for implicit data). The first term is the
 * fit: a large residual whose gradient points along the direction the validation loss wants to move
 * hurts or helps in proportion to both; the second is the regularisation's share. The two terms add up
 * to the value exactly, row by row ({@link #decompositionRows}).
 */
public final class InfluenceValues {
  private InfluenceValues() {}

  /**
   * Rows of {@link ValueSchemas#VALUES} for direction {@code s} at the point of {@code f}, tagged with
   * {@code method}. When the rows are aligned with the item blocks, each row meets its factors in its item
   * block, and {@code s_u} comes to its partition as {@code k}-vector messages from the user blocks: the
   * rows stay where they are; otherwise the row-wise pass of the reference ({@link #rows(TrainingEdges,
   * DistributedBlockVector, PointLoss, DistributedBlockVector, String, Partitioner)}).
   */
  public static JavaRDD<Row> rows(DistributedObjective f, DistributedBlockVector s, String method) {
    return pass(f, s, (l, k, e, su, si) -> row(l, k, e, su, si, method));
  }

  /** Rows of {@link ValueSchemas#DECOMPOSITION} for direction {@code s}: the same pass as {@link #rows}. */
  public static JavaRDD<Row> decompositionRows(DistributedObjective f, DistributedBlockVector s) {
    return pass(f, s, InfluenceValues::decomposition);
  }

  /** What the pass makes of one row, given {@code s_u} and {@code s_i} (either may be null: zero). */
  private interface RowOf extends java.io.Serializable {
    Row apply(PointLoss loss, int k, Edge e, double[] su, double[] si);
  }

  private static JavaRDD<Row> pass(DistributedObjective f, DistributedBlockVector s, RowOf make) {
    TrainingEdges edges = f.edges();
    BlockedEdges blocks = f.blocks();
    if (!BlockedEdges.alignedWithItemBlocks(edges.byItem(), blocks.itemPartitioner())
        || !io.recvalue.core.als.ByBlock.partitionedBy(s.items(), blocks.itemPartitioner())) {
      return rowWise(edges, f.theta(), f.loss(), s, f.userPartitioner(), make);
    }
    int k = s.k();
    LossSpec l = LossSpec.of(f.loss());
    JavaRDD<Tuple2<Edge, double[]>> withItem = KeyLookup.meet(edges.byItem(), s.items(), blocks.itemPartitioner(),
        true, (Edge e, double[] si) -> new Tuple2<>(e, si)).values();
    return withItem.zipPartitions(blocks.userVectorsByItemBlock(s).values(), (rows, lookups) -> {
      SourceVectors su = lookups.hasNext() ? lookups.next() : null;
      java.util.List<Row> out = new java.util.ArrayList<>();
      while (rows.hasNext()) {
        Tuple2<Edge, double[]> t = rows.next();
        // no item block for a partition with rows: rowWithFactors fails naming the row's item
        Edge e = su == null ? BlockedEdges.rowWithFactors(null, t._1) : su.withFactors(t._1);
        out.add(make.apply(l.get(), k, e, su.get(e.user), t._2));
      }
      return out.iterator();
    });
  }

  /**
   * The row-wise values pass (the reference): the rows with the factors of {@code theta} joined on by
   * lookups, {@code s_i} joined in place, the rows shuffled to meet {@code s_u}.
   */
  public static JavaRDD<Row> rows(TrainingEdges edges, DistributedBlockVector theta, PointLoss loss,
      DistributedBlockVector s, String method, Partitioner userPart) {
    return rowWise(edges, theta, loss, s, userPart, (l, k, e, su, si) -> row(l, k, e, su, si, method));
  }

  private static JavaRDD<Row> rowWise(TrainingEdges edges, DistributedBlockVector theta, PointLoss loss,
      DistributedBlockVector s, Partitioner userPart, RowOf make) {
    int k = s.k();
    LossSpec l = LossSpec.of(loss);
    return edges.withFactors(theta).leftOuterJoin(s.items())
        .mapToPair(t -> new Tuple2<>(t._2._1.user,
            new Tuple2<>(t._2._1, DistributedBlockVector.orNull(t._2._2))))
        .leftOuterJoin(s.users(), userPart)
        .values()
        .map(t -> make.apply(l.get(), k, t._1._1, t._2.orNull(), t._1._2));
  }

  private static Row decomposition(PointLoss loss, int k, Edge e, double[] su, double[] si) {
    double[] zero = new double[k];
    double[] u = su == null ? zero : su;
    double[] i = si == null ? zero : si;
    double score = InteractionKernel.score(e.x, 0, e.y, 0, k);
    double slope = loss.dphi(score, e.rating);
    double alignment = InteractionKernel.score(u, 0, e.y, 0, k) + InteractionKernel.score(i, 0, e.x, 0, k);
    double shrinkage = InteractionKernel.score(u, 0, e.x, 0, k) + InteractionKernel.score(i, 0, e.y, 0, k);
    double fit = slope * alignment;
    double reg = 2 * loss.lambda() * shrinkage;
    double value = InteractionKernel.gradientDot(loss, e.x, 0, e.y, 0, k, e.rating, u, 0, i, 0);
    return RowFactory.create(e.user, e.item, score, slope, alignment, shrinkage, fit, reg, value);
  }

  private static Row row(PointLoss loss, int k, Edge e, double[] su, double[] si, String method) {
    double[] zero = new double[k];
    double v = InteractionKernel.gradientDot(loss, e.x, 0, e.y, 0, k, e.rating,
        su == null ? zero : su, 0, si == null ? zero : si, 0);
    return RowFactory.create(e.user, e.item, e.rating, e.weight, e.timestamp, v, method);
  }
}
