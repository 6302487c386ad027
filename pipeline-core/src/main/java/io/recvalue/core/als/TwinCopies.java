package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;

/**
 * Two disconnected copies of one explicit ALS problem fitted as one problem: the two phases of equilibrium
 * propagation in one fit ({@link NudgedProblem#buildBothPhases}), so every sweep runs the stages of one fit
 * instead of two.
 *
 * <p><b>Ids.</b> Entity {@code e} of copy {@code c ∈ {0, 1}} is
 * <pre>
 *   id(e, c) = ⌊e / nb⌋ · 2nb + c · nb + (e mod nb),
 * </pre>
 * so {@code id(e, c) mod nb = e mod nb}: both copies of an entity live in its block, and a block's twinned ids
 * ascend as {@code id(e, 0) < id(e, 1) < id(e′, 0)} for consecutive entities {@code e < e′} of the block. An
 * entity's interactions keep their order (by the other end's id) in each copy, so each normal equation is
 * accumulated in the same order as in the problem alone.
 *
 * <p><b>Why the copies do not couple.</b> An explicit objective is a sum of per-interaction terms plus each
 * entity's regularisation, and no interaction joins the copies; a half-step solves each entity from its own
 * interactions, so the fit of the pair is the two fits side by side, sweep by sweep. The implicit objective's
 * all-pairs term {@code Σ_{u,i} (x_uᵀy_i)²} would join every user of one copy with every item of the other,
 * so implicit problems are not twinned.
 */
public final class TwinCopies {
  private TwinCopies() {}

  /** The twinned id of entity {@code e} (≥ 0) of copy {@code copy} in a layout of {@code numBlocks} blocks. */
  public static int id(int e, int copy, int numBlocks) {
    if (e > (Integer.MAX_VALUE - 2 * numBlocks) / 2) {
      throw new IllegalArgumentException("index " + e + " is too large to fit both copies of it in an int id");
    }
    return e / numBlocks * 2 * numBlocks + copy * numBlocks + e % numBlocks;
  }

  /** The copy (0 or 1) a twinned id belongs to. */
  public static int copyOf(int twinId, int numBlocks) {
    return twinId / numBlocks % 2;
  }

  /** The entity a twinned id stands for in its copy. */
  public static int original(int twinId, int numBlocks) {
    return twinId / (2 * numBlocks) * numBlocks + twinId % numBlocks;
  }

  /** Both copies at the same point {@code factors} (each entity's factor twice), block by block, no shuffle. */
  public static PackedFactors twin(PackedFactors factors) {
    if (factors.copies() != 1) {
      throw new IllegalArgumentException("these factors already hold two copies");
    }
    int k = factors.rank();
    int nb = factors.numBlocks();
    return new PackedFactors(k, nb, 2, twin(factors.users(), k, nb), twin(factors.items(), k, nb));
  }

  /** Copy {@code copy} of twinned factors, with the entities' own ids, block by block (a lazy view). */
  public static PackedFactors copy(PackedFactors twins, int copy) {
    requireTwinned(twins.copies());
    int k = twins.rank();
    int nb = twins.numBlocks();
    return new PackedFactors(k, nb, 1, copy(twins.users(), copy, k, nb), copy(twins.items(), copy, k, nb));
  }

  /**
   * Copy {@code copy} of a twinned fit's iterates (lazy views of its cached blocks; release the twinned fit, not
   * the view). The view's {@link FactorIterates#last()} is copy {@code copy} of the fitted model as factor tables
   * of {@code spark} (lazy), with the history of the fit of both copies (its objective is the sum of the two).
   */
  public static FactorIterates copy(SparkSession spark, FactorIterates twins, int copy) {
    requireTwinned(twins.copies());
    int k = twins.rank();
    int nb = twins.numBlocks();
    PackedFactors last = copy(twins.lastFactors(), copy);
    AlsModel model = new AlsModel(k, FactorBlocks.toDataset(spark, last.users(), USER_IDX, k),
        FactorBlocks.toDataset(spark, last.items(), ITEM_IDX, k), twins.last().history(),
        twins.last().solverDescription());
    return twins.mapBlocks(1, side -> copy(side, copy, k, nb), model);
  }

  private static void requireTwinned(int copies) {
    if (copies != 2) {
      throw new IllegalArgumentException("a copy can only be taken of twinned factors");
    }
  }

  private static JavaPairRDD<Integer, double[]> twin(JavaPairRDD<Integer, double[]> side, int k, int nb) {
    return side.mapValues(v -> {
      int n = v.length / (k + 1);
      double[] out = new double[2 * v.length];
      for (int p = 0; p < n; p++) {
        int e = (int) v[p];
        for (int c = 0; c < 2; c++) {
          out[2 * p + c] = id(e, c, nb);
          System.arraycopy(v, n + p * k, out, 2 * n + (2 * p + c) * k, k);
        }
      }
      return out;
    });
  }

  private static JavaPairRDD<Integer, double[]> copy(JavaPairRDD<Integer, double[]> side, int copy, int k, int nb) {
    return side.mapValues(v -> {
      int n = v.length / (k + 1);
      int m = 0;
      for (int p = 0; p < n; p++) {
        if (copyOf((int) v[p], nb) == copy) {
          m++;
        }
      }
      double[] out = new double[m * (k + 1)];
      int q = 0;
      for (int p = 0; p < n; p++) {
        int id = (int) v[p];
        if (copyOf(id, nb) == copy) {
          out[q] = original(id, nb);
          System.arraycopy(v, n + p * k, out, m + q * k, k);
          q++;
        }
      }
      return out;
    });
  }
}
