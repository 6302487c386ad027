package io.recvalue.valuation.spark;

import java.io.Serializable;

/**
 * One training interaction; with the factor rows {@code x_u}, {@code y_i} of a point where a pass put them
 * on ({@link BlockedEdges#rowsWithFactors}, {@link TrainingEdges#withFactors}), {@code null} in the cached
 * rows of {@link TrainingEdges}.
 */
public final class Edge implements Serializable {
  private static final long serialVersionUID = 1L;
  final int user;
  final int item;
  final double rating;
  final double weight;
  final Long timestamp;
  final double[] x;
  final double[] y;

  Edge(int user, int item, double rating, double weight, Long timestamp, double[] x, double[] y) {
    this.user = user;
    this.item = item;
    this.rating = rating;
    this.weight = weight;
    this.timestamp = timestamp;
    this.x = x;
    this.y = y;
  }
}
