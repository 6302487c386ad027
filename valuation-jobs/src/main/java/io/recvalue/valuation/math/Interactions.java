package io.recvalue.valuation.math;

import io.recvalue.core.als.AlsObjective;

/**
 * A local table of training interactions as parallel arrays {@code (u[], i[], r[], w[])}:
 * interaction {@code j} is user {@code u[j]}, item {@code i[j]}, rating (or implicit strength)
 * {@code r[j]} and bilevel weight {@code w[j]} ({@code 1} for the plain training objective,
 * {@code 0} for an interaction left out). Arrays are not copied; treat them as immutable.
 */
public final class Interactions {
  private final int numUsers;
  private final int numItems;
  private final int[] users;
  private final int[] items;
  private final double[] ratings;
  private final double[] weights;

  public Interactions(int numUsers, int numItems, int[] users, int[] items, double[] ratings,
      double[] weights) {
    int n = users.length;
    if (items.length != n || ratings.length != n || weights.length != n) {
      throw new IllegalArgumentException("interaction arrays differ in length: users=" + n
          + ", items=" + items.length + ", ratings=" + ratings.length + ", weights="
          + weights.length);
    }
    for (int j = 0; j < n; j++) {
      if (users[j] < 0 || users[j] >= numUsers || items[j] < 0 || items[j] >= numItems) {
        throw new IllegalArgumentException("interaction " + j + " (user " + users[j] + ", item "
            + items[j] + ") outside " + numUsers + " users x " + numItems + " items");
      }
      if (!Double.isFinite(ratings[j]) || !Double.isFinite(weights[j])) {
        throw new IllegalArgumentException("interaction " + j + " has a non-finite rating "
            + ratings[j] + " or weight " + weights[j]);
      }
    }
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.users = users;
    this.items = items;
    this.ratings = ratings;
    this.weights = weights;
  }

  /** Interactions with unit weights. */
  public static Interactions of(int numUsers, int numItems, int[] users, int[] items,
      double[] ratings) {
    double[] w = new double[users.length];
    java.util.Arrays.fill(w, 1.0);
    return new Interactions(numUsers, numItems, users, items, ratings, w);
  }

  /** The same interactions under other weights. */
  public Interactions withWeights(double[] newWeights) {
    return new Interactions(numUsers, numItems, users, items, ratings, newWeights);
  }

  /** The same interactions with one weight changed (e.g. {@code 0} to leave {@code j} out). */
  public Interactions withWeight(int j, double weight) {
    double[] w = weights.clone();
    w[j] = weight;
    return withWeights(w);
  }

  /**
   * These interactions as the weighted ALS problem of rank {@code k} under {@code loss} (explicit
   * ALS-WR or implicit Hu–Koren–Volinsky, the two objectives {@link AlsObjective} and
   * {@link PointLoss} both write out), sharing the arrays.
   */
  public AlsObjective.Problem alsProblem(PointLoss loss, int k) {
    if (loss instanceof ImplicitLoss implicit) {
      return new AlsObjective.Problem(k, numUsers, numItems, users, items, ratings, weights, implicit.lambda(),
          true, implicit.alpha());
    }
    if (loss instanceof ExplicitLoss explicit) {
      return new AlsObjective.Problem(k, numUsers, numItems, users, items, ratings, weights, explicit.lambda(),
          false, 0.0);
    }
    throw new IllegalArgumentException("weighted ALS solves explicit and implicit losses, not "
        + loss.getClass().getSimpleName());
  }

  public int size() {
    return users.length;
  }

  public int numUsers() {
    return numUsers;
  }

  public int numItems() {
    return numItems;
  }

  public int user(int j) {
    return users[j];
  }

  public int item(int j) {
    return items[j];
  }

  public double rating(int j) {
    return ratings[j];
  }

  public double weight(int j) {
    return weights[j];
  }
}
