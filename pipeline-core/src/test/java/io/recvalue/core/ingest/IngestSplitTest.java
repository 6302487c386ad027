package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.data.InteractionColumns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-user split: by time (latest to test), and seeded random independent of partitioning. */
@SparkTest
class IngestSplitTest {
  @TempDir Path dir;

  @Test
  void timeSplitHoldsOutEachUsersLatest() {
    // u1: five interactions; i4 and i5 share the latest time: the larger item id goes to test.
    // u2: three interactions, fewer than test + validation + minTrain = 1 + 1 + 2: all in train.
    Path log = IngestFixtures.csv(dir, "t.csv", "user_id,item_id,rating,timestamp",
        "u1,i1,1,100", "u1,i2,2,300", "u1,i3,3,200", "u1,i4,4,500", "u1,i5,5,500",
        "u2,i1,1,1", "u2,i2,2,2", "u2,i3,3,3");
    IngestSettings s = IngestSettings.builder().minTrainPerUser(2).build();
    IngestResult r = IngestFixtures.run(s, log, dir.resolve("out"));
    IngestFixtures.assertBooksBalance(r, 8);
    assertEquals(SplitMethod.TIME, r.splitMethod());
    assertEquals(List.of("u1/i5"), pairs(r, r.test()));
    assertEquals(List.of("u1/i4"), pairs(r, r.validation()));
    assertEquals(List.of("u1/i1", "u1/i2", "u1/i3", "u2/i1", "u2/i2", "u2/i3"), pairs(r, r.train()));
    assertEquals(1, r.counts().usersTrainOnly());
  }

  @Test
  void randomSplitIsTheSameOnOneOrSevenPartitionsAndFollowsTheSeed() {
    Path one = writeLog("one", 1);
    Path seven = writeLog("seven", 7);
    IngestSettings s = IngestSettings.builder().timestampColumn(null)
        .duplicatePolicy(DuplicatePolicy.MEAN).testPerUser(2).validationPerUser(1).seed(7L).build();
    SparkSession spark = IngestFixtures.spark();
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    Map<String, List<String>> a;
    Map<String, List<String>> b;
    try {
      spark.conf().set("spark.sql.shuffle.partitions", "1");
      a = assignment(IngestFixtures.run(s, one, dir.resolve("out1")));
      spark.conf().set("spark.sql.shuffle.partitions", "7");
      b = assignment(IngestFixtures.run(s, seven, dir.resolve("out7")));
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
    assertEquals(a, b);
    assertEquals(20 * 2, a.get("test").size());
    assertEquals(20, a.get("validation").size());
    Map<String, List<String>> c = assignment(IngestFixtures.run(
        s.toBuilder().seed(8L).build(), one, dir.resolve("out8")));
    assertEquals(a.get("test").size(), c.get("test").size());
    assertNotEquals(a.get("test"), c.get("test"), "another root seed gives another split");
  }

  /** 20 users × 12 items, written as {@code files} Parquet files in a shuffled order. */
  private Path writeLog(String name, int files) {
    StructType schema = new StructType().add("user_id", DataTypes.LongType)
        .add("item_id", DataTypes.StringType).add("rating", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (long u = 0; u < 20; u++) {
      for (int i = 0; i < 12; i++) {
        rows.add(RowFactory.create(u * 1000, "item" + i, (double) ((u + i) % 5)));
      }
    }
    Dataset<Row> d = IngestFixtures.spark().createDataFrame(rows, schema);
    Dataset<Row> laidOut = files == 1 ? d.coalesce(1) : d.repartition(files, d.col("item_id"));
    Path p = dir.resolve(name);
    laidOut.write().mode(SaveMode.ErrorIfExists).parquet(p.toString());
    return p;
  }

  /** split → sorted "user/item" pairs, by original ids. */
  private static Map<String, List<String>> assignment(IngestResult r) {
    Map<String, List<String>> m = new TreeMap<>();
    m.put("train", pairs(r, r.train()));
    m.put("validation", pairs(r, r.validation()));
    m.put("test", pairs(r, r.test()));
    return m;
  }

  private static List<String> pairs(IngestResult r, Dataset<Row> split) {
    return IdIndex.attachIds(split, r.userIndex(), r.itemIndex())
        .select(InteractionColumns.USER_ID, InteractionColumns.ITEM_ID).collectAsList().stream()
        .map(x -> x.get(0) + "/" + x.get(1)).sorted().toList();
  }
}
