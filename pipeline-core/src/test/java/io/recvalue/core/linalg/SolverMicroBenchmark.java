package io.recvalue.core.linalg;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.custom.TriangularSolve;
import org.nd4j.linalg.api.ops.impl.transforms.Cholesky;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Microseconds per system of the solver routes considered for {@link Nd4jBatchedSolver}, for
 * k = 8..32 and batches of 100..10,000 (not part of the suite; run with {@code OMP_NUM_THREADS=1}).
 */
public final class SolverMicroBenchmark {
  private SolverMicroBenchmark() {}

  interface Route {
    void solve(int k, int n, double[] a, double[] b);
  }

  static void cholOps(int k, int n, double[] a, double[] b) {
    INDArray am = Nd4j.create(java.util.Arrays.copyOf(a, n * k * k), new long[] {n, k, k}, DataType.DOUBLE);
    INDArray bm = Nd4j.create(java.util.Arrays.copyOf(b, n * k), new long[] {n, k, 1}, DataType.DOUBLE);
    INDArray l = Nd4j.exec(new Cholesky(am))[0];
    INDArray z = Nd4j.exec(new TriangularSolve(l, bm, true, false))[0];
    Nd4j.exec(new TriangularSolve(l, z, true, true));
  }

  static void potrfPerMatrix(int k, int n, double[] a, double[] b) {
    INDArray am = Nd4j.create(java.util.Arrays.copyOf(a, n * k * k), new long[] {n, k, k}, DataType.DOUBLE);
    for (int m = 0; m < n; m++) {
      Nd4j.getBlasWrapper().lapack().potrf(am.tensorAlongDimension(m, 1, 2), true);
    }
  }

  public static void main(String[] args) {
    BatchedSpdSolver java = new JavaCholeskySolver();
    BatchedSpdSolver nd4j = new Nd4jBatchedSolver();
    String[] names = {"java-cholesky", "nd4j linear_solve (batched)", "nd4j cholesky+triangular_solve (batched)",
        "nd4j lapack potrf (per matrix, factor only)"};
    Route[] routes = {java::solve, nd4j::solve, SolverMicroBenchmark::cholOps, SolverMicroBenchmark::potrfPerMatrix};
    for (int k : new int[] {8, 16, 32}) {
      for (int n : new int[] {100, 1000, 10000}) {
        double[][] sys = SelfCheck.randomSpd(k, n, 31L * k + n);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "k=%d batch=%d", k, n));
        for (int r = 0; r < routes.length; r++) {
          int reps = r >= 2 ? 1 : Math.max(3, 200_000 / (n * k));
          int m = r >= 2 ? Math.min(n, 300) : n; // the slow routes are timed on the first 300 systems
          routes[r].solve(k, m, sys[0].clone(), sys[1].clone());
          long t0 = System.nanoTime();
          for (int rep = 0; rep < reps; rep++) {
            routes[r].solve(k, m, sys[0].clone(), sys[1].clone());
          }
          line.append(String.format(Locale.ROOT, " | %s %.1f us", names[r], (System.nanoTime() - t0) / 1e3 / reps / m));
        }
        System.out.println(line);
      }
    }
  }
}
