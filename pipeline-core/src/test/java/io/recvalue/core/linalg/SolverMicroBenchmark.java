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

  /**
   * {@code main} (no argument): the solver routes at k = 8..32, as recorded in {@link Nd4jBatchedSolver}.
   * {@code main crossover}: the Java Cholesky against ND4J's batched {@code linear_solve} at the ranks a
   * user trains (10, 32, 64, 128), and the Gramian {@code Σ v vᵀ} of n vectors by the Java rank-one loop
   * of {@link io.recvalue.core.als.NormalEquations#addGram} against ND4J's {@code gemm} (OpenBLAS on the
   * CPU), for the per-entity sizes of the normal equations (n = 50, 1,000) and the whole-table Gramian
   * of implicit ALS (n = 100,000). The crossover rule of {@link SolverBackends} reads this table.
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("crossover")) {
      crossover();
      return;
    }
    routes();
  }

  private static void crossover() {
    BatchedSpdSolver javaSolver = new JavaCholeskySolver();
    BatchedSpdSolver nd4j = new Nd4jBatchedSolver();
    System.out.println("| k | systems | java-cholesky us/system | nd4j linear_solve us/system | nd4j / java |");
    System.out.println("|---:|---:|---:|---:|---:|");
    for (int k : new int[] {10, 32, 64, 128}) {
      for (int n : new int[] {100, 1000}) {
        double[][] sys = SelfCheck.randomSpd(k, n, 31L * k + n);
        double tj = timeSolve(javaSolver, k, n, sys);
        double tn = timeSolve(nd4j, k, n, sys);
        System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f |%n", k, n, tj, tn, tn / tj);
      }
    }
    System.out.println();
    System.out.println("| k | vectors | java addGram us | nd4j gemm us | nd4j / java |");
    System.out.println("|---:|---:|---:|---:|---:|");
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    for (int k : new int[] {10, 32, 64, 128}) {
      for (int n : new int[] {50, 1000, 100_000}) {
        double[] v = new double[n * k];
        for (int j = 0; j < v.length; j++) {
          v[j] = rnd.nextDouble() - 0.5;
        }
        int reps = (int) Math.max(3, 2e8 / ((double) n * k * k));
        double[] g = new double[k * k];
        io.recvalue.core.als.NormalEquations.addGram(k, g, v, n);
        long t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
          java.util.Arrays.fill(g, 0.0);
          io.recvalue.core.als.NormalEquations.addGram(k, g, v, n);
        }
        double tj = (System.nanoTime() - t0) / 1e3 / reps;
        INDArray vm = Nd4j.create(v, new long[] {n, k}, DataType.DOUBLE);
        double[] check = vm.transpose().mmul(vm).data().asDouble();
        for (int i = 0; i < k; i++) {
          for (int j = 0; j <= i; j++) {
            if (Math.abs(check[i * k + j] - g[i * k + j]) > 1e-9 * n) {
              throw new IllegalStateException("gemm and addGram disagree at (" + i + ", " + j + ")");
            }
          }
        }
        t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
          INDArray m = Nd4j.create(v, new long[] {n, k}, DataType.DOUBLE);
          m.transpose().mmul(m).data().asDouble();
        }
        double tn = (System.nanoTime() - t0) / 1e3 / reps;
        System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.2f |%n", k, n, tj, tn, tn / tj);
      }
    }
  }

  private static double timeSolve(BatchedSpdSolver solver, int k, int n, double[][] sys) {
    int reps = (int) Math.max(3, 3e7 / ((double) n * k * k * k));
    solver.solve(k, n, sys[0].clone(), sys[1].clone());
    long t0 = System.nanoTime();
    for (int r = 0; r < reps; r++) {
      solver.solve(k, n, sys[0].clone(), sys[1].clone());
    }
    return (System.nanoTime() - t0) / 1e3 / reps / n;
  }

  private static void routes() {
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
