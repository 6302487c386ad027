package io.recvalue.core.linalg;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.custom.LinearSolve;
import org.nd4j.linalg.api.ops.custom.TriangularSolve;
import org.nd4j.linalg.api.ops.impl.transforms.Cholesky;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batched solves through ND4J: one {@code linear_solve} custom op on a {@code [count, k, k]} array
 * and a {@code [count, k, 1]} right-hand side (LU with partial pivoting per matrix, inside libnd4j).
 *
 * <p>Why this op: of the ND4J 1.0.0-M2.1 routes measured ({@code SolverMicroBenchmark} in the test
 * sources; CPU, one OpenMP thread, k = 8, 16, 32, batches of 100, 1,000, 10,000), the batched
 * {@code linear_solve} was the fastest: 17–25 µs per system at k = 8, 43–58 µs at k = 16, 180–260 µs
 * at k = 32. The batched {@code cholesky} op followed by two {@code triangular_solve} ops was 10–40×
 * slower (the {@code cholesky} op dominates), and per-matrix LAPACK {@code potrf} through
 * {@code Nd4j.getBlasWrapper().lapack()} cost 210–870 µs per system for the factorisation alone, in
 * view and call overhead. On a CPU the pure Java {@link JavaCholeskySolver} is 10–30× faster than any
 * of them at these sizes (0.9–2.5 µs per system at k = 8, 9–10 µs at k = 32); this backend
 * is meant for an accelerator build of ND4J, where the same op would run on the device (not yet
 * measured on one).
 *
 * <p>Factor once, solve many ({@link #factor}, {@link #solveFactored}): the batched {@code cholesky} op,
 * then two batched {@code triangular_solve} ops per application ({@code L z = b}, {@code Lᵀ x = z}). The
 * factors have the Java solver's layout, so either backend can apply factors the other made; like the
 * Java solver, {@link #factor} reads only the lower triangle of each matrix. A
 * {@code cholesky} that fails, or a factor whose diagonal is not positive and finite, is reported as a
 * matrix that is not positive definite.
 *
 * <p>Positive definiteness: LU does not test it, so after the solve each system is checked for a
 * positive diagonal, a finite solution and {@code bᵀx > 0} (for SPD {@code A} and {@code b ≠ 0},
 * {@code bᵀA⁻¹b > 0}). These are necessary conditions: they catch singular systems and indefinite
 * ones whose right-hand side exposes a negative direction, not every indefinite matrix. The ALS
 * normal matrices are positive semidefinite plus {@code λ Σw I} by construction; use the Java backend
 * where a full check matters.
 *
 * <p>ND4J is loaded only when an instance is created (never serialised from the driver):
 * {@link SolverBackends} creates one per JVM, lazily, inside the executor.
 */
public final class Nd4jBatchedSolver implements BatchedSpdSolver {
  private final String description;

  /** Loads ND4J (its native backend) in this JVM; throws whatever ND4J throws if it cannot. */
  public Nd4jBatchedSolver() {
    String backend = Nd4j.getBackend().getClass().getSimpleName();
    boolean cpu = Nd4j.getEnvironment().isCPU();
    String artifact = cpu ? "nd4j-native" : "nd4j-cuda";
    this.description = artifact + " 1.0.0-M2.1 (" + (cpu ? "CPU" : "GPU") + ", " + backend + ", linear_solve)";
  }

  @Override
  public void solve(int k, int count, double[] a, double[] b) {
    JavaCholeskySolver.checkSizes(k, count, a, b);
    if (count == 0) {
      return;
    }
    INDArray am = Nd4j.create(slice(a, count * k * k), new long[] {count, k, k}, DataType.DOUBLE);
    INDArray bm = Nd4j.create(slice(b, count * k), new long[] {count, k, 1}, DataType.DOUBLE);
    INDArray x = Nd4j.exec(new LinearSolve(am, bm, false))[0];
    double[] sol = x.data().asDouble();
    check(k, count, a, b, sol);
    System.arraycopy(sol, 0, b, 0, count * k);
  }

  @Override
  public void factor(int k, int count, double[] a) {
    JavaCholeskySolver.checkSizes(k, count, a, new double[count * k]);
    if (count == 0) {
      return;
    }
    INDArray am = Nd4j.create(lowerMirrored(a, k, count), new long[] {count, k, k}, DataType.DOUBLE);
    double[] l;
    try {
      l = Nd4j.exec(new Cholesky(am))[0].data().asDouble();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a matrix of the batch is not positive definite (ND4J cholesky: "
          + e.getMessage() + ")", e);
    }
    for (int m = 0; m < count; m++) {
      for (int i = 0; i < k; i++) {
        double d = l[m * k * k + i * k + i];
        if (!(d > 0.0) || !Double.isFinite(d)) {
          throw notSpd(m, "pivot " + d + " at row " + i);
        }
        System.arraycopy(l, m * k * k + i * k, a, m * k * k + i * k, i + 1);
      }
    }
  }

  @Override
  public void solveFactored(int k, int count, double[] l, double[] b) {
    JavaCholeskySolver.checkSizes(k, count, l, b);
    if (count == 0) {
      return;
    }
    double[] lower = new double[count * k * k];
    for (int m = 0; m < count; m++) {
      for (int i = 0; i < k; i++) {
        System.arraycopy(l, m * k * k + i * k, lower, m * k * k + i * k, i + 1);
      }
    }
    INDArray lm = Nd4j.create(lower, new long[] {count, k, k}, DataType.DOUBLE);
    INDArray bm = Nd4j.create(slice(b, count * k), new long[] {count, k, 1}, DataType.DOUBLE);
    INDArray z = Nd4j.exec(new TriangularSolve(lm, bm, true, false))[0];
    INDArray x = Nd4j.exec(new TriangularSolve(lm, z, true, true))[0];
    System.arraycopy(x.data().asDouble(), 0, b, 0, count * k);
  }

  /**
   * The matrices as the Java solver reads them, from their lower triangles: ND4J's {@code cholesky}
   * refuses a matrix whose triangles differ in the last bit, as sums of outer products often do.
   */
  private static double[] lowerMirrored(double[] a, int k, int count) {
    double[] out = new double[count * k * k];
    for (int m = 0; m < count; m++) {
      int o = m * k * k;
      for (int i = 0; i < k; i++) {
        for (int j = 0; j <= i; j++) {
          out[o + i * k + j] = a[o + i * k + j];
          out[o + j * k + i] = a[o + i * k + j];
        }
      }
    }
    return out;
  }

  private static double[] slice(double[] v, int n) {
    return v.length == n ? v : java.util.Arrays.copyOf(v, n);
  }

  private static void check(int k, int count, double[] a, double[] b, double[] x) {
    for (int m = 0; m < count; m++) {
      double bx = 0.0;
      double bb = 0.0;
      for (int i = 0; i < k; i++) {
        double d = a[m * k * k + i * k + i];
        double xi = x[m * k + i];
        if (!(d > 0.0) || !Double.isFinite(xi)) {
          throw notSpd(m, "diagonal " + d + ", solution " + xi + " at row " + i);
        }
        bx += b[m * k + i] * xi;
        bb += b[m * k + i] * b[m * k + i];
      }
      if (bb > 0.0 && !(bx > 0.0)) {
        throw notSpd(m, "bᵀA⁻¹b = " + bx + " <= 0");
      }
    }
  }

  private static IllegalArgumentException notSpd(int m, String why) {
    return new IllegalArgumentException("matrix " + m + " of the batch is not positive definite (" + why + ")");
  }

  @Override
  public String describe() {
    return description;
  }
}
