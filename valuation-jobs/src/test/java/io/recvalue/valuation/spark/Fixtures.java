package io.recvalue.valuation.spark;

import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.Planted;
import io.recvalue.valuation.math.PointLoss;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small seeded problems with a planted low-rank truth and their Spark tables, for the tests. */
final class Fixtures {
  private Fixtures() {}

  /** Training interactions, held-out pairs and the converged factors {@code θ*}. */
  record Problem(Interactions train, int[] valUsers, int[] valItems, double[] valRatings,
      BlockVector theta, PointLoss loss) {
    int numUsers() {
      return train.numUsers();
    }

    int numItems() {
      return train.numItems();
    }
  }

  static BlockVector gaussian(int nU, int nI, int k, double scale, long seed) {
    return Planted.gaussianFactors(nU, nI, k, scale, seed);
  }

  /** Explicit ratings {@code x·y + noise}; or implicit strengths in 1..5 when {@code implicit}. */
  static Problem planted(int nU, int nI, int k, double density, boolean implicit, PointLoss loss,
      long seed) {
    Planted.Problem p = Planted.observe(gaussian(nU, nI, k, 1.0, seed), density, 0.25, seed,
        (s, rnd) -> implicit ? 1 + rnd.nextInt(5) : s + 0.3 * gaussian(rnd));
    return new Problem(p.train(), p.valUsers(), p.valItems(), p.valRatings(), converge(p.train(), loss, k, seed), loss);
  }

  /** The same problem with one training rating replaced. */
  static Interactions withRating(Interactions t, int j, double r) {
    double[] rs = Planted.ratings(t);
    rs[j] = r;
    return Interactions.of(t.numUsers(), t.numItems(), Planted.users(t), Planted.items(t), rs);
  }

  static BlockVector converge(Interactions data, PointLoss loss, int k, long seed) {
    AlsResult r = AlsResult.localAls(data, loss, null, new JavaCholeskySolver(), gaussian(data.numUsers(), data.numItems(), k, 0.3, seed + 1), 1e-13, 200_000);
    if (!r.converged()) {
      throw new IllegalStateException("ALS did not converge: " + r.relativeChange());
    }
    return r.theta();
  }

