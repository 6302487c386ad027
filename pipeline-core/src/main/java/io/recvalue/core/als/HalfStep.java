package io.recvalue.core.als;

import io.recvalue.core.linalg.SolverBackends;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * One half-step on Spark: every source block sends each destination block the factors it needs
 * (through the source's out-block), each destination block gathers its messages and solves its
 * entities with {@link BlockSolver}. The solver is looked up by name inside the task.
 *
 * <p>Block {@code b} of every table of a fit (in-blocks, out-blocks, factors) is the one record of
 * partition {@code b} under the fit's partitioner, and the messages to block {@code b} are shuffled to
 * partition {@code b} ({@code partitionBy}, no combiner), so a table meets the others partition by
 * partition ({@link ByBlock#byBlock}), without a join: the only shuffle is that of the messages, and no cogroup
 * or combiner is planned, run or closure-cleaned (each costs the driver a closure-cleaning pass over
 * Spark's own classes: a fifth of ours' samples in a profile of {@code recvalue benchmark als}, see
 * benchmarks/als-vs-mllib.md). Tables not partitioned by the fit's partitioner are joined instead.
 */
final class HalfStep {
  private HalfStep() {}

  static JavaPairRDD<Integer, BlockSolver.Result> run(
      JavaPairRDD<Integer, double[]> srcFactors, JavaPairRDD<Integer, int[][]> srcOut,
      JavaPairRDD<Integer, InBlock> dstIn, double[] srcGram, BlockSolver.Setup setup, String backend,
      int nb, Partitioner part) {
    int k = setup.rank();
    JavaPairRDD<Integer, Tuple2<Integer, double[]>> msgs = ByBlock.byBlock(srcOut, srcFactors, part, false,
        (block, out, f) -> {
          List<Tuple2<Integer, Tuple2<Integer, double[]>>> m = new ArrayList<>();
          for (int d = 0; d < nb; d++) {
            if (out[d].length > 0) {
              m.add(new Tuple2<>(d, new Tuple2<>(block, pack(out[d], f.get(0), k))));
            }
          }
          return m;
        });
    // partitionBy, not groupByKey: the messages are gathered where they land, without a combiner
    return ByBlock.byBlock(dstIn, msgs.partitionBy(part), part, true, (block, in, received) -> {
      double[][] bySrc = new double[nb][];
      for (Tuple2<Integer, double[]> m : received) {
        bySrc[m._1] = m._2;
      }
      return List.of(new Tuple2<>(block, BlockSolver.solve(in, bySrc, srcGram, setup, SolverBackends.create(backend))));
    });
  }

  private static double[] pack(int[] pos, double[] f, int k) {
    double[] out = new double[pos.length * k];
    for (int q = 0; q < pos.length; q++) {
      System.arraycopy(f, pos[q] * k, out, q * k, k);
    }
    return out;
  }

  /** Sums the blocks' objective shares and Gramians: {@code [objective, gram...]}. */
  static double[] aggregate(JavaPairRDD<Integer, BlockSolver.Result> results, int k) {
    return results.values()
        .map(
            r -> {
              double[] v = new double[1 + k * k];
              v[0] = Double.isNaN(r.objective()) ? 0.0 : r.objective();
              if (r.gram() != null) {
                System.arraycopy(r.gram(), 0, v, 1, k * k);
              }
              return v;
            })
        .fold(new double[1 + k * k], (a, b) -> {
          double[] s = new double[a.length];
          for (int i = 0; i < s.length; i++) {
            s[i] = a[i] + b[i];
          }
          return s;
        });
  }
}
