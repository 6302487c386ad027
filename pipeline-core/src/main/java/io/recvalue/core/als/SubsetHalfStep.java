package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.core.linalg.SolverBackends;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One exact half-step of {@link WeightedAls} restricted to some of one side's entities, the other side
 * fixed: for each user (or item) with a row in {@code rows}, the minimiser of {@code F} over its factor,
 * i.e. the solution of its normal equation ({@link NormalEquations}: {@code λ·Σw} on the diagonal, and
 * for implicit feedback the all-pairs Gramian of the fixed side). It is the half-step of a sweep
 * ({@link AlsBlocks}, {@link HalfStep}, {@link BlockSolver}) run on a layout built from those entities'
 * rows only, so an entity's equation is accumulated in the same order, and solved by the same code, as in
 * a full sweep.
 *
 * <p>{@code rows} must hold <em>every</em> training row of the entities it names (their equations are
 * built from it); rows of weight 0 take no part, so an entity whose rows all weigh 0 gets no factors, as
 * in training. Every entity of the fixed side that {@code rows} reaches must have factors in
 * {@code fixed}; one that has none fails the job naming it. The Gramian (implicit feedback only) is that
 * of the whole fixed side ({@link #gram}), not of the part {@code rows} reaches.
 */
public final class SubsetHalfStep {
  private SubsetHalfStep() {}

  /**
   * New factors {@code user_idx, factors} of the users of {@code rows}, with the items fixed at
   * {@code itemFactors}; cached, and materialised before it returns.
   *
   * @param itemGram {@code YᵀY} over all item factors (implicit feedback), else ignored
   */
  public static Dataset<Row> users(SparkSession spark, Dataset<Row> rows, Dataset<Row> itemFactors, double[] itemGram,
      AlsParams p) {
    return solve(spark, rows, itemFactors, itemGram, p, true);
  }

  /** As {@link #users}, for the items of {@code rows} with the users fixed at {@code userFactors}. */
  public static Dataset<Row> items(SparkSession spark, Dataset<Row> rows, Dataset<Row> userFactors, double[] userGram,
      AlsParams p) {
    return solve(spark, rows, userFactors, userGram, p, false);
  }

  /** {@code Σ_e v_e v_eᵀ} over a factor table's vectors ({@code k×k}, row-major). */
  public static double[] gram(Dataset<Row> factors, int k) {
    return FactorBlocks.gram(factors.select(FactorBlocks.FACTORS).javaRDD().map(r -> {
      List<Double> l = r.getList(0);
      double[] v = new double[l.size()];
      for (int q = 0; q < v.length; q++) {
        v[q] = l.get(q);
      }
      return v;
    }), k);
  }

  private static Dataset<Row> solve(SparkSession spark, Dataset<Row> rows, Dataset<Row> fixed, double[] gram,
      AlsParams p, boolean byUser) {
    int k = p.rank();
    int nb = p.numBlocks();
    if (p.implicit() && (gram == null || gram.length != k * k)) {
      throw new IllegalArgumentException("implicit feedback needs the fixed side's k×k Gramian (k = " + k + ")");
    }
    AlsBlocks blocks = AlsBlocks.build(rows, nb);
    try {
      JavaPairRDD<Integer, InBlock> srcIn = byUser ? blocks.itemIn : blocks.userIn;
      JavaPairRDD<Integer, int[][]> srcOut = byUser ? blocks.itemOut : blocks.userOut;
      JavaPairRDD<Integer, InBlock> dstIn = byUser ? blocks.userIn : blocks.itemIn;
      String srcCol = byUser ? ITEM_IDX : USER_IDX;
      String dstCol = byUser ? USER_IDX : ITEM_IDX;
      JavaPairRDD<Integer, double[]> src = FactorBlocks.given(srcIn, fixed, srcCol, k, nb, blocks.partitioner);
      String backend = SolverBackends.resolve(p.solverBackend());
      BlockSolver.Setup setup = new BlockSolver.Setup(k, p.lambda(), p.implicit(), p.alpha(), false, false);
      JavaPairRDD<Integer, double[]> packed = dstIn
          .join(HalfStep.run(src, srcOut, dstIn, p.implicit() ? gram : null, setup, backend, nb, blocks.partitioner))
          .mapValues(t -> FactorBlocks.pack(t._1.dstIds, t._2.factors()));
      Dataset<Row> out = FactorBlocks.toDataset(spark, packed, dstCol, k).persist(StorageLevel.MEMORY_AND_DISK());
      out.count();
      return out;
    } finally {
      blocks.unpersist();
    }
  }
}
