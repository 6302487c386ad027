package io.recvalue.valuation.spark;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.testing.TestData;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.PointLoss;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Wall time of influence and block-diagonal values on MovieTweetings-small (rank 8, λ = 0.1),
 * with a per-user time split (latest → test, previous → validation, rest → training). Not part of
 * the regular suite: runs only with {@code -Drecvalue.benchmark=true}, and prints its numbers.
 */
@SparkTest
class MovieTweetingsValuationBenchmark {
  private static final int K = 8;
  private static final double LAMBDA = 0.1;

  @Test
  void valueMovieTweetingsSmall() throws IOException {
    Assumptions.assumeTrue(Boolean.getBoolean("recvalue.benchmark"), "benchmark not requested");
    List<long[]> log = read();
    Map<Long, List<long[]>> byUser = new HashMap<>();
    log.forEach(r -> byUser.computeIfAbsent(r[0], u -> new ArrayList<>()).add(r));
    List<long[]> train = new ArrayList<>();
    List<long[]> val = new ArrayList<>();
    for (List<long[]> rows : byUser.values()) {
      rows.sort(Comparator.comparingLong((long[] r) -> r[3]).thenComparingLong(r -> r[1]));
      int n = rows.size();
      for (int t = 0; t < n - 2; t++) {
        train.add(rows.get(t));
      }
      if (n >= 2) {
        val.add(rows.get(n - 2));
      }
    }
    Map<Long, Integer> users = index(train, 0);
    Map<Long, Integer> items = index(train, 1);
    val.removeIf(r -> !users.containsKey(r[0]) || !items.containsKey(r[1]));
    Interactions data = table(train, users, items);
    Fixtures.Problem p = train(data, val, users, items);
    SparkSession spark = SparkTestSession.get();
    for (boolean blockDiagonal : new boolean[] {false, true, false}) {
      InfluenceSettings settings = InfluenceSettings.explicit(LAMBDA).withBlockDiagonal(blockDiagonal);
      ValuationResult r = new InfluenceValuation(spark, settings).run(Fixtures.trainTable(spark, data),
          Fixtures.validationTable(spark, p), Fixtures.userFactors(spark, p.theta()),
          Fixtures.itemFactors(spark, p.theta()));
      Map<String, Object> d = new HashMap<>(r.diagnostics());
      d.remove("cg_residual_log");
      System.out.println("BENCHMARK " + settings.methodId() + " " + d);
      r.release();
    }
  }

  private static Fixtures.Problem train(Interactions data, List<long[]> val,
      Map<Long, Integer> users, Map<Long, Integer> items) {
    long t0 = System.nanoTime();
    PointLoss loss = PointLoss.explicit(LAMBDA);
    AlsResult als = AlsResult.localAls(data, loss, null, new JavaCholeskySolver(),
        Fixtures.gaussian(data.numUsers(), data.numItems(), K, 0.3, 1), 1e-10, 50_000);
    System.out.printf("BENCHMARK data: %d users, %d items, %d train, %d validation; ALS %d "
        + "sweeps, change %.2e, %.1f s%n", data.numUsers(), data.numItems(), data.size(),
        val.size(), als.sweeps(), als.relativeChange(), (System.nanoTime() - t0) / 1e9);
    int[] vu = new int[val.size()];
    int[] vi = new int[val.size()];
    double[] vr = new double[val.size()];
    for (int t = 0; t < vu.length; t++) {
      vu[t] = users.get(val.get(t)[0]);
      vi[t] = items.get(val.get(t)[1]);
      vr[t] = val.get(t)[2];
    }
    BlockVector theta = als.theta();
    return new Fixtures.Problem(data, vu, vi, vr, theta, loss);
  }

  private static List<long[]> read() throws IOException {
    List<long[]> out = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(TestData.movieTweetingsSmall()))))) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",");
        out.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
            Long.parseLong(f[3])});
      }
    }
    return out;
  }

  private static Map<Long, Integer> index(List<long[]> rows, int col) {
    Map<Long, Integer> idx = new HashMap<>();
    rows.stream().map(r -> r[col]).sorted().forEach(id -> idx.putIfAbsent(id, idx.size()));
    return idx;
  }

  private static Interactions table(List<long[]> rows, Map<Long, Integer> users,
      Map<Long, Integer> items) {
    int[] u = new int[rows.size()];
    int[] i = new int[rows.size()];
    double[] r = new double[rows.size()];
    for (int j = 0; j < r.length; j++) {
      u[j] = users.get(rows.get(j)[0]);
      i[j] = items.get(rows.get(j)[1]);
      r[j] = rows.get(j)[2];
    }
    return Interactions.of(users.size(), items.size(), u, i, r);
  }
}
