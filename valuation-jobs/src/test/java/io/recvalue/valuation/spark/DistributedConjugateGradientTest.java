package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.CgResult;
import io.recvalue.valuation.math.ConjugateGradient;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.PointLoss;
import io.recvalue.valuation.math.Preconditioner;
import io.recvalue.valuation.math.TrainingObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@link DistributedConjugateGradient}: the same residuals and iterate as CG run locally
 * ({@link ConjugateGradient}) on the same system; one Spark job per iteration, as its Javadoc says; the
 * iterate's curvature {@code sᵀHs} from the iteration's scalars equals the product computed directly (and
 * {@code gᵀs}); every vector marked for truncation is cut; and a system without positive curvature stops before its
 * first step.
 */
@SparkTest
class DistributedConjugateGradientTest {
  private static final int K = 3;
  private static final int NU = 20;
  private static final int NI = 12;
  private final SparkSession spark = SparkTestSession.get();

  @Test
  void takesTheStepsOfLocalCgInOneJobPerIteration() {
    PointLoss loss = PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, false, loss, 11);
    HessianOptions o = new HessianOptions(false, 0.05);
    Fixtures.Blocked s = Fixtures.blocked(spark, loss, p.train(), p.theta(), 3, 2);
    BlockVector g = Fixtures.gaussian(NU, NI, K, 1.0, 41);
    DistributedBlockVector dg = Fixtures.vector(spark, g, s.up(), s.ip()).persist("test.g");
    dg.materialize();
    TrainingObjective local = new TrainingObjective(p.train(), loss);
    int iterations = 12;
    CgOptions cg = new CgOptions(1e-14, iterations);
    CgResult expected = ConjugateGradient.solve(v -> local.hvp(p.theta(), v, o), Preconditioner.identity(), g, cg);
    DistributedCgResult<DistributedBlockVector> actual = new DistributedConjugateGradient<DistributedBlockVector>(
        v -> s.f().hvp(v, o), v -> v.scale(1), cg, 100).solve(dg);
    assertEquals(iterations, expected.iterations());
    assertEquals(iterations, actual.iterations());
    assertTrue(expected.residualLog()[iterations] < 0.5, "the solve is under way: " + expected.residualLog()[iterations]);
    for (int t = 0; t <= iterations; t++) {
      double a = expected.residualLog()[t];
      double b = actual.residualLog()[t];
      assertTrue(Math.abs(a - b) <= 1e-9 * a, "residual at iteration " + t + ": local " + a + ", here " + b);
    }
    Fixtures.assertClose("iterate", expected.solution().toArray(),
        Fixtures.collect(actual.solution(), NU, NI).toArray(), 1e-9);
    assertEquals(expected.trueRelativeResidual(), actual.trueRelativeResidual(), 1e-9);
    BlockVector x = expected.solution();
    double sHs = x.dot(local.hvp(p.theta(), x, o));
    assertTrue(sHs > 0);
    assertEquals(sHs, actual.solutionCurvature(), 1e-9 * sHs, "sᵀHs");
    assertEquals(g.dot(x), actual.solutionCurvature(), 1e-9 * sHs, "gᵀs");

