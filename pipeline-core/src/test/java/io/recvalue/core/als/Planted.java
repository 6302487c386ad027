package io.recvalue.core.als;

import io.recvalue.core.data.InteractionColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small planted low-rank problems with non-unit weights, as dense arrays and as Spark tables. */
public final class Planted {
  private Planted() {}

  public static final StructType SCHEMA = new StructType()
      .add(InteractionColumns.USER_IDX, DataTypes.IntegerType)
      .add(InteractionColumns.ITEM_IDX, DataTypes.IntegerType)
      .add(InteractionColumns.RATING, DataTypes.DoubleType)
      .add(InteractionColumns.WEIGHT, DataTypes.DoubleType)
      .add(InteractionColumns.TIMESTAMP, DataTypes.LongType);

  /** {@code nu × ni} entities, each user rating {@code perUser} distinct items; ratings from rank-3 truth plus noise. */
  public static AlsObjective.Problem problem(int k, int nu, int ni, int perUser, double lambda, boolean implicit, double alpha, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] tu = gaussian(rnd, nu * 3);
    double[] ti = gaussian(rnd, ni * 3);
    List<int[]> pairs = new ArrayList<>();
    for (int u = 0; u < nu; u++) {
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      seen.add(u % ni); // every item is rated by someone when nu >= ni
      while (seen.size() < perUser) {
        seen.add(rnd.nextInt(ni));
      }
      for (int i : seen) {
        pairs.add(new int[] {u, i});
      }
    }
    int n = pairs.size();
    int[] us = new int[n];
    int[] is = new int[n];
    double[] r = new double[n];
    double[] w = new double[n];
    for (int j = 0; j < n; j++) {
      us[j] = pairs.get(j)[0];
      is[j] = pairs.get(j)[1];
      double s = NormalEquations.dot(3, tu, us[j] * 3, ti, is[j] * 3);
      r[j] = implicit ? 1 + Math.floor(3 * Math.abs(s)) : s + 0.3 * rnd.nextGaussian();
      w[j] = 0.5 + 1.5 * rnd.nextDouble();
    }
    return new AlsObjective.Problem(k, nu, ni, us, is, r, w, lambda, implicit, alpha);
  }

  public static double[] gaussian(SplittableRandom rnd, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian() * 0.7;
    }
    return v;
  }

  public static Dataset<Row> table(SparkSession spark, AlsObjective.Problem p) {
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < p.users().length; j++) {
      rows.add(RowFactory.create(p.users()[j], p.items()[j], p.ratings()[j], p.weights()[j], null));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** A factor table from a dense array. */
  public static Dataset<Row> factors(SparkSession spark, String idCol, double[] f, int n, int k) {
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < n; e++) {
      rows.add(RowFactory.create(e, java.util.Arrays.copyOfRange(f, e * k, e * k + k)));
    }
    return spark.createDataFrame(rows, FactorBlocks.schema(idCol));
  }

  /** A factor table collected into a dense array (entities without factors stay NaN). */
  public static double[] dense(Dataset<Row> factors, int n, int k) {
    double[] f = new double[n * k];
    java.util.Arrays.fill(f, Double.NaN);
    for (Row r : factors.collectAsList()) {
      List<Double> v = r.getList(1);
      for (int p = 0; p < k; p++) {
        f[r.getInt(0) * k + p] = v.get(p);
      }
    }
    return f;
  }

  public static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - b[i]);
      m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(m, d);
    }
    return m;
  }

}
