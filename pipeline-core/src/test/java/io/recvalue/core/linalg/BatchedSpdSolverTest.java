package io.recvalue.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BatchedSpdSolverTest {

  /** Max over the batch of ‖A x − b‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞), using the untouched A and b. */
  private static double relativeResidual(int k, int n, double[] a, double[] b, double[] x) {
    double worst = 0.0;
    for (int m = 0; m < n; m++) {
      double an = 0, xn = 0, bn = 0, rn = 0;
      for (int i = 0; i < k; i++) {
        double s = 0, row = 0;
        for (int j = 0; j < k; j++) {
          s += a[m * k * k + i * k + j] * x[m * k + j];
          row += Math.abs(a[m * k * k + i * k + j]);
        }
        an = Math.max(an, row);
        xn = Math.max(xn, Math.abs(x[m * k + i]));
        bn = Math.max(bn, Math.abs(b[m * k + i]));
        rn = Math.max(rn, Math.abs(s - b[m * k + i]));
      }
      worst = Math.max(worst, rn / (an * xn + bn));
    }
    return worst;
  }

  private static double[] solve(BatchedSpdSolver s, int k, int n, double[][] sys) {
    double[] a = sys[0].clone();
    double[] b = sys[1].clone();
    s.solve(k, n, a, b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 10, 32})
  void nd4jAndJavaAgreeAndSolve(int k) {
    int n = 57;
    double[][] sys = SelfCheck.randomSpd(k, n, 1000L + k);
    double[] xj = solve(new JavaCholeskySolver(), k, n, sys);
    double[] xn = solve(SolverBackends.create("nd4j"), k, n, sys);
    assertTrue(relativeResidual(k, n, sys[0], sys[1], xj) < 1e-14, "java residual");
    assertTrue(relativeResidual(k, n, sys[0], sys[1], xn) < 1e-14, "nd4j residual");
    for (int i = 0; i < xj.length; i++) {
      assertEquals(xj[i], xn[i], 1e-9 * (1 + Math.abs(xj[i])), "component " + i);
    }
  }

  /** Factor once, apply many: the same solutions as one-shot solves, and either backend applies the other's factors. */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 10, 32})
  void factorsAreSharedAcrossBackends(int k) {
    int n = 23;
    double[][] sys = SelfCheck.randomSpd(k, n, 2000L + k);
    BatchedSpdSolver java = new JavaCholeskySolver();
    BatchedSpdSolver nd4j = SolverBackends.create("nd4j");
    double[] oneShot = solve(java, k, n, sys);
    double[] lj = sys[0].clone();
    java.factor(k, n, lj);
    double[] ln = sys[0].clone();
    nd4j.factor(k, n, ln);
    for (BatchedSpdSolver applier : new BatchedSpdSolver[] {java, nd4j}) {
      for (double[] l : new double[][] {lj, ln}) {
        double[] x = sys[1].clone();
        applier.solveFactored(k, n, l, x);
        assertTrue(relativeResidual(k, n, sys[0], sys[1], x) < 1e-14, applier.describe() + " residual");
        for (int i = 0; i < x.length; i++) {
          assertEquals(oneShot[i], x[i], 1e-9 * (1 + Math.abs(oneShot[i])), applier.describe() + " component " + i);
        }
      }
    }
    double[] again = sys[1].clone();
    java.solveFactored(k, n, lj, again);
    assertArrayEquals(oneShot, again, 0.0, "the Java factor-then-solve is the one-shot solve, bit for bit");
  }

  /** {@code b = A x} for a known {@code x}: the solve gives {@code x} back. */
  @Test
  void recoversAKnownSolution() {
    for (int k = 1; k <= 6; k++) {
      double[][] sys = SelfCheck.randomSpd(k, 1, 3000L + k);
      double[] x = SelfCheck.randomSpd(k, 1, 4000L + k)[1];
      double[] b = new double[k];
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          b[i] += sys[0][i * k + j] * x[j];
        }
      }
      for (BatchedSpdSolver s : new BatchedSpdSolver[] {new JavaCholeskySolver(), SolverBackends.create("nd4j")}) {
        double[] got = solve(s, k, 1, new double[][] {sys[0], b});
        double err = 0;
        double norm = 0;
        for (int i = 0; i < k; i++) {
          err += (got[i] - x[i]) * (got[i] - x[i]);
          norm += x[i] * x[i];
        }
        assertTrue(Math.sqrt(err / norm) < 1e-10, s.describe() + " k=" + k);
      }
    }
  }

  @Test
  void factorRejectsIndefiniteMatrixNamingIt() {
    double[] a = {4, 0, 0, 4, 1, 2, 2, 1}; // second matrix has eigenvalues 3 and -1
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new JavaCholeskySolver().factor(2, 2, a.clone()));
    assertEquals("matrix 1 of the batch is not positive definite (pivot -3.0 at row 1)", e.getMessage());
    IllegalArgumentException n =
        assertThrows(IllegalArgumentException.class, () -> SolverBackends.create("nd4j").factor(2, 2, a.clone()));
    assertTrue(n.getMessage().contains("not positive definite"), n.getMessage());
  }

  @Test
  void javaRejectsIndefiniteMatrixNamingIt() {
    double[] a = {4, 0, 0, 4, 1, 2, 2, 1}; // second matrix has eigenvalues 3 and -1
    double[] b = {1, 1, 1, 1};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new JavaCholeskySolver().solve(2, 2, a, b));
    assertTrue(e.getMessage().startsWith("matrix 1 of the batch is not positive definite"), e.getMessage());
  }

  @Test
  void nd4jRejectsSingularAndExposedIndefiniteMatrices() {
    BatchedSpdSolver nd4j = SolverBackends.create("nd4j");
    double[] singular = {1, 1, 1, 1};
    IllegalArgumentException e1 =
        assertThrows(IllegalArgumentException.class, () -> nd4j.solve(2, 1, singular, new double[] {1, 2}));
    assertTrue(e1.getMessage().contains("not positive definite"), e1.getMessage());
    double[] indefinite = {4, 0, 0, 4, 1, 2, 2, 1};
    IllegalArgumentException e2 =
        assertThrows(
            IllegalArgumentException.class, () -> nd4j.solve(2, 2, indefinite, new double[] {1, 1, 1, -1}));
    assertTrue(e2.getMessage().startsWith("matrix 1 of the batch is not positive definite"), e2.getMessage());
  }

  @Test
  void backendsByNameAndUnknownName() {
    assertTrue(SolverBackends.create("java").describe().startsWith("java-cholesky"));
    assertTrue(SolverBackends.create("nd4j").describe().startsWith("nd4j-native 1.0.0-M2.1 (CPU"));
    assertFalse(SolverBackends.cudaBackendPresent(), "this build has the CPU backend");
    assertEquals("java", SolverBackends.resolve("auto"), "on the CPU, auto picks the faster Java solver");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SolverBackends.create("cuda"));
    assertEquals("solverBackend must be one of auto|nd4j|java, got 'cuda'", e.getMessage());
  }
}
