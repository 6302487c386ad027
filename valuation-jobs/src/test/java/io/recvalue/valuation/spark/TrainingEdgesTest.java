package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.PointLoss;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link TrainingEdges#at}: the rows moved to new factors through the blocks' messages are, row for row,
 * the rows {@link TrainingEdges#build} joins from the training table at those factors, without a shuffle
 * of the rows.
 */
@SparkTest
class TrainingEdgesTest {
  private static final int K = 3;
  private final SparkSession spark = SparkTestSession.get();

  @ParameterizedTest(name = "{0} user blocks, {1} item blocks")
  @CsvSource({"1, 1", "2, 3", "4, 2"})
  void rowsMovedToNewFactorsEqualRowsBuiltAtThem(int nu, int ni) {
    PointLoss loss = PointLoss.explicit(0.1);
    Fixtures.Problem p = Fixtures.planted(20, 12, K, 0.6, false, loss, 5);
    BlockVector before = Fixtures.gaussian(p.numUsers(), p.numItems(), K, 0.3, 6);
    BlockVector after = Fixtures.gaussian(p.numUsers(), p.numItems(), K, 0.3, 7);
    Fixtures.Blocked b = Fixtures.blocked(spark, loss, p.train(), before, nu, ni);
    DistributedBlockVector theta = Fixtures.vector(spark, after, b.up(), b.ip()).persist("test.after");
    var train = Fixtures.trainTable(spark, p.train());
    TrainingEdges moved = b.edges().at(theta, b.f().blocks(), train, "test.moved");
    TrainingEdges built = TrainingEdges.build(train, theta, b.ip(), "test.built");
    assertEquals(built.count(), moved.count());
    assertEquals(p.train().size(), moved.count());
    assertEquals(rows(built), rows(moved));
    assertEquals(b.ip(), moved.byItem().partitioner().orNull(), "the rows stay partitioned by item");
    int cached = b.edges().byItem().rdd().id();
    assertTrue(narrowlyFrom(moved.byItem().rdd(), cached), "the moved rows come from the cached rows without a shuffle:\n"
        + moved.byItem().rdd().toDebugString());
    assertFalse(narrowlyFrom(built.byItem().rdd(), cached), "the check tells the two apart");
    moved.unpersist();
    built.unpersist();
    theta.unpersist();
    b.release();
  }

  /** Whether {@code r} reaches the RDD with id {@code id} through narrow dependencies only. */
  private static boolean narrowlyFrom(org.apache.spark.rdd.RDD<?> r, int id) {
    if (r.id() == id) {
      return true;
    }
    for (org.apache.spark.Dependency<?> d : scala.collection.JavaConverters.seqAsJavaList(r.dependencies())) {
      if (d instanceof org.apache.spark.NarrowDependency && narrowlyFrom(d.rdd(), id)) {
        return true;
      }
    }
    return false;
  }

  /** Each row's ids, rating, weight and factor rows, as text, keyed by (user, item). */
  private static Map<String, String> rows(TrainingEdges e) {
    Map<String, String> out = new TreeMap<>();
    for (Edge r : e.byItem().values().collect()) {
      out.put(r.user + "," + r.item, r.rating + " " + r.weight + " " + r.timestamp + " "
          + java.util.Arrays.toString(r.x) + " " + java.util.Arrays.toString(r.y));
    }
    return out;
  }
}
