package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.BprObjective;
import io.recvalue.valuation.math.MseObjective;
import io.recvalue.valuation.math.NegativeSampler;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.SquaredImplicitObjective;
import io.recvalue.valuation.math.ValidationObjective;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The distributed validation gradient against the local objectives, including the seeded
 * negatives (the same sample on any partition count).
 */
@SparkTest
class DistributedValidationTest {
  private static final int K = 3;
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void mseMatchesLocal() {
    Fixtures.Problem p = Fixtures.planted(16, 11, K, 0.6, false, PointLoss.explicit(0.1), 7);
    check(p, ValidationKind.MSE, new MseObjective(p.valUsers(), p.valItems(), p.valRatings()), 3);
  }

  @Test
  void squaredWithSeededNegativesMatchesLocalOnAnyPartitioning() {
    Fixtures.Problem p = Fixtures.planted(16, 11, K, 0.5, true, PointLoss.implicit(0.1, 2), 7);
    ValidationObjective local = SquaredImplicitObjective.withSampledNegatives(p.valUsers(),
        p.valItems(), p.train(), 3, 42);
    check(p, ValidationKind.SQUARED, local, 1);
    check(p, ValidationKind.SQUARED, local, 4);
  }

  @Test
  void bprMatchesLocal() {
    Fixtures.Problem p = Fixtures.planted(16, 11, K, 0.5, true, PointLoss.implicit(0.1, 2), 7);
    check(p, ValidationKind.BPR, BprObjective.withSampledNegatives(p.valUsers(), p.valItems(),
        p.train(), 42), 3);
  }

  /** The distributed draw is the local sampler's, triple for triple, on any partitioning. */
  @Test
  void negativesAreTheLocalSampleSeedForSeed() {
    Fixtures.Problem p = Fixtures.planted(16, 11, K, 0.5, true, PointLoss.implicit(0.1, 2), 7);
    int perPositive = 3;
    int[] local = NegativeSampler.sample(p.valUsers(), p.valItems(), p.train(), perPositive, 42,
        NegativeSampler.PURPOSE);
    List<String> expected = new ArrayList<>();
    for (int q = 0; q < local.length; q++) {
      int pos = q / perPositive;
      expected.add(p.valUsers()[pos] + "," + p.valItems()[pos] + "," + local[q]);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Tuple2<Integer, Integer>> known = new ArrayList<>();
    for (int j = 0; j < p.train().size(); j++) {
      known.add(new Tuple2<>(p.train().user(j), p.train().item(j)));
    }
    List<Tuple2<Integer, Integer>> positives = new ArrayList<>();
    for (int v = 0; v < p.valUsers().length; v++) {
      positives.add(new Tuple2<>(p.valUsers()[v], p.valItems()[v]));
    }
    for (int partitions : new int[] {1, 4}) {
      List<String> drawn = new ArrayList<>();
      for (int[] t : DistributedNegatives.sample(jsc.parallelizePairs(known, partitions),
          jsc.parallelizePairs(positives, 3), perPositive, 42, p.numItems(),
          new HashPartitioner(partitions)).collect()) {
        drawn.add(t[0] + "," + t[1] + "," + t[2]);
      }
      List<String> sortedExpected = new ArrayList<>(expected);
      Collections.sort(sortedExpected);
      Collections.sort(drawn);
      assertEquals(sortedExpected, drawn, partitions + " partitions");
    }
  }

  private void check(Fixtures.Problem p, ValidationKind kind, ValidationObjective local,
      int partitions) {
    HashPartitioner part = new HashPartitioner(partitions);
    DistributedBlockVector theta = Fixtures.distribute(spark, p.theta(), partitions);
    DistributedValidation.Gradient g = DistributedValidation.gradient(kind,
        Fixtures.validationTable(spark, p), Fixtures.trainTable(spark, p.train()), theta,
        kind == ValidationKind.SQUARED ? 3 : 1, 42, p.numItems(), part, part);
    BlockVector expected = local.gradient(p.theta());
    double[] e = expected.toArray();
    double[] a = Fixtures.collect(g.g(), p.numUsers(), p.numItems()).toArray();
    double err = Fixtures.maxAbsDiff(e, a) / Fixtures.maxAbs(e);
    System.out.printf("%s on %d partitions: %d pairs, max relative difference %.2e%n", kind,
        partitions, g.pairs(), err);
    assertEquals(kind == ValidationKind.BPR ? local.pairUsers().length / 2
        : local.pairUsers().length, g.pairs());
    assertTrue(err <= 1e-12, kind + ": relative difference " + err);
  }
}
