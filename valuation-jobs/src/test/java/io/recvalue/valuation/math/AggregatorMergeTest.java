package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Partition-wise add then merge equals one pass, as a distributed aggregation will do it. */
class AggregatorMergeTest {
  private static final int K = 4;

  @Test
  void partitionedGradientAndHvpEqualOnePass() {
    Planted.Problem p = Planted.implicit(15, 12, K, 0.5, 0.0, 6);
    Interactions t = p.train().withWeights(Planted.weights(p.train().size(), 0.2, 2, 3));
    PointLoss loss = PointLoss.implicit(0.05, 3.0);
    BlockVector theta = Planted.gaussianFactors(15, 12, K, 0.5, 8);
    BlockVector dir = Planted.gaussianFactors(15, 12, K, 1.0, 9);
    for (int parts : new int[] {2, 5}) {
      InteractionAggregator g = new InteractionAggregator.Gradient(loss, theta);
      InteractionAggregator h = new InteractionAggregator.Hvp(loss, theta, dir, false);
      for (int q = 0; q < parts; q++) {
        InteractionAggregator gq = new InteractionAggregator.Gradient(loss, theta);
        InteractionAggregator hq = new InteractionAggregator.Hvp(loss, theta, dir, false);
        for (int j = q; j < t.size(); j += parts) {
          gq.add(t.user(j), t.item(j), t.rating(j), t.weight(j));
          hq.add(t.user(j), t.item(j), t.rating(j), t.weight(j));
        }
        g.merge(gq);
        h.merge(hq);
      }
      BlockVector full = new InteractionAggregator.Gradient(loss, theta).addAll(t).result();
      BlockVector fullH = new InteractionAggregator.Hvp(loss, theta, dir, false).addAll(t)
          .result();
      assertTrue(Stats.relativeError(g.result().toArray(), full.toArray()) < 1e-14);
      assertTrue(Stats.relativeError(h.result().toArray(), fullH.toArray()) < 1e-14);
    }
  }

  @Test
  void partitionedGramianEqualsOnePass() {
    BlockVector theta = Planted.gaussianFactors(23, 0, K, 1.0, 2);
    double[] rows = theta.users();
    GramAggregator a = new GramAggregator(K);
    GramAggregator b = new GramAggregator(K);
    for (int r = 0; r < 23; r++) {
      (r % 2 == 0 ? a : b).add(rows, r * K, rows, r * K);
    }
    double[] merged = a.merge(b).result();
    double[] direct = new double[K * K];
    for (int r = 0; r < 23; r++) {
      for (int s = 0; s < K; s++) {
        for (int c = 0; c < K; c++) {
          direct[s * K + c] += rows[r * K + s] * rows[r * K + c];
        }
      }
    }
    assertTrue(Stats.relativeError(merged, direct) < 1e-14);
  }
}
