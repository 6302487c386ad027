package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.data.InteractionColumns;
import io.recvalue.core.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MovieTweetings-small (gzip'd CSV, the 10-core of the 100K snapshot): the counts published in
 * {@code shared/data/movietweetings/README.md} must come out of ingest unchanged.
 */
@SparkTest
class IngestMovieTweetingsTest {
  @TempDir static Path out;
  static IngestResult result;

  @BeforeAll
  static void ingest() {
    IngestSettings s = IngestSettings.builder().testPerUser(1).validationPerUser(1).build();
    result = IngestFixtures.run(s, TestData.movieTweetingsSmall(), out);
  }

  @Test
  void countsMatchTheDatasetReadme() {
    IngestCounts c = result.counts();
    assertEquals(44_613, c.rowsRead());
    assertEquals(0, c.rowsQuarantined());
    assertEquals(0, c.duplicatePairs());
    assertEquals(2_059, c.users());
    assertEquals(1_099, c.items());
    assertEquals(44_613, c.rowsKept());
    IngestFixtures.assertBooksBalance(result, 44_613);
  }

  @Test
  void oneTestAndOneValidationInteractionPerUser() {
    IngestCounts c = result.counts();
    // every user of the 10-core has >= 10 ratings, so everyone holds out one of each
    assertEquals(0, c.usersTrainOnly());
    assertEquals(2_059, c.testRows());
    assertEquals(2_059, c.validationRows());
    assertEquals(44_613 - 2 * 2_059, c.trainRows());
    assertEquals(2_059, result.test().select(InteractionColumns.USER_IDX).distinct().count());
  }

  @Test
  void theTimeSplitAndTheLayout() {
    assertEquals(SplitMethod.TIME, result.splitMethod());
    assertEquals(InputFormat.CSV, result.format());
    assertEquals(
        List.of("user_idx:int", "item_idx:int", "rating:double", "weight:double", "timestamp:bigint"),
        List.of(result.train().schema().fields()).stream()
            .map(f -> f.name() + ":" + f.dataType().simpleString()).toList());
    // ids of a CSV log are strings; indices are dense and follow the id order
    Row first = result.userIndex().orderBy(InteractionColumns.USER_IDX).first();
    assertEquals(0, first.getInt(0));
    assertEquals("string", result.userIndex().schema().apply(InteractionColumns.USER_ID).dataType()
        .simpleString());
    Map<String, Object> m = result.toMap();
    assertEquals(44_613L, m.get("rows_read"));
    assertEquals(2_059L, m.get("test_rows"));
  }
}
