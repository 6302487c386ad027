package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.testing.SparkTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Duplicate (user, item) pairs under each policy, and the iterative k-core on a hand-built log. */
@SparkTest
class IngestDuplicatesAndKCoreTest {
  @TempDir Path dir;

  /** u1/i1 three times, u1/i2 twice (same timestamp), u2/i1 once. */
  private Path duplicates() {
    return IngestFixtures.csv(dir, "dups.csv",
        "user_id,item_id,rating,weight,timestamp",
        "u1,i1,2,1,300", "u1,i1,4,3,100", "u1,i1,9,2,200",
        "u1,i2,3,1,50", "u1,i2,5,1,50",
        "u2,i1,1,4,10");
  }

  private Map<String, String> runPolicy(DuplicatePolicy policy) {
    IngestSettings s = IngestSettings.builder().weightColumn("weight").duplicatePolicy(policy)
        .testPerUser(0).validationPerUser(0).build();
    IngestResult r = IngestFixtures.run(s, duplicates(), dir.resolve("out-" + policy));
    IngestFixtures.assertBooksBalance(r, 6);
    assertEquals(2, r.counts().duplicatePairs());
    assertEquals(3, r.counts().duplicateRowsMerged(), "(3 - 1) + (2 - 1) rows merged away");
    Map<String, String> m = new TreeMap<>();
    for (Row row : IdIndex.attachIds(r.train(), r.userIndex(), r.itemIndex()).collectAsList()) {
      m.put(row.getAs("user_id") + "/" + row.getAs("item_id"),
          row.getAs("rating") + " " + row.getAs("weight") + " " + row.getAs("timestamp"));
    }
    return m;
  }

  @Test
  void latestKeepsTheLastRowAndBreaksTiesByTheLargerRating() {
    assertEquals(Map.of("u1/i1", "2.0 1.0 300", "u1/i2", "5.0 1.0 50", "u2/i1", "1.0 4.0 10"),
        runPolicy(DuplicatePolicy.LATEST));
  }

  @Test
  void meanAveragesRatingsAndWeightsAndKeepsTheLastTime() {
    assertEquals(Map.of("u1/i1", "5.0 2.0 300", "u1/i2", "4.0 1.0 50", "u2/i1", "1.0 4.0 10"),
        runPolicy(DuplicatePolicy.MEAN));
  }

  @Test
  void sumAddsRatings() {
    assertEquals(Map.of("u1/i1", "15.0 2.0 300", "u1/i2", "8.0 1.0 50", "u2/i1", "1.0 4.0 10"),
        runPolicy(DuplicatePolicy.SUM));
  }

  @Test
  void implicitClicksWithoutRatingOrTimestampSumToCounts() {
    Path log = IngestFixtures.csv(dir, "clicks.csv", "user,page", "a,x", "a,x", "a,y", "b,x");
    IngestSettings s = IngestSettings.builder().userColumn("user").itemColumn("page")
        .ratingColumn(null).timestampColumn(null).feedback(FeedbackMode.IMPLICIT)
        .duplicatePolicy(DuplicatePolicy.SUM).testPerUser(0).validationPerUser(0).build();
    IngestResult r = IngestFixtures.run(s, log, dir.resolve("out"));
    IngestFixtures.assertBooksBalance(r, 4);
    assertEquals(SplitMethod.RANDOM, r.splitMethod());
    assertEquals(List.of("[0,0,2.0,1.0,null]", "[0,1,1.0,1.0,null]", "[1,0,1.0,1.0,null]"),
        IngestFixtures.sortedRows(r.train()));
  }

  @Test
  void implicitNegativeCountsAreQuarantined() {
    Path log = IngestFixtures.csv(dir, "plays.csv", "user_id,item_id,plays",
        "a,x,3", "a,y,0", "b,x,-2");
    IngestSettings s = IngestSettings.builder().ratingColumn("plays").timestampColumn(null)
        .feedback(FeedbackMode.IMPLICIT).duplicatePolicy(DuplicatePolicy.SUM).maxBadFraction(0.5)
        .testPerUser(0).validationPerUser(0).build();
    IngestResult r = IngestFixtures.run(s, log, dir.resolve("out"));
    IngestFixtures.assertBooksBalance(r, 3);
    Row q = IngestFixtures.quarantine(dir.resolve("out")).first();
    assertEquals("rating_negative", q.getAs("reason"));
    assertEquals("column 'plays' value '-2' is negative (implicit feedback needs counts >= 0)",
        q.getAs("detail"));
  }

  /**
   * The 2-core of this log, one removal per pass: u4 has one interaction (u4,i4 goes in pass 1),
   * which leaves i4 with one (u3,i4 goes in pass 2), which leaves u3 with one (u3,i3 goes in pass 3),
   * which leaves i3 with one (u1,i3 goes in pass 4). Survivors: u1, u2 × i1, i2.
   */
  @Test
  void kCoreRemovesUntilEveryoneHasK() {
    Path log = IngestFixtures.csv(dir, "k.csv", "user_id,item_id,rating,timestamp",
        "u1,i1,1,1", "u1,i2,1,2", "u2,i1,1,3", "u2,i2,1,4",
        "u3,i3,1,5", "u3,i4,1,6", "u1,i3,1,7", "u4,i4,1,8");
    IngestSettings s = IngestSettings.builder().kcore(2).testPerUser(0).validationPerUser(0).build();
    IngestResult r = IngestFixtures.run(s, log, dir.resolve("out"));
    IngestFixtures.assertBooksBalance(r, 8);
    assertEquals(4, r.counts().kcoreRowsRemoved());
    assertEquals(4, r.counts().kcoreIterations());
    assertEquals(List.of("[0,u1]", "[1,u2]"), IngestFixtures.sortedRows(r.userIndex()));
    assertEquals(List.of("[0,i1]", "[1,i2]"), IngestFixtures.sortedRows(r.itemIndex()));
    assertEquals(4, r.counts().rowsKept());
  }
}
