package io.recvalue.explain.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.als.AlsObjective;
import io.recvalue.core.als.LocalAls;
import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distributed re-solve against the one local ALS of the project: for every coalition, the
 * utility equals {@link LocalAls} run with the same down-weighted weights from the same warm start,
 * whatever the partitioning and the batch size.
 */
@SparkTest
class CoalitionResolverTest {
  static final int USERS = 30;
  static final int ITEMS = 18;
  static final int K = 3;
  static final int GROUPS = 3;
  static final double LAMBDA = 0.1;
  static final double RHO = 0.3;

  static int[] users;
  static int[] items;
  static double[] ratings;
  static double[] weights;
  static int[] groupOf;
  static int[] valUsers;
  static int[] valItems;
  static double[] valRatings;
  static double[] x0;
  static double[] y0;

  @BeforeAll
  static void planted() {
    SplittableRandom r = new SplittableRandom(21);
    List<int[]> pairs = new ArrayList<>();
    List<int[]> val = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < ITEMS; i++) {
        double p = r.nextDouble();
        if (p < 0.35 || i == u % ITEMS) {
          pairs.add(new int[] {u, i});
        } else if (p < 0.45) {
          val.add(new int[] {u, i});
        }
      }
    }
    int n = pairs.size();
    users = new int[n];
    items = new int[n];
    ratings = new double[n];
    weights = new double[n];
    groupOf = new int[n];
    for (int j = 0; j < n; j++) {
      users[j] = pairs.get(j)[0];
      items[j] = pairs.get(j)[1];
      ratings[j] = 1 + Math.floor(r.nextDouble() * 5);
      weights[j] = 0.5 + r.nextDouble();
      groupOf[j] = items[j] % GROUPS;
    }
    valUsers = val.stream().mapToInt(v -> v[0]).toArray();
    valItems = val.stream().mapToInt(v -> v[1]).toArray();
    valRatings = val.stream().mapToDouble(v -> 1 + Math.floor(r.nextDouble() * 5)).toArray();
    x0 = new double[USERS * K];
    y0 = new double[ITEMS * K];
    for (int q = 0; q < x0.length; q++) {
      x0[q] = r.nextDouble();
    }
    for (int q = 0; q < y0.length; q++) {
      y0[q] = r.nextDouble();
    }
    // θ*: the weighted ALS solution of the full problem.
    new LocalAls(problem(weights), null, new JavaCholeskySolver()).solve(x0, y0, 1e-13, 2000);
  }

  static AlsObjective.Problem problem(double[] w) {
    return new AlsObjective.Problem(K, USERS, ITEMS, users, items, ratings, w, LAMBDA, false, 0);
  }

  /** The oracle: LocalAls on the down-weighted problem from θ*, then −MSE on the validation pairs. */
  static double localUtility(long mask, int sweeps) {
    double[] w = new double[weights.length];
    for (int j = 0; j < w.length; j++) {
      w[j] = weights[j] * ((mask >>> groupOf[j] & 1) == 1 ? 1 : 1 - RHO);
    }
    double[] x = x0.clone();
    double[] y = y0.clone();
    LocalAls als = new LocalAls(problem(w), null, new JavaCholeskySolver());
    for (int s = 0; s < sweeps; s++) {
      als.sweep(x, y);
    }
    double sse = 0;
    for (int q = 0; q < valUsers.length; q++) {
      double e = valRatings[q] - NormalEquations.dot(K, x, valUsers[q] * K, y, valItems[q] * K);
      sse += e * e;
    }
    return -sse / valUsers.length;
  }

  static CoalitionResolver resolver(SparkSession spark, int partitions, long broadcastBytes, int sweeps) {
    StructType rowSchema = new StructType().add("user_idx", DataTypes.IntegerType).add("item_idx", DataTypes.IntegerType)
        .add("rating", DataTypes.DoubleType).add("weight", DataTypes.DoubleType).add(DataGroups.GROUP, DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < users.length; j++) {
      rows.add(RowFactory.create(users[j], items[j], ratings[j], weights[j], groupOf[j]));
    }
    rows.add(RowFactory.create(0, 1, 5.0, 0.0, 0)); // weight 0: takes no part
    StructType valSchema = new StructType().add("user_idx", DataTypes.IntegerType).add("item_idx", DataTypes.IntegerType)
        .add("rating", DataTypes.DoubleType);
    List<Row> val = new ArrayList<>();
    for (int q = 0; q < valUsers.length; q++) {
      val.add(RowFactory.create(valUsers[q], valItems[q], valRatings[q]));
    }
    return CoalitionResolver.build(spark, spark.createDataFrame(rows, rowSchema), GROUPS,
        spark.createDataFrame(val, valSchema), factors(spark, "user_idx", x0, USERS),
        factors(spark, "item_idx", y0, ITEMS), USERS, ITEMS, 1L, partitions,
        new CoalitionResolver.Settings(K, LAMBDA, false, 0, RHO, sweeps, broadcastBytes));
  }

  static Dataset<Row> factors(SparkSession spark, String idx, double[] f, int n) {
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < n; e++) {
      List<Double> v = new ArrayList<>();
      for (int p = 0; p < K; p++) {
        v.add(f[e * K + p]);
      }
      rows.add(RowFactory.create(e, v));
    }
    return spark.createDataFrame(rows, new StructType().add(idx, DataTypes.IntegerType)
        .add("factors", DataTypes.createArrayType(DataTypes.DoubleType, false)));
  }

  @Test
  void everyCoalitionMatchesLocalAlsOnTheDownWeightedProblem() {
    SparkSession spark = SparkTestSession.get();
    long[] masks = {0, 1, 2, 3, 4, 5, 6, 7};
    CoalitionResolver one = resolver(spark, 1, 1L << 30, 2);
    CoalitionResolver three = resolver(spark, 3, 1, 2); // a broadcast budget of one byte: one coalition per batch
    try {
      assertTrue(one.batchSize() >= masks.length, "all eight in one batch");
      assertEquals(1, three.batchSize());
      double[] a = one.utilities(masks);
      double[] b = three.utilities(masks);
      for (int c = 0; c < masks.length; c++) {
        double oracle = localUtility(masks[c], 2);
        assertEquals(oracle, a[c], 1e-10 * Math.abs(oracle), "coalition " + masks[c]);
        assertEquals(a[c], b[c], 1e-12 * Math.abs(oracle), "partitions and batch size, coalition " + masks[c]);
      }
      // Down-weighting a group moves the model: the game is not flat.
      assertTrue(Math.abs(a[3] - a[7]) > 1e-6, "U({0,1}) differs from U(F)");
    } finally {
      one.release();
      three.release();
    }
  }

  /**
   * At a converged model the full coalition re-solves to θ* itself, and scaling every weight alike
   * leaves the explicit ALS minimiser where it is: {@code U(∅) = U(F) = −L_V(θ*)}.
   */
  @Test
  void theEmptyAndFullCoalitionsBothLeaveTheConvergedModelInPlace() {
    CoalitionResolver r = resolver(SparkTestSession.get(), 2, 1L << 30, 3);
    try {
      double[] u = r.utilities(new long[] {0, 7});
      double atOptimum = localUtility(7, 0);
      assertEquals(atOptimum, u[1], 1e-9 * Math.abs(atOptimum));
      assertEquals(atOptimum, u[0], 1e-9 * Math.abs(atOptimum));
    } finally {
      r.release();
    }
  }
}
