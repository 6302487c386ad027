package io.recvalue.core.als;

import io.recvalue.core.linalg.BatchedSpdSolver;
import java.io.Serializable;

/**
 * Solves all entities of one destination block given the messages of the source blocks: the
 * per-block work of a half-step, in plain Java (Spark only brings the {@link InBlock} and messages).
 *
 * <p>Entity {@code p}'s normal equation ({@link NormalEquations}) is accumulated in the order of
 * its interactions and solved in batches of up to {@link #BATCH} through the {@link BatchedSpdSolver}.
 * Optionally it also returns this block's share of the objective, {@code Σ_{j∈block} w_j ℓ_j} with the
 * new destination factors and the source factors of the messages (every interaction belongs to exactly
 * one destination block, so the shares add up to {@code Σ_j w_j ℓ_j}), and the Gramian of the new factors.
 * Nudge pairs (flagged {@link InBlock#plain}) add {@code ν (t − s)²} to the objective and
 * {@code (ν y yᵀ, ν t y)} to the normal equations, without a regularisation share.
 */
public final class BlockSolver {
  static final int BATCH = 2048;

  private BlockSolver() {}

  /** Per-block output of a half-step. */
  public record Result(double[] factors, double objective, double[] gram) implements Serializable {}

  /** The objective's constants as the half-step needs them. */
  public record Setup(int rank, double lambda, boolean implicit, double alpha, boolean withObjective, boolean withGram)
      implements Serializable {}

  /**
   * @param msgs {@code msgs[s]}: packed factors from source block {@code s} ({@code srcIds[s]} order)
   * @param srcGram {@code YᵀY} of all source factors (implicit), else null
   */
  public static Result solve(InBlock in, double[][] msgs, double[] srcGram, Setup c, BatchedSpdSolver solver) {
    int k = c.rank();
    int n = in.numEntities();
    double[] x = new double[n * k];
    int batch = Math.min(BATCH, Math.max(n, 1));
    double[] a = new double[batch * k * k];
    double[] b = new double[batch * k];
    for (int start = 0; start < n; start += batch) {
      int count = Math.min(batch, n - start);
      java.util.Arrays.fill(a, 0.0);
      java.util.Arrays.fill(b, 0.0);
      for (int m = 0; m < count; m++) {
        accumulate(in, start + m, msgs, srcGram, c, a, m * k * k, b, m * k);
      }
      solver.solve(k, count, a, b);
      System.arraycopy(b, 0, x, start * k, count * k);
    }
    double objective = c.withObjective() ? objective(in, msgs, x, c) : Double.NaN;
    double[] gram = null;
    if (c.withGram()) {
      gram = new double[k * k];
      NormalEquations.addGram(k, gram, x, n);
      NormalEquations.symmetrize(k, gram);
    }
    return new Result(x, objective, gram);
  }

  private static void accumulate(
      InBlock in, int p, double[][] msgs, double[] srcGram, Setup c, double[] a, int ao, double[] b, int bo) {
    int k = c.rank();
    double wsum = 0.0;
    for (int q = in.ptr[p]; q < in.ptr[p + 1]; q++) {
      double w = in.weight[q];
      if (in.plain != null && in.plain[q]) {
        NormalEquations.addPlain(k, a, ao, b, bo, msgs[in.srcBlock[q]], in.srcPos[q] * k, in.rating[q], w);
        continue;
      }
      NormalEquations.add(k, a, ao, b, bo, msgs[in.srcBlock[q]], in.srcPos[q] * k, in.rating[q], w, c.implicit(), c.alpha());
      wsum += w;
    }
    NormalEquations.finish(k, a, ao, c.lambda() * wsum, srcGram);
  }

  /** {@code Σ_{j∈block} w_j ℓ_j(x_dst, y_src)}. */
  static double objective(InBlock in, double[][] msgs, double[] x, Setup c) {
    int k = c.rank();
    double f = 0.0;
    for (int p = 0; p < in.numEntities(); p++) {
      double xx = NormalEquations.dot(k, x, p * k, x, p * k);
      for (int q = in.ptr[p]; q < in.ptr[p + 1]; q++) {
        double[] v = msgs[in.srcBlock[q]];
        int vo = in.srcPos[q] * k;
        double s = NormalEquations.dot(k, x, p * k, v, vo);
        if (in.plain != null && in.plain[q]) {
          double e = in.rating[q] - s;
          f += in.weight[q] * e * e;
          continue;
        }
        double yy = NormalEquations.dot(k, v, vo, v, vo);
        f += in.weight[q] * NormalEquations.loss(in.rating[q], s, xx, yy, c.lambda(), c.implicit(), c.alpha());
      }
    }
    return f;
  }
}
