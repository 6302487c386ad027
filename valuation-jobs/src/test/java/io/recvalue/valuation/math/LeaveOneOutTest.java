package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.seed.Seeds;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Leave-one-out fidelity on a planted problem (60 users, 40 items, rank 3, low-rank truth plus
 * small noise): influence values against the actual change of validation loss after a
 * warm-started retrain without the interaction; and a planted corrupted rating.
 */
class LeaveOneOutTest {
  private static final int K = 3;
  private static final double LAMBDA = 0.05;
  private static final double TOL = 1e-13;

  @Test
  void influencePredictsLeaveOneOutChange() {
    Planted.Problem p = Planted.explicit(60, 40, K, 0.5, 0.1, 0.2, 77);
    PointLoss loss = PointLoss.explicit(LAMBDA);
    ValidationObjective v = new MseObjective(p.valUsers(), p.valItems(), p.valRatings());
    BlockVector theta = Planted.converge(p.train(), loss, K, TOL, 1).theta();
    TrainingObjective f = new TrainingObjective(p.train(), loss);
    InfluenceResult cg = Influence.conjugateGradient(f, theta, v, HessianOptions.EXACT,
        new CgOptions(1e-10, 2000), new JavaCholeskySolver());
    InfluenceResult bd = Influence.blockDiagonal(f, theta, v, HessianOptions.EXACT,
        new JavaCholeskySolver());
    int[] sample = sample(cg.values(), 20, 20, 5);
    double[] actual = new double[sample.length];
    double[] predicted = new double[sample.length];
    double[] block = new double[sample.length];
    double base = v.value(theta);
    for (int t = 0; t < sample.length; t++) {
      actual[t] = v.value(retrainWithout(p.train(), loss, theta, sample[t])) - base;
      predicted[t] = cg.values()[sample[t]];
      block[t] = bd.values()[sample[t]];
    }
    double pearson = Stats.pearson(predicted, actual);
    double spearman = Stats.spearman(predicted, actual);
    double[] rp = Arrays.copyOf(predicted, 20);
    double[] ra = Arrays.copyOf(actual, 20);
    System.out.printf("LOO (%d train, %d interactions): influence Pearson %.4f Spearman %.4f "
        + "(random half %.4f / %.4f); blockdiag Pearson %.4f Spearman %.4f; CG iterations %d%n",
        p.train().size(), sample.length, pearson, spearman, Stats.pearson(rp, ra),
        Stats.spearman(rp, ra), Stats.pearson(block, actual), Stats.spearman(block, actual),
        cg.cg().iterations());
    assertTrue(pearson >= 0.9, "Pearson " + pearson);
    assertTrue(spearman >= 0.9, "Spearman " + spearman);
  }

  @Test
  void corruptedRatingHasClearlyNegativeValueAndRemovingItHelps() {
    Planted.Problem p = Planted.explicit(60, 40, K, 0.5, 0.1, 0.2, 78);
    Interactions clean = p.train();
    int bad = 17;
    double[] r = Planted.ratings(clean);
    r[bad] += 6;
    Interactions t = Interactions.of(60, 40, Planted.users(clean), Planted.items(clean), r);
    PointLoss loss = PointLoss.explicit(LAMBDA);
    ValidationObjective v = new MseObjective(p.valUsers(), p.valItems(), p.valRatings());
    BlockVector theta = Planted.converge(t, loss, K, TOL, 1).theta();
    double[] values = Influence.conjugateGradient(new TrainingObjective(t, loss), theta, v,
        HessianOptions.EXACT, new CgOptions(1e-10, 2000), new JavaCholeskySolver()).values();
    int rank = rankFromBottom(values, bad);
    double change = v.value(retrainWithout(t, loss, theta, bad)) - v.value(theta);
    System.out.printf("corrupted rating: value %.4e, rank %d from the bottom of %d, "
        + "validation change on removal %.4e (predicted %.4e)%n", values[bad], rank,
        values.length, change, values[bad]);
    assertTrue(values[bad] < 0, "value " + values[bad]);
    assertTrue(rank < 3, "rank from the bottom " + rank);
    assertTrue(change < 0, "removing it should lower validation loss: " + change);
  }

  static BlockVector retrainWithout(Interactions t, PointLoss loss, BlockVector start, int j) {
    AlsResult r = AlsResult.localAls(t.withWeight(j, 0), loss, null, new JavaCholeskySolver(), start, TOL, 200_000);
    assertTrue(r.converged(), "retrain without " + j + " did not converge");
    return r.theta();
  }

  /** {@code nRandom} seeded random indices, then the {@code nTop} largest |value| not yet taken. */
  static int[] sample(double[] values, int nRandom, int nTop, long seed) {
    LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, "test.loo"));
    while (chosen.size() < nRandom) {
      chosen.add(rnd.nextInt(values.length));
    }
    Integer[] byMagnitude = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(byMagnitude, Comparator.comparingDouble(j -> -Math.abs(values[j])));
    for (int t = 0; chosen.size() < nRandom + nTop; t++) {
      chosen.add(byMagnitude[t]);
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int rankFromBottom(double[] values, int j) {
    int below = 0;
    for (double x : values) {
      below += x < values[j] ? 1 : 0;
    }
    return below;
  }
}
