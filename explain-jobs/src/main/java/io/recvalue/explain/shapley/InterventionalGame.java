package io.recvalue.explain.shapley;

/**
 * The interventional game of one prediction (the team's methods reference, §7): players are the
 * features, and a coalition {@code S} is worth the prediction with the features in {@code S} taken
 * from the explained point {@code x} and the others from a background row, averaged over the
 * background:
 *
 * <pre>
 *   v(S) = (1/B) Σ_b g(x_S, z^b_{F∖S})
 * </pre>
 *
 * so {@code v(∅) = E g(z)} and {@code v(F) = g(x)}. Breaking the features' dependence this way
 * explains the model, not the data: a feature the model does not read gets exactly zero.
 */
public final class InterventionalGame {
  private final Regressor model;
  private final double[] x;
  private final double[][] background;

  public InterventionalGame(Regressor model, double[] x, double[][] background) {
    if (background.length == 0) {
      throw new IllegalArgumentException("the background sample is empty");
    }
    for (double[] z : background) {
      if (z.length != x.length) {
        throw new IllegalArgumentException("background row has " + z.length + " features, the point has " + x.length);
      }
    }
    this.model = model;
    this.x = x.clone();
    this.background = background;
  }

  public int players() {
    return x.length;
  }

  public Regressor model() {
    return model;
  }

  public double[] point() {
    return x.clone();
  }

  public double[][] background() {
    return background;
  }

  /** {@code v(S)} for the coalition whose members are the set bits of {@code mask}. */
  public double value(long mask) {
    double[] h = new double[x.length];
    double sum = 0;
    for (double[] z : background) {
      for (int f = 0; f < x.length; f++) {
        h[f] = ((mask >>> f) & 1L) != 0 ? x[f] : z[f];
      }
      sum += model.predict(h);
    }
    return sum / background.length;
  }
}
