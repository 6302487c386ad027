package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** When an id index is broadcast to the join, and that the joined rows are the same either way. */
@SparkTest
class IndexBroadcastTest {
  private static final long GIB = 1L << 30;

  @Test
  void aLocalDriverBudgetsAnEighthOfItsHeapAtTwoHundredBytesAnId() {
    SparkConf local = new SparkConf().set("spark.master", "local[2]").set("spark.executor.memory", "1g");
    assertEquals(16 * GIB / 8 / 200, IndexBroadcast.maxIds(local, 16 * GIB), "local mode: the driver's heap alone");
    assertEquals(10_737_418, IndexBroadcast.maxIds(local, 16 * GIB));
  }

  @Test
  void clusterModesAlsoBoundItByEachExecutorsHeap() {
    SparkConf yarn = new SparkConf().set("spark.master", "yarn").set("spark.executor.memory", "4g");
    assertEquals(4 * GIB / 1600, IndexBroadcast.maxIds(yarn, 16 * GIB));
    assertEquals(2 * GIB / 1600, IndexBroadcast.maxIds(yarn, 2 * GIB), "the driver collects the index too");
    SparkConf cluster = new SparkConf().set("spark.master", "local-cluster[2,1,1024]");
    assertEquals(GIB / 1600, IndexBroadcast.maxIds(cluster, 16 * GIB), "spark.executor.memory defaults to 1g");
  }

  @Test
  void anIndexWithinTheBudgetIsBroadcastWhereSparkWouldSortBothSides() {
    SparkSession spark = SparkTestSession.get();
    String before = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    try {
      // Spark alone broadcasts nothing above one byte, so a broadcast join here is the index's hint
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "1");
      Dataset<Row> joined = IdIndex.attachIds(rows(spark), index(spark, "user"), index(spark, "item"));
      String plan = joined.queryExecution().executedPlan().toString();
      assertTrue(plan.contains("BroadcastHashJoin"), plan);
      assertFalse(plan.contains("SortMergeJoin"), plan);
      assertEquals(expected(), ids(joined));
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", before);
    }
  }

  @Test
  void anIndexBeyondTheBudgetOrASessionWithBroadcastsOffIsLeftToSpark() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> users = index(spark, "user");
    assertSame(users, IndexBroadcast.of(users, Long.MAX_VALUE), "too many ids: the index as it is, no hint");
    String before = spark.conf().get("spark.sql.autoBroadcastJoinThreshold");
    try {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
      Dataset<Row> joined = IdIndex.attachIds(rows(spark), users, index(spark, "item"));
      String plan = joined.queryExecution().executedPlan().toString();
      assertFalse(plan.contains("BroadcastHashJoin"), plan);
      assertTrue(plan.contains("SortMergeJoin"), plan);
      assertEquals(expected(), ids(joined), "the same rows and ids as the broadcast join");
    } finally {
      spark.conf().set("spark.sql.autoBroadcastJoinThreshold", before);
    }
  }

  /** 40 interactions of 8 users and 5 items; user 7 has no index row (a null id, not a lost row). */
  private static Dataset<Row> rows(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < 40; j++) {
      rows.add(RowFactory.create(j % 8, j % 5, (double) j));
    }
    StructType schema = new StructType().add("user_idx", DataTypes.IntegerType, false)
        .add("item_idx", DataTypes.IntegerType, false).add("value", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema).repartition(3);
  }

  private static Dataset<Row> index(SparkSession spark, String side) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < (side.equals("user") ? 7 : 5); i++) {
      rows.add(RowFactory.create(i, side.charAt(0) + "-" + (100 + i)));
    }
    StructType schema = new StructType().add(side + "_idx", DataTypes.IntegerType, false)
        .add(side + "_id", DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  private static List<String> expected() {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < 40; j++) {
      out.add((j % 8 == 7 ? "null" : "u-" + (100 + j % 8)) + " i-" + (100 + j % 5) + " " + (double) j);
    }
    return out.stream().sorted().collect(Collectors.toList());
  }

  private static List<String> ids(Dataset<Row> joined) {
    return joined.collectAsList().stream()
        .map(r -> r.getAs("user_id") + " " + r.getAs("item_id") + " " + r.getAs("value"))
        .sorted().collect(Collectors.toList());
  }
}