    int fewer = jobs(s, o, dg, 4);
    int more = jobs(s, o, dg, 8);
    assertEquals(4, more - fewer, "jobs for 8 iterations (" + more + ") against 4 (" + fewer + ")");
    dg.unpersist();
    s.release();
  }

  @Test
  void aSystemWithoutPositiveCurvatureStopsBeforeItsFirstStep() {
    BlockVector g = Fixtures.gaussian(NU, NI, K, 1.0, 43);
    DistributedBlockVector dg = Fixtures.vector(spark, g, new org.apache.spark.HashPartitioner(2),
        new org.apache.spark.HashPartitioner(2));
    DistributedCgResult<DistributedBlockVector> r = new DistributedConjugateGradient<DistributedBlockVector>(
        v -> v.scale(-1), v -> v.scale(1), new CgOptions(1e-10, 50), 10).solve(dg);
    assertTrue(r.negativeCurvature());
    assertEquals(0, r.iterations());
    assertEquals(0.0, Fixtures.maxAbs(Fixtures.collect(r.solution(), NU, NI).toArray()));
  }

  /**
   * With a checkpoint every iteration, every vector CG marks for truncation ({@code x, r, p, s}) has its lineage cut
   * by the end of its iteration. Spark checkpoints only the marked tables a job reaches before another marked one,
   * so a direction computed only behind the residual or the iterate was never cut, and its lineage kept every
   * product's shuffle files alive: at 10^8 rows that filled the scratch disk, 3.7 GB per iteration.
   */
  @Test
  void everyVectorMarkedForTruncationIsCut() {
    PointLoss loss = PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(NU, NI, K, 0.6, false, loss, 13);
    HessianOptions o = new HessianOptions(false, 0.05);
    Fixtures.Blocked s = Fixtures.blocked(spark, loss, p.train(), p.theta(), 3, 2);
    List<DistributedBlockVector> marked = new ArrayList<>();
    Tracked g = new Tracked(Fixtures.vector(spark, Fixtures.gaussian(NU, NI, K, 1.0, 47), s.up(), s.ip())
        .persist("test.g"), marked);
    g.materialize();
    int iterations = 5;
    DistributedCgResult<Tracked> r = new DistributedConjugateGradient<Tracked>(
        v -> new Tracked(s.f().hvp(v.v, o), marked), v -> v.scale(1), new CgOptions(1e-14, iterations), 1).solve(g);
    assertEquals(iterations, r.iterations());
    // x and r from the first iteration on, p and s from the second (the first directions are u0 and w0)
    assertEquals(4 * iterations - 2, marked.size());
    for (int m = 0; m < marked.size(); m++) {
      DistributedBlockVector v = marked.get(m);
      assertTrue(v.users().rdd().isCheckpointed() && v.items().rdd().isCheckpointed(),
          "marked vector " + m + " (" + v.users().name() + ") was not cut");
    }
    r.solution().unpersist();
    g.unpersist();
    s.release();
  }

  /** A {@link DistributedBlockVector} that records the vectors marked for truncation. */
  private static final class Tracked implements CgVector<Tracked> {
    final DistributedBlockVector v;
    final List<DistributedBlockVector> marked;

    Tracked(DistributedBlockVector v, List<DistributedBlockVector> marked) {
      this.v = v;
      this.marked = marked;
    }

    @Override
    public Tracked axpy(double a, Tracked x) {
      return new Tracked(v.axpy(a, x.v), marked);
    }

    @Override
    public Tracked scale(double a) {
      return new Tracked(v.scale(a), marked);
    }

    @Override
    public double dot(Tracked other) {
      return v.dot(other.v);
    }

    @Override
    public double[] residualDots(Tracked u, Tracked w, List<Tracked> alongside) {
      return v.residualDots(u.v, w.v, alongside.stream().map(t -> t.v).toList());
    }

    @Override
    public double norm() {
      return v.norm();
    }

    @Override
    public Tracked persist(String name) {
      v.persist(name);
      return this;
    }

    @Override
    public Tracked truncateLineage() {
      v.truncateLineage();
      marked.add(v);
      return this;
    }

    @Override
    public long materialize() {
      return v.materialize();
    }

    @Override
    public void unpersist() {
      v.unpersist();
    }
  }

  /** Spark jobs of a solve that runs exactly {@code iterations} iterations (no checkpoint in between). */
  private int jobs(Fixtures.Blocked s, HessianOptions o, DistributedBlockVector g, int iterations) {
    AtomicInteger started = new AtomicInteger();
    SparkListener count = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        started.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(count);
    try {
      DistributedCgResult<DistributedBlockVector> r = new DistributedConjugateGradient<DistributedBlockVector>(
          v -> s.f().hvp(v, o), v -> v.scale(1), new CgOptions(1e-14, iterations), 100).solve(g);
      assertEquals(iterations, r.iterations());
      spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
      r.solution().unpersist();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      spark.sparkContext().removeSparkListener(count);
    }
    return started.get();
  }
}
