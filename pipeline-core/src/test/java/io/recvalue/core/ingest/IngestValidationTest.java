package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.testing.SparkTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One CSV log with every kind of bad row (each labelled in an extra {@code note} column, which
 * ingest ignores and the quarantine keeps): each must be quarantined with its exact reason code and
 * message, and the valid rows must all be kept.
 */
@SparkTest
class IngestValidationTest {
  @TempDir static Path dir;
  static IngestResult result;
  static Map<String, String> quarantined;

  @BeforeAll
  static void ingest() {
    Path log = IngestFixtures.csv(dir, "log.csv",
        "note,user_id,item_id,rating,weight,timestamp",
        "ok1,u1,i1,5,1,100",
        "ok2,u1,i2,7.5,2.5,200",
        "ok3,u2,i1,0,0,2013-02-28T14:20:53Z",
        "ok4,u2,i3,10,1,1.36e9",
        "ok5,  u3 ,i1,+3.,1e0,2013-02-28",
        "ok6,u3,i2,.5,1,-5",
        "missing_user,,i1,5,1,100",
        "blank_user,\"   \",i1,5,1,100",
        "missing_item,u9,,5,1,100",
        "rating_abc,u9,i9,abc,1,100",
        "rating_5d,u9,i9,5d,1,100",
        "rating_nan,u9,i9,NaN,1,100",
        "rating_minus_inf,u9,i9,-Infinity,1,100",
        "rating_huge,u9,i9,1e400,1,100",
        "rating_high,u9,i9,11,1,100",
        "rating_low,u9,i9,-1,1,100",
        "rating_empty,u9,i9,,1,100",
        "weight_negative,u9,i9,5,-0.5,100",
        "weight_abc,u9,i9,5,x,100",
        "weight_inf,u9,i9,5,inf,100",
        "ts_bad,u9,i9,5,1,yesterday",
        "ts_bad_date,u9,i9,5,1,2013-02-30",
        "ts_empty,u9,i9,5,1,",
        "two_problems,,i9,abc,1,100",
        "too_few_fields,u9,i9,5",
        "too_many_fields,u9,i9,5,1,100,extra");
    IngestSettings s = IngestSettings.builder()
        .weightColumn("weight").ratingMin(0.0).ratingMax(10.0).maxBadFraction(1.0)
        .testPerUser(0).validationPerUser(0).build();
    result = IngestFixtures.run(s, log, dir.resolve("out"));
    quarantined = new HashMap<>();
    for (Row r : IngestFixtures.quarantine(dir.resolve("out")).collectAsList()) {
      quarantined.put(r.getAs("note"), r.getAs("reason") + ": " + r.getAs("detail"));
    }
  }

  @Test
  void missingIds() {
    assertEquals("missing_user_id: column 'user_id' is empty", quarantined.get("missing_user"));
    assertEquals("missing_user_id: column 'user_id' is empty", quarantined.get("blank_user"));
    assertEquals("missing_item_id: column 'item_id' is empty", quarantined.get("missing_item"));
    assertEquals("missing_user_id: column 'user_id' is empty", quarantined.get("two_problems"),
        "the first failing check (user, item, rating, weight, timestamp) gives the reason");
  }

  @Test
  void badRatings() {
    assertEquals("rating_not_numeric: column 'rating' value 'abc' is not a number",
        quarantined.get("rating_abc"));
    assertEquals("rating_not_numeric: column 'rating' value '5d' is not a number",
        quarantined.get("rating_5d"));
    assertEquals("rating_not_finite: column 'rating' value 'NaN' is not a finite number",
        quarantined.get("rating_nan"));
    assertEquals("rating_not_finite: column 'rating' value '-Infinity' is not a finite number",
        quarantined.get("rating_minus_inf"));
    assertEquals("rating_not_finite: column 'rating' value '1e400' is not a finite number",
        quarantined.get("rating_huge"));
    assertEquals("rating_out_of_range: column 'rating' value '11' is above ratingMax=10.0",
        quarantined.get("rating_high"));
    assertEquals("rating_out_of_range: column 'rating' value '-1' is below ratingMin=0.0",
        quarantined.get("rating_low"));
    assertEquals("missing_rating: column 'rating' is empty", quarantined.get("rating_empty"));
  }

  @Test
  void badWeightsAndTimestamps() {
    assertEquals("weight_negative: column 'weight' value '-0.5' is negative",
        quarantined.get("weight_negative"));
    assertEquals("weight_not_numeric: column 'weight' value 'x' is not a number",
        quarantined.get("weight_abc"));
    assertEquals("weight_not_finite: column 'weight' value 'inf' is not a finite number",
        quarantined.get("weight_inf"));
    assertEquals("timestamp_unparsable: column 'timestamp' value 'yesterday' is not epoch seconds"
        + " or an ISO-8601 date-time", quarantined.get("ts_bad"));
    assertEquals("timestamp_unparsable: column 'timestamp' value '2013-02-30' is not epoch seconds"
        + " or an ISO-8601 date-time", quarantined.get("ts_bad_date"));
    assertEquals("missing_timestamp: column 'timestamp' is empty", quarantined.get("ts_empty"));
  }

  @Test
  void malformedLines() {
    assertEquals("malformed_row: line does not have the header's 6 fields: 'too_few_fields,u9,i9,5'",
        quarantined.get("too_few_fields"));
    assertEquals("malformed_row: line does not have the header's 6 fields:"
        + " 'too_many_fields,u9,i9,5,1,100,extra'", quarantined.get("too_many_fields"));
  }

  @Test
  void countsAddUpAndEveryValidRowIsKept() {
    IngestFixtures.assertBooksBalance(result, 26);
    Map<String, Long> expected = new TreeMap<>(Map.of(
        "missing_user_id", 3L, "missing_item_id", 1L, "rating_not_numeric", 2L,
        "rating_not_finite", 3L, "rating_out_of_range", 2L, "missing_rating", 1L,
        "weight_negative", 1L, "weight_not_numeric", 1L, "weight_not_finite", 1L,
        "timestamp_unparsable", 2L));
    expected.put("missing_timestamp", 1L);
    expected.put("malformed_row", 2L);
    assertEquals(expected, result.counts().quarantinedByReason());
    assertEquals(20, result.counts().rowsQuarantined());
    assertEquals(6, result.counts().rowsKept());
    assertEquals(3, result.counts().users());
  }

  @Test
  void valuesAreParsedExactly() {
    // user ids are trimmed; "+3." is 3.0, "1e0" is 1.0; the date is midnight UTC; -5 s is allowed
    Map<String, String> byPair = new TreeMap<>();
    for (Row r : IdIndex.attachIds(result.train(), result.userIndex(), result.itemIndex())
        .collectAsList()) {
      byPair.put(r.getAs("user_id") + "/" + r.getAs("item_id"),
          r.getAs("rating") + " " + r.getAs("weight") + " " + r.getAs("timestamp"));
    }
    assertEquals(Map.of(
        "u1/i1", "5.0 1.0 100", "u1/i2", "7.5 2.5 200", "u2/i1", "0.0 0.0 1362061253",
        "u2/i3", "10.0 1.0 1360000000", "u3/i1", "3.0 1.0 1362009600", "u3/i2", "0.5 1.0 -5"),
        byPair);
  }
}
