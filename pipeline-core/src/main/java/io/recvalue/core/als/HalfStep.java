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
 * entities with {@link BlockSolver}. The joins are between RDDs with the same partitioner, so the only
 * shuffle is that of the messages. The solver is looked up by name inside the task.
 */
final class HalfStep {
  private HalfStep() {}

  static JavaPairRDD<Integer, BlockSolver.Result> run(
      JavaPairRDD<Integer, double[]> srcFactors, JavaPairRDD<Integer, int[][]> srcOut,
      JavaPairRDD<Integer, InBlock> dstIn, double[] srcGram, BlockSolver.Setup setup, String backend,
      int nb, Partitioner part) {
    int k = setup.rank();
    JavaPairRDD<Integer, Tuple2<Integer, double[]>> msgs =
        srcOut.join(srcFactors)
            .flatMapToPair(
                t -> {
                  int[][] out = t._2._1;
                  double[] f = t._2._2;
                  List<Tuple2<Integer, Tuple2<Integer, double[]>>> m = new ArrayList<>();
                  for (int d = 0; d < nb; d++) {
                    if (out[d].length > 0) {
                      m.add(new Tuple2<>(d, new Tuple2<>(t._1, pack(out[d], f, k))));
                    }
                  }
                  return m.iterator();
                });
    return dstIn.join(msgs.groupByKey(part))
        .mapValues(
            t -> {
              double[][] bySrc = new double[nb][];
              for (Tuple2<Integer, double[]> m : t._2) {
                bySrc[m._1] = m._2;
              }
              return BlockSolver.solve(t._1, bySrc, srcGram, setup, SolverBackends.create(backend));
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
