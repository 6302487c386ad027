package io.recvalue.valuation.pg;

/**
 * Adam (Kingma and Ba, 2015) for gradient <em>ascent</em>, {@code θ ← θ + η m̂ / (√v̂ + ε)} with the
 * bias-corrected first moment of the gradient and one second moment for the whole vector (the mean
 * square of its coordinates; {@code β₁ = 0.9}, {@code β₂ = 0.999}, {@code ε = 1e-8}). Scale-free in
 * the gradient, which matters here: the reward is a validation loss whose units depend on the data.
 * One shared second moment keeps each step along the (averaged) gradient; per-coordinate moments
 * would move every weight by about {@code η} whatever its share of the gradient, and the policy's
 * ranking of interactions lives in the direction of its weights.
 */
public final class Adam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;
  private final double rate;
  private final double[] m;
  private double v;
  private int t;

  public Adam(int size, double rate) {
    this.rate = rate;
    this.m = new double[size];
  }

  /** {@code θ} after one ascent step along {@code gradient}. */
  public double[] step(double[] theta, double[] gradient) {
    t++;
    double[] out = theta.clone();
    double c1 = 1 - Math.pow(BETA1, t);
    double c2 = 1 - Math.pow(BETA2, t);
    double square = 0;
    for (int q = 0; q < out.length; q++) {
      m[q] = BETA1 * m[q] + (1 - BETA1) * gradient[q];
      square += gradient[q] * gradient[q];
    }
    v = BETA2 * v + (1 - BETA2) * square / Math.max(1, out.length);
    double scale = rate / c1 / (Math.sqrt(v / c2) + EPS);
    for (int q = 0; q < out.length; q++) {
      out[q] += scale * m[q];
    }
    return out;
  }
}
