package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parameters, prediction, persistence, history and the validation loss. */
@SparkTest
class AlsModelTest {
  private static final int K = 3;
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  @Test
  void paramsNameTheBadValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AlsParams(0, 0.1, false, 0, 10, 1e-6, 4, 1L, 10, "java"));
    assertEquals("AlsParams.rank must be >= 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AlsParams.explicit(5, -0.5));
    assertEquals("AlsParams.lambda must be finite and >= 0, got -0.5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AlsParams.explicit(5, 0.1).withCheckpointInterval(0));
    assertEquals("AlsParams.checkpointInterval must be >= 1, or -1 to disable, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AlsParams.explicit(5, 0.1).withSolverBackend("gpu"));
    assertEquals("solverBackend must be one of auto|nd4j|java, got 'gpu'", e.getMessage());
  }

  @Test
  void fitsPredictsSavesAndLoads(@org.junit.jupiter.api.io.TempDir Path dir) {
    AlsObjective.Problem p = Planted.problem(K, 20, 12, 5, 0.05, false, 0, 3L);
    Dataset<Row> train = Planted.table(spark, p);
    Dataset<Row> validation = spark.createDataFrame(
        List.of(RowFactory.create(0, 1, 0.5, 1.0, null), RowFactory.create(3, 4, -0.2, 1.0, null)), Planted.SCHEMA);
    AlsModel m = WeightedAls.fit(spark, train, new AlsParams(K, 0.05, false, 0, 4, 0.0, 3, 8L, 2, "auto"), null, validation);
    List<TrainingHistory.Iteration> its = m.history().iterations();
    assertEquals(4, its.size(), "tol 0 runs maxIter sweeps");
    for (int t = 1; t < its.size(); t++) {
      assertTrue(its.get(t).objective() <= its.get(t - 1).objective() * (1 + 1e-12), "F never increases");
      assertTrue(Double.isFinite(its.get(t).validationLoss()), "validation loss recorded");
    }
    assertTrue(m.solverDescription().startsWith("java-cholesky"), "auto picks Java on the CPU: " + m.solverDescription());

    double[] x = Planted.dense(m.userFactors(), p.numUsers(), K);
    double[] y = Planted.dense(m.itemFactors(), p.numItems(), K);
    double expectedVal = (Math.pow(0.5 - NormalEquations.dot(K, x, 0, y, K), 2)
        + Math.pow(-0.2 - NormalEquations.dot(K, x, 3 * K, y, 4 * K), 2)) / 2;
    assertEquals(expectedVal, its.get(its.size() - 1).validationLoss(), 1e-12);
    assertEquals(AlsObjective.value(p, x, y), m.history().finalObjective(), 1e-10 * m.history().finalObjective());

    Dataset<Row> pairs = spark.createDataFrame(
        List.of(RowFactory.create(2, 5), RowFactory.create(999, 5), RowFactory.create(2, 999)),
        new org.apache.spark.sql.types.StructType().add(USER_IDX, "int").add(ITEM_IDX, "int"));
    List<Row> pred = m.predict(pairs).collectAsList();
    assertEquals(1, pred.size(), "pairs with an unknown user or item are dropped");
    assertEquals(NormalEquations.dot(K, x, 2 * K, y, 5 * K), pred.get(0).getDouble(pred.get(0).fieldIndex("prediction")), 1e-15);

    String path = dir.resolve("model").toString();
    m.save(path);
    AlsModel back = AlsModel.load(spark, path);
    assertEquals(K, back.rank());
    assertEquals(m.solverDescription(), back.solverDescription());
    assertEquals(m.history(), back.history());
    assertEquals(0.0, Planted.maxAbsDiff(x, Planted.dense(back.userFactors(), p.numUsers(), K)));
    assertEquals(0.0, Planted.maxAbsDiff(y, Planted.dense(back.itemFactors(), p.numItems(), K)));
    assertTrue(Files.isDirectory(dir.resolve("model/user_factors")));
    m.unpersist();
  }

  @Test
  void negativeWeightFailsWithTheRow() {
    Dataset<Row> bad = spark.createDataFrame(List.of(RowFactory.create(0, 0, 1.0, -1.0, null)), Planted.SCHEMA);
    Exception e = assertThrows(Exception.class,
        () -> WeightedAls.fit(spark, bad, AlsParams.explicit(2, 0.1).withSolverBackend("java"), null, null));
    assertTrue(String.valueOf(e.getMessage()).contains("finite weight >= 0"), e.getMessage());
  }

  @Test
  void implicitValidationNegativesAreSeededAndInRange() {
    int a = ValidationLoss.negative(42L, 7, 11, 100);
    assertEquals(a, ValidationLoss.negative(42L, 7, 11, 100));
    assertTrue(a >= 0 && a < 100);
    int differ = 0;
    for (int i = 0; i < 50; i++) {
      differ += ValidationLoss.negative(42L, 7, i, 1000) != ValidationLoss.negative(43L, 7, i, 1000) ? 1 : 0;
    }
    assertTrue(differ > 40, "the root seed changes the sample");
  }
}