  /** {@code user_idx, item_idx, rating, weight, timestamp} (timestamp = row number). */
  static Dataset<Row> trainTable(SparkSession spark, Interactions t) {
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < t.size(); j++) {
      rows.add(RowFactory.create(t.user(j), t.item(j), t.rating(j), t.weight(j), (long) j));
    }
    StructType schema = new StructType().add("user_idx", DataTypes.IntegerType)
        .add("item_idx", DataTypes.IntegerType).add("rating", DataTypes.DoubleType)
        .add("weight", DataTypes.DoubleType).add("timestamp", DataTypes.LongType);
    return spark.createDataFrame(rows, schema);
  }

  static Dataset<Row> validationTable(SparkSession spark, Problem p) {
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < p.valUsers().length; j++) {
      rows.add(RowFactory.create(p.valUsers()[j], p.valItems()[j], p.valRatings()[j]));
    }
    StructType schema = new StructType().add("user_idx", DataTypes.IntegerType)
        .add("item_idx", DataTypes.IntegerType).add("rating", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }

  static Dataset<Row> userFactors(SparkSession spark, BlockVector v) {
    return factorTable(spark, v.users(), v.k(), "user_idx");
  }

  static Dataset<Row> itemFactors(SparkSession spark, BlockVector v) {
    return factorTable(spark, v.items(), v.k(), "item_idx");
  }

  private static Dataset<Row> factorTable(SparkSession spark, double[] flat, int k, String key) {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < flat.length / k; r++) {
      List<Double> f = new ArrayList<>();
      for (int a = 0; a < k; a++) {
        f.add(flat[r * k + a]);
      }
      rows.add(RowFactory.create(r, f));
    }
    return spark.createDataFrame(rows, FactorTables.schema(key));
  }

  /** A local block vector as a distributed one with {@code n} partitions per side. */
  /** {@code v} on Spark, partitioned by the given partitioners. */
  static DistributedBlockVector vector(SparkSession spark, BlockVector v, Partitioner up,
      Partitioner ip) {
    return FactorTables.toVector(userFactors(spark, v), itemFactors(spark, v), v.k(), up, ip);
  }

  /** The objective of {@code data} at {@code theta} on {@code nu} user and {@code ni} item blocks. */
  static Blocked blocked(SparkSession spark, PointLoss loss, Interactions data, BlockVector theta,
      int nu, int ni) {
    Partitioner up = new HashPartitioner(nu);
    Partitioner ip = new HashPartitioner(ni);
    DistributedBlockVector t = vector(spark, theta, up, ip).persist("test.theta");
    TrainingEdges edges = TrainingEdges.build(trainTable(spark, data), ip, "test.edges");
    return new Blocked(DistributedObjective.of(loss, edges, t, up, ip), edges, t, up, ip);
  }

  /** What {@link #blocked} caches; {@link #release} frees it. */
  record Blocked(DistributedObjective f, TrainingEdges edges, DistributedBlockVector theta,
      Partitioner up, Partitioner ip) {
    void release() {
      f.release();
      edges.unpersist();
      theta.unpersist();
    }
  }

  static DistributedBlockVector distribute(SparkSession spark, BlockVector v, int n) {
    return FactorTables.toVector(userFactors(spark, v), itemFactors(spark, v), v.k(),
        new HashPartitioner(n), new HashPartitioner(n));
  }

  /** Collects a (small, test-only) distributed vector; missing blocks are zero. */
  static BlockVector collect(DistributedBlockVector d, int nU, int nI) {
    BlockVector out = new BlockVector(nU, nI, d.k());
    d.users().collect().forEach(t -> System.arraycopy(t._2, 0, out.users(), t._1 * d.k(), d.k()));
    d.items().collect().forEach(t -> System.arraycopy(t._2, 0, out.items(), t._1 * d.k(), d.k()));
    return out;
  }

  /** Values keyed by {@code user·numItems + item} (the fixtures have one rating per pair). */
  static Map<Long, Double> valuesByPair(Dataset<Row> values, int numItems) {
    Map<Long, Double> out = new HashMap<>();
    for (Row r : values.select("user_idx", "item_idx", "value").collectAsList()) {
      out.put((long) r.getInt(0) * numItems + r.getInt(1), r.getDouble(2));
    }
    return out;
  }

  /** Distributed values in the order of the local table's rows. */
  static double[] inTableOrder(Dataset<Row> values, Interactions t) {
    Map<Long, Double> byPair = valuesByPair(values, t.numItems());
    double[] out = new double[t.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = byPair.get((long) t.user(j) * t.numItems() + t.item(j));
    }
    return out;
  }

  /** Fails unless {@code actual} is within {@code tol} of {@code expected}, relative to its largest entry. */
  static void assertClose(String what, double[] expected, double[] actual, double tol) {
    double err = maxAbsDiff(expected, actual) / maxAbs(expected);
    org.junit.jupiter.api.Assertions.assertTrue(err <= tol, what + ": relative difference " + err);
  }

  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int t = 0; t < a.length; t++) {
      m = Math.max(m, Math.abs(a[t] - b[t]));
    }
    return m;
  }

  /** Sets every third user block and every fourth item block of {@code v} to zero; returns {@code v}. */
  static BlockVector withZeroBlocks(BlockVector v) {
    int k = v.k();
    for (int u = 0; u < v.users().length / k; u += 3) {
      java.util.Arrays.fill(v.users(), u * k, (u + 1) * k, 0);
    }
    for (int i = 0; i < v.items().length / k; i += 4) {
      java.util.Arrays.fill(v.items(), i * k, (i + 1) * k, 0);
    }
    return v;
  }

  /** Leaves the zero blocks out of a distributed vector (a missing block means zero). */
  static DistributedBlockVector dropZeroBlocks(DistributedBlockVector v) {
    return new DistributedBlockVector(v.k(), v.users().filter(t -> maxAbs(t._2) > 0),
        v.items().filter(t -> maxAbs(t._2) > 0));
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  static double pearson(double[] a, double[] b) {
    return io.recvalue.valuation.loo.Correlation.pearson(a, b);
  }

  static double gaussian(SplittableRandom rnd) {
    return Planted.gaussian(rnd);
  }
}
