package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import io.recvalue.valuation.math.InteractionKernel;
import io.recvalue.valuation.math.PointLoss;
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
 * (one-sided). Each row, as a compact {@link Edge} (a table {@code Row} carries its schema and
 * made the joins spill), is joined with both phases' user factors (one shuffle by user) and item
 * factors (one shuffle by item), each by a lookup in the factors' partition ({@link KeyLookup}). A row whose user or item has no factor row in either phase
 * cannot be valued and is dropped (the phases keep exactly the entities of {@code θ*}).
 */
final class EpValues {
  /** The id written to the {@code method} column. */
  static final String METHOD = "ep";

  private EpValues() {}

  /** Rows of {@link io.recvalue.valuation.output.ValueSchemas#VALUES} tagged {@code ep}. */
  static JavaRDD<Row> rows(Dataset<Row> train, JavaPairRDD<Integer, double[]>[] a,
      JavaPairRDD<Integer, double[]>[] b, PointLoss loss, double span, Partitioner part) {
    LossSpec l = LossSpec.of(loss);
    String method = METHOD;
    JavaPairRDD<Integer, double[][]> users = a[0].join(b[0], part)
        .mapValues(t -> new double[][] {t._1, t._2});
    JavaPairRDD<Integer, double[][]> items = a[1].join(b[1], part)
        .mapValues(t -> new double[][] {t._1, t._2});
    JavaPairRDD<Integer, Edge> byUser = train.select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), new Edge(r.getInt(0), r.getInt(1),
            r.getDouble(2), r.getDouble(3), r.isNullAt(4) ? null : r.getLong(4), null, null)));
    JavaPairRDD<Integer, Tuple2<Edge, double[][]>> withUser = KeyLookup.meet(byUser, users, part, false,
        (Edge e, double[][] x) -> new Tuple2<>(e, x));
    return KeyLookup.meet(withUser.mapToPair(t -> new Tuple2<>(t._2._1.item, t._2)), items, part, false,
        (Tuple2<Edge, double[][]> t, double[][] y) -> row(l.get(), t._1, t._2, y, span, method)).values();
  }

  private static Row row(PointLoss loss, Edge e, double[][] x, double[][] y, double span,
      String method) {
    int k = x[0].length;
    double la = InteractionKernel.loss(loss, x[0], 0, y[0], 0, k, e.rating);
    double lb = InteractionKernel.loss(loss, x[1], 0, y[1], 0, k, e.rating);
    double v = -(la - lb) / span;
    return RowFactory.create(e.user, e.item, e.rating, e.weight, e.timestamp, v, method);
  }
}
