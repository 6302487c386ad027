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
 * (no shuffle) and {@code s_u} (one shuffle of the rows). A missing block of {@code s} is zero.
 */
public final class InfluenceValues {
  private InfluenceValues() {}

  /** Rows of {@link ValueSchemas#VALUES} for direction {@code s}, tagged with {@code method}. */
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
