package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import io.recvalue.core.als.PackedFactors;
import io.recvalue.valuation.math.InteractionKernel;
import io.recvalue.valuation.math.PointLoss;
import java.util.Iterator;
import java.util.NoSuchElementException;
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
 * <p>Both points are read in ALS's block layout ({@link PackedFactors}), where the phases leave them
 * ({@link PointLookup}): the rows, as compact {@link Edge}s, go to their user's block (the one shuffle of the
 * rows) and find both points' factors there. A row whose user or item has no factor row in either point cannot
 * be valued and is dropped (the phases keep exactly the entities of {@code θ*}).
 */
final class EpValues {
  /** The id written to the {@code method} column. */
  static final String METHOD = "ep";

  private EpValues() {}

  /** Rows of {@link io.recvalue.valuation.output.ValueSchemas#VALUES} tagged {@code ep}. */
  static JavaRDD<Row> rows(Dataset<Row> train, PackedFactors a, PackedFactors b, PointLoss loss, double span) {
    JavaRDD<PointLookup> lookups = PointLookup.of(a, b);
    int k = a.rank();
    LossSpec l = LossSpec.of(loss);
    String method = METHOD;
    JavaPairRDD<Integer, Edge> edges = PointLookup.byUserBlock(train.select(USER_IDX, ITEM_IDX, RATING, WEIGHT,
        TIMESTAMP).javaRDD().mapToPair(r -> new Tuple2<>(r.getInt(0), new Edge(r.getInt(0), r.getInt(1),
        r.getDouble(2), r.getDouble(3), r.isNullAt(4) ? null : r.getLong(4), null, null))), a.numBlocks());
    return PointLookup.meet(edges, lookups, (rows, at) -> {
      PointLoss pl = l.get();
      return new Valued(rows, e -> row(pl, at, k, e, span, method));
    });
  }

  /** The row of {@code e}, or null when either point lacks its user or item. */
  private static Row row(PointLoss loss, PointLookup at, int k, Edge e, double span, String method) {
    int xa = at.user(0, e.user);
    int xb = at.user(1, e.user);
    int ya = at.item(0, e.item);
    int yb = at.item(1, e.item);
    if (xa < 0 || xb < 0 || ya < 0 || yb < 0) {
      return null;
    }
    double la = InteractionKernel.loss(loss, at.userBlock(0), xa, at.itemBlock(0, e.item), ya, k, e.rating);
    double lb = InteractionKernel.loss(loss, at.userBlock(1), xb, at.itemBlock(1, e.item), yb, k, e.rating);
    double v = -(la - lb) / span;
    return RowFactory.create(e.user, e.item, e.rating, e.weight, e.timestamp, v, method);
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
