package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.DenseTerm;
import io.recvalue.valuation.math.GramAggregator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The implicit dense term {@code D = Σ_{all u,i} (x_u·y_i)²} on Spark, only through {@code k×k}
 * Gramians: the formulas are those of {@link DenseTerm} (its Javadoc has the derivation). The
 * Gramians {@code G_X = XᵀX}, {@code G_Y = YᵀY} of the fixed {@code θ*} are computed once by
 * {@code treeAggregate} with the math package's {@link GramAggregator} and broadcast; each
 * Hessian-vector product adds one more {@code treeAggregate} for the cross products {@code YᵀB},
 * {@code XᵀA} of the direction. Only {@code k×k} matrices ever reach the driver.
 */
public final class DistributedDenseTerm {
  private final DistributedBlockVector theta;
  private final Broadcast<double[]> gramX;
  private final Broadcast<double[]> gramY;

  private DistributedDenseTerm(DistributedBlockVector theta, Broadcast<double[]> gramX,
      Broadcast<double[]> gramY) {
    this.theta = theta;
    this.gramX = gramX;
    this.gramY = gramY;
  }

  /** Computes and broadcasts the Gramians of {@code theta}. */
  public static DistributedDenseTerm of(DistributedBlockVector theta) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(theta.users().context());
    int k = theta.k();
    return new DistributedDenseTerm(theta, sc.broadcast(gram(theta.users(), theta.users(), k)),
        sc.broadcast(gram(theta.items(), theta.items(), k)));
  }

  /** {@code XᵀX} (a copy). */
  public double[] gramX() {
    return gramX.value().clone();
  }

  /** {@code YᵀY} (a copy). */
  public double[] gramY() {
    return gramY.value().clone();
  }

  /** {@code ∇D}: {@code 2 G_Y x_u} per user, {@code 2 G_X y_i} per item. */
  public DistributedBlockVector gradient() {
    Broadcast<double[]> gx = gramX;
    Broadcast<double[]> gy = gramY;
    int k = theta.k();
    return new DistributedBlockVector(k,
        theta.users().mapValues(x -> KVectors.addMatVec(new double[k], 2, gy.value(), x, k)),
        theta.items().mapValues(y -> KVectors.addMatVec(new double[k], 2, gx.value(), y, k)));
  }

  /**
   * {@code ∇²D·v} for {@code v = (A, B)}: {@code 2 G_Y a_u + 2 (YᵀB + BᵀY) x_u} per user and the
   * mirror image per item; Gauss–Newton drops the transposed ({@code s I}) parts.
   */
  public DistributedBlockVector hvp(DistributedBlockVector v, boolean gaussNewton) {
    int k = theta.k();
    double[] yTb = gram(theta.items(), v.items(), k);
    double[] xTa = gram(theta.users(), v.users(), k);
    double[] cu = gaussNewton ? yTb : KVectors.plusTranspose(yTb, k);
    double[] ci = gaussNewton ? xTa : KVectors.plusTranspose(xTa, k);
    return new DistributedBlockVector(k, side(theta.users(), v.users(), gramY, cu, k),
        side(theta.items(), v.items(), gramX, ci, k));
  }

  public void destroy() {
    gramX.destroy();
    gramY.destroy();
  }

  /** {@code 2 G a_r + 2 C z_r} for every factor row {@code z_r} (missing {@code a_r} is zero). */
  private static JavaPairRDD<Integer, double[]> side(JavaPairRDD<Integer, double[]> factors,
      JavaPairRDD<Integer, double[]> direction, Broadcast<double[]> gram, double[] cross, int k) {
    return factors.leftOuterJoin(direction).mapValues(t -> {
      double[] out = KVectors.addMatVec(new double[k], 2, cross, t._1, k);
      return t._2.isPresent() ? KVectors.addMatVec(out, 2, gram.value(), t._2.get(), k) : out;
    });
  }

  /** {@code Σ_r p_r q_rᵀ} over the keys both tables hold. */
  static double[] gram(JavaPairRDD<Integer, double[]> p, JavaPairRDD<Integer, double[]> q, int k) {
    return p.join(q).values()
        .treeAggregate(new GramAggregator(k), (agg, t) -> agg.add(t._1, 0, t._2, 0),
            GramAggregator::merge)
        .result();
  }
}
