package io.recvalue.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.ingest.IngestResult;
import io.recvalue.core.ingest.Ingestor;
import io.recvalue.core.jobs.IngestJob;
import io.recvalue.core.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator writes the requested number of rows with the planted marginals, the same bytes for
 * the same seed, the same rows for any partition count, and a log that ingest reads.
 */
@SparkTest
class SyntheticLogTest {
  private static final long N = 20_000;

  private static GeneratorSettings explicit(int partitions) {
    return GeneratorSettings.of(N, 500, 300, 4, 0.1).withPartitions(partitions, 3_000);
  }

  @Test
  void sizeRatingRangeNoiseShareAndPowerLawPopularity(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    SyntheticLog.Result r = SyntheticLog.write(spark, explicit(3), dir.toString());
    assertEquals(3, r.partitions());
    assertEquals(List.of("part-00000.csv", "part-00001.csv", "part-00002.csv"), r.files());
    List<String[]> rows = csvRows(dir.resolve(SyntheticLog.LOG_FOLDER));
    assertEquals(N, rows.size());
    long[] ratingCounts = new long[7];
    long noise = 0;
    long[] perItem = new long[300];
    long lastTs = Long.MIN_VALUE;
    double[] offBy = new double[2];
    long[] offCount = new long[2];
    for (String[] f : rows) {
      int rating = Integer.parseInt(f[2]);
      int flag = Integer.parseInt(f[4]);
      offBy[flag] += Math.abs(rating - Double.parseDouble(f[5]));
      offCount[flag]++;
      assertTrue(rating >= 1 && rating <= 5, "rating " + rating);
      ratingCounts[rating]++;
      noise += Integer.parseInt(f[4]);
      perItem[Integer.parseInt(f[1])]++;
      long ts = Long.parseLong(f[3]);
      assertTrue(ts >= lastTs, "timestamps run along the log");
      lastTs = ts;
      int user = Integer.parseInt(f[0]);
      assertTrue(user >= 0 && user < 500);
    }
    for (int v = 1; v <= 5; v++) {
      assertTrue(ratingCounts[v] > 0, "every rating value occurs: " + Arrays.toString(ratingCounts));
    }
    // Noise rows are Bernoulli(0.1): within 4 standard deviations of N·0.1.
    double sd = Math.sqrt(N * 0.1 * 0.9);
    assertTrue(Math.abs(noise - N * 0.1) < 4 * sd, "noise rows " + noise);
    // The clean score is what a clean row's rating scatters around (rounding, N(0, 0.5²), clipping);
    // a noise row's rating is one of the wrong values, far from it on average.
    double clean = offBy[0] / offCount[0];
    double noisy = offBy[1] / offCount[1];
    assertTrue(clean < 0.8 && noisy > 2 * clean, "mean |rating - clean_score|: clean " + clean + ", noise " + noisy);
    // Popularity: the top 10 % of items hold far more than 10 % of the rows, and the log-log slope of
    // count against rank is that of a power law near the planted exponent 0.8.
    long[] sorted = Arrays.stream(perItem).boxed().sorted((a, b) -> Long.compare(b, a))
        .mapToLong(Long::longValue).toArray();
    long top = Arrays.stream(sorted, 0, 30).sum();
    assertTrue(top > 0.25 * N, "top-decile share " + top / (double) N);
    double slope = logLogSlope(sorted, 150);
    assertTrue(slope < -0.5 && slope > -1.3, "popularity log-log slope " + slope);
  }

  @Test
  void sameSeedSameBytesAndRowsIndependentOfPartitionCount(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    SyntheticLog.write(spark, explicit(3), dir.resolve("a").toString());
    SyntheticLog.write(spark, explicit(3), dir.resolve("b").toString());
    SyntheticLog.write(spark, explicit(1), dir.resolve("c").toString());
    SyntheticLog.write(spark, explicit(3).withSeed(7), dir.resolve("d").toString());
    List<Path> a = parts(dir.resolve("a"));
    List<Path> b = parts(dir.resolve("b"));
    assertEquals(names(a), names(b));
    for (int n = 0; n < a.size(); n++) {
      assertArrayEquals(Files.readAllBytes(a.get(n)), Files.readAllBytes(b.get(n)), a.get(n).toString());
    }
    List<String> rows3 = csvLines(dir.resolve("a"));
    List<String> rows1 = csvLines(dir.resolve("c"));
    assertEquals(N, rows1.size());
    assertEquals(rows3, rows1, "the rows, in file order, do not depend on the partition count");
    assertFalse(rows3.equals(csvLines(dir.resolve("d"))), "another seed gives another log");
  }

