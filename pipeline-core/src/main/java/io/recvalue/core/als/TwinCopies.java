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

  /**
   * Copy 0 at {@code first} and copy 1 at {@code second}, two points of the same entities in the same layout,
   * interleaved block by block (a narrow join, no shuffle): both phases' start, {@code pair(θ*, θ*)}, or their
   * last iterates for a continuation.
   *
   * @throws org.apache.spark.SparkException (from the job that reads it) when a block holds different entities in
   *     the two points
   */
  public static PackedFactors pair(PackedFactors first, PackedFactors second) {
    if (first.copies() != 1 || second.copies() != 1) {
      throw new IllegalArgumentException("a pair is made of two points of one copy each");
    }
    int k = first.rank();
    int nb = first.numBlocks();
    if (second.rank() != k || second.numBlocks() != nb) {
      throw new IllegalArgumentException("a pair of points of rank " + k + " in " + nb + " blocks and of rank "
          + second.rank() + " in " + second.numBlocks() + " blocks");
    }
    return new PackedFactors(k, nb, 2, pair(first.users(), second.users(), k, nb),
        pair(first.items(), second.items(), k, nb));
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

  private static JavaPairRDD<Integer, double[]> pair(JavaPairRDD<Integer, double[]> first,
      JavaPairRDD<Integer, double[]> second, int k, int nb) {
    return first.join(second).mapValues(t -> {
      double[] a = t._1;
      double[] b = t._2;
      int n = a.length / (k + 1);
      if (b.length != a.length || !java.util.Arrays.equals(a, 0, n, b, 0, n)) {
        throw new IllegalStateException("the two points of a pair hold different entities in one block");
      }
      double[] out = new double[2 * a.length];
      for (int p = 0; p < n; p++) {
        int e = (int) a[p];
        out[2 * p] = id(e, 0, nb);
        out[2 * p + 1] = id(e, 1, nb);
        System.arraycopy(a, n + p * k, out, 2 * n + 2 * p * k, k);
        System.arraycopy(b, n + p * k, out, 2 * n + (2 * p + 1) * k, k);
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
