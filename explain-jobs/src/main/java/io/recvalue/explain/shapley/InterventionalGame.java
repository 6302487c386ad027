package io.recvalue.explain.shapley;

import java.util.ArrayList;
import java.util.List;

/**
 * The interventional game of one prediction (docs/methods.md §7): players are the
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
 *
 * <p>{@code v} is the mean over the background of the one-row games {@code v_b(S) = g(x_S, z^b_{F∖S})}
 * ({@link #rowGames}); Shapley values are linear in the game, so the Monte Carlo estimator samples
 * a row game and a permutation of it.
 */
public final class InterventionalGame implements CoalitionGame {
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

  @Override
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
  @Override
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

  /** {@code v(F) = g(x)}. */
  @Override
  public double fullValue() {
    return model.predict(x);
  }

  /** The one-row game of each background row, in background order. */
  public List<CoalitionGame> rowGames() {
    double gx = model.predict(x);
    List<CoalitionGame> games = new ArrayList<>(background.length);
    for (double[] z : background) {
      games.add(new RowGame(z, model.predict(z), gx));
    }
    return games;
  }

  /** {@code v_b(S) = g(x_S, z_{F∖S})}, walked by replacing {@code z}'s features by {@code x}'s one at a time. */
  private final class RowGame implements CoalitionGame {
    private final double[] z;
    private final double gz;
    private final double gx;
    private final double[] h;

    RowGame(double[] z, double gz, double gx) {
      this.z = z;
      this.gz = gz;
      this.gx = gx;
      this.h = new double[x.length];
    }

    @Override
    public int players() {
      return x.length;
    }

    @Override
    public double value(long mask) {
      double[] p = new double[x.length];
      for (int f = 0; f < x.length; f++) {
        p[f] = ((mask >>> f) & 1L) != 0 ? x[f] : z[f];
      }
      return model.predict(p);
    }

    @Override
    public double emptyValue() {
      return gz;
    }

    @Override
    public double fullValue() {
      return gx;
    }

    @Override
    public void walk(int[] order, boolean reversed, double[] credit) {
      int n = order.length;
      System.arraycopy(z, 0, h, 0, n);
      double previous = gz;
      for (int k = 0; k < n; k++) {
        int f = order[reversed ? n - 1 - k : k];
        h[f] = x[f];
        double current = k == n - 1 ? gx : model.predict(h);
        credit[f] = current - previous;
        previous = current;
      }
    }
  }
}