  @Test
  void parquetLogSameBytesAndReadByIngest(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    GeneratorSettings s = GeneratorSettings.of(2_000, 100, 60, 3, 0.2).withFeedback(true)
        .withFormat("parquet").withPartitions(2, 500);
    SyntheticLog.write(spark, s, dir.resolve("a").toString());
    SyntheticLog.write(spark, s, dir.resolve("b").toString());
    List<Path> a = parts(dir.resolve("a"));
    assertEquals(List.of("part-00000.parquet", "part-00001.parquet"), names(a));
    for (Path p : a) {
      assertArrayEquals(Files.readAllBytes(p),
          Files.readAllBytes(dir.resolve("b").resolve(SyntheticLog.LOG_FOLDER).resolve(p.getFileName())));
    }
    List<Row> noise = spark.read().parquet(dir.resolve("a").resolve(SyntheticLog.LOG_FOLDER).toString())
        .groupBy("is_noise").count().collectAsList();
    assertEquals(2, noise.size());
    var config = ConfigLoader.load(List.of(dir.resolve("a").resolve(SyntheticLog.PROPERTIES)), List.of());
    IngestResult ingested = Ingestor.run(spark, IngestJob.settings(config),
        dir.resolve("a").resolve(SyntheticLog.LOG_FOLDER).toString(), dir.resolve("run").toString());
    assertEquals(2_000, ingested.counts().rowsRead());
    assertEquals(0, ingested.counts().rowsQuarantined());
  }

  @Test
  void badSettingsNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GeneratorSettings.of(10, 5, 5, 2, 1.0));
    assertEquals("--noise 1.0 must be in [0, 1)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> GeneratorSettings.of(10, 5, 5, 2, 0.1).withFormat("json"));
    assertEquals("--format json must be csv or parquet", e.getMessage());
  }

  @Test
  void powerLawSamplerMatchesItsDistributionFunction() {
    PowerLaw law = new PowerLaw(1000, 0.8);
    // P(index < k) = F(k + 1) = ((k+1)^(1-s) - 1) / (1001^(1-s) - 1): check at a few k on a grid of u.
    for (int k : new int[] {0, 9, 99, 499}) {
      double f = (Math.pow(k + 2, 0.2) - 1) / (Math.pow(1001, 0.2) - 1);
      int below = 0;
      int grid = 100_000;
      for (int g = 0; g < grid; g++) {
        if (law.index((g + 0.5) / grid) <= k) {
          below++;
        }
      }
      assertEquals(f, below / (double) grid, 2.0 / grid, "P(index <= " + k + ")");
    }
    assertEquals(0, law.index(0.0));
    assertEquals(999, law.index(Math.nextDown(1.0)));
  }

  /** Least-squares slope of log(count) against log(rank) over the first {@code n} ranks. */
  private static double logLogSlope(long[] sortedDesc, int n) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int r = 0; r < n; r++) {
      double x = Math.log(r + 1.0);
      double y = Math.log(Math.max(1, sortedDesc[r]));
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }

  private static List<Path> parts(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out.resolve(SyntheticLog.LOG_FOLDER))) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .collect(Collectors.toList());
    }
  }

  private static List<String> names(List<Path> paths) {
    return paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
  }

  /** The data lines of every part file in name order, each file's header checked and skipped. */
  private static List<String> csvLines(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path p : parts(out)) {
      List<String> l = Files.readAllLines(p, StandardCharsets.UTF_8);
      assertEquals("user_id,item_id,rating,timestamp,is_noise,clean_score", l.get(0));
      lines.addAll(l.subList(1, l.size()));
    }
    return lines;
  }

  private static List<String[]> csvRows(Path logDir) throws IOException {
    return csvLines(logDir.getParent()).stream().map(l -> l.split(",")).collect(Collectors.toList());
  }
}
