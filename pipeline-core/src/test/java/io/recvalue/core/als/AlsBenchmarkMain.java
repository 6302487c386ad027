package io.recvalue.core.als;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs {@link AlsBenchmark} on a shared data set with an 80/10/10 seeded-hash split; not part of the
 * suite. Arguments: {@code [relative path under the shared data] [rank] [lambda] [sweeps] [backend]}.
 */
@SparkTest
public final class AlsBenchmarkMain {
  private AlsBenchmarkMain() {}

  public static void main(String[] args) {
    String rel = args.length > 0 ? args[0] : "jester/medium/ratings.csv.gz";
    int rank = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    double lambda = args.length > 2 ? Double.parseDouble(args[2]) : 0.1;
    int sweeps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    String backend = args.length > 4 ? args[4] : "java";
    SparkSession spark = SparkTestSession.get();
    Dataset<Row>[] split = TestSplits.random(TestSplits.load(spark, TestData.shared(rel)), 42L);
    AlsParams p = new AlsParams(rank, lambda, false, 0.0, sweeps, 0.0, 4, 42L, 10, backend);
    AlsBenchmark.Result r = AlsBenchmark.run(spark, split[0], split[2], p, sweeps);
    System.out.println(AlsBenchmark.Result.markdownHeader());
    System.out.println(r.toMarkdownRow());
    spark.stop();
  }
}
