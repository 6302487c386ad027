package io.recvalue.valuation.spark;

import java.util.List;

/**
 * Plain operations on single {@code k}-vectors and {@code k×k} row-major matrices, used inside
 * Spark closures. Nothing here knows about losses; the formulas live in the math package.
 */
public final class KVectors {
  private KVectors() {}

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int t = 0; t < a.length; t++) {
      s += a[t] * b[t];
    }
    return s;
  }

  /** {@code a += b} in place; returns {@code a} (only for freshly computed arrays). */
  static double[] addInPlace(double[] a, double[] b) {
    for (int t = 0; t < a.length; t++) {
      a[t] += b[t];
    }
    return a;
  }

  /** {@code y += a x} in place; returns {@code y}. */
  static double[] addScaled(double[] y, double a, double[] x) {
    for (int t = 0; t < y.length; t++) {
      y[t] += a * x[t];
    }
    return y;
  }

  /** {@code out += c · M z} for a {@code k×k} row-major {@code M}; returns {@code out}. */
  static double[] addMatVec(double[] out, double c, double[] m, double[] z, int k) {
    for (int a = 0; a < k; a++) {
      double s = 0;
      for (int b = 0; b < k; b++) {
        s += m[a * k + b] * z[b];
      }
      out[a] += c * s;
    }
    return out;
  }

  /** {@code m + mᵀ} (a new matrix). */
  static double[] plusTranspose(double[] m, int k) {
    double[] out = new double[k * k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        out[a * k + b] = m[a * k + b] + m[b * k + a];
      }
    }
    return out;
  }

  /** Adds {@code δ} to the diagonal of a {@code k×k} block in place; returns it. */
  static double[] addDiagonal(double[] m, double delta, int k) {
    for (int a = 0; a < k; a++) {
      m[a * k + a] += delta;
    }
    return m;
  }

  /** A factor column ({@code array<double>}) as a Java array, checking its length. */
  public static double[] fromList(List<?> values, int k, String what) {
    if (values == null || values.size() != k) {
      throw new IllegalArgumentException(what + " has " + (values == null ? "no" : values.size())
          + " factors, expected rank " + k);
    }
    double[] out = new double[k];
    for (int a = 0; a < k; a++) {
      out[a] = ((Number) values.get(a)).doubleValue();
    }
    return out;
  }
}
