package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.data.InteractionColumns;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** String and numeric ids, dense deterministic indices, and typed Parquet timestamps. */
@SparkTest
class IngestIdsAndTypesTest {
  @TempDir Path dir;

  @Test
  void csvIdsAreStringsIndexedInIdOrder() {
    // the rows arrive in no particular order; "10" sorts before "9" as text
    Path log = IngestFixtures.csv(dir, "ids.csv", "user_id,item_id,rating,timestamp",
        "9,b,1,1", "10,a,1,2", "007,b,1,3", "10,c,1,4");
    IngestResult r = IngestFixtures.run(IngestSettings.builder().testPerUser(0)
        .validationPerUser(0).build(), log, dir.resolve("out"));
    IngestFixtures.assertBooksBalance(r, 4);
    assertEquals(List.of("[0,007]", "[1,10]", "[2,9]"), IngestFixtures.sortedRows(r.userIndex()));
    assertEquals(List.of("[0,a]", "[1,b]", "[2,c]"), IngestFixtures.sortedRows(r.itemIndex()));
    assertEquals("string", r.userIndex().schema().apply(InteractionColumns.USER_ID).dataType()
        .simpleString());
  }

  @Test
  void parquetLongIdsStayLongAndTimestampsConvert() {
    StructType schema = new StructType().add("u", DataTypes.LongType).add("i", DataTypes.IntegerType)
        .add("r", DataTypes.FloatType).add("t", DataTypes.TimestampType).add("d", DataTypes.DateType);
    Path p = dir.resolve("typed.parquet");
    IngestFixtures.spark().createDataFrame(List.of(
        RowFactory.create(90_000_000_000L, 5, 4.5f, Timestamp.valueOf("2013-02-28 14:20:53"),
            Date.valueOf("2013-02-28")),
        RowFactory.create(-3L, 5, 2f, Timestamp.valueOf("2013-03-01 00:00:00"),
            Date.valueOf("2013-03-01"))), schema).coalesce(1).write().parquet(p.toString());
    IngestSettings s = IngestSettings.builder().userColumn("u").itemColumn("i").ratingColumn("r")
        .timestampColumn("t").testPerUser(0).validationPerUser(0).build();
    IngestResult r = IngestFixtures.run(s, p, dir.resolve("out"));
    IngestFixtures.assertBooksBalance(r, 2);
    assertEquals(InputFormat.PARQUET, r.format());
    assertEquals(List.of("[0,-3]", "[1,90000000000]"), IngestFixtures.sortedRows(r.userIndex()));
    assertEquals("bigint", r.userIndex().schema().apply(InteractionColumns.USER_ID).dataType()
        .simpleString());
    assertEquals("int", r.itemIndex().schema().apply(InteractionColumns.ITEM_ID).dataType()
        .simpleString());
    // the test session runs in UTC, so the java.sql.Timestamp above is that UTC wall time
    assertEquals(List.of("[0,0,2.0,1.0,1362096000]", "[1,0,4.5,1.0,1362061253]"),
        IngestFixtures.sortedRows(r.train()));
    IngestResult byDate = IngestFixtures.run(s.toBuilder().timestampColumn("d").build(), p,
        dir.resolve("out-d"));
    assertEquals(List.of("[0,0,2.0,1.0,1362096000]", "[1,0,4.5,1.0,1362009600]"),
        IngestFixtures.sortedRows(byDate.train()));
  }
}
