package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Settings are validated when built, with messages that name the setting and the bad value. */
class IngestSettingsTest {
  private static String error(IngestSettings.Builder b) {
    return assertThrows(IllegalArgumentException.class, b::build).getMessage();
  }

  @Test
  void defaults() {
    IngestSettings s = IngestSettings.defaults();
    assertEquals("user_id", s.userColumn());
    assertEquals("rating", s.ratingColumn());
    assertEquals("timestamp", s.timestampColumn());
    assertEquals(0.01, s.maxBadFraction());
    assertEquals(DuplicatePolicy.LATEST, s.duplicatePolicy());
    assertEquals(SplitMethod.TIME, s.effectiveSplitMethod());
    assertEquals("auto", s.toMap().get("timestampFormat"));
    assertEquals(42L, s.seed());
  }

  @Test
  void latestWithoutTimestampsIsAConfigError() {
    assertEquals("ingest setting duplicatePolicy='latest' needs a timestamp column, but"
        + " timestampColumn is not set; use mean or sum, or set timestampColumn",
        error(IngestSettings.builder().timestampColumn(null)));
    assertEquals("ingest setting splitMethod='time' needs a timestamp column, but timestampColumn"
        + " is not set; use random or auto",
        error(IngestSettings.builder().timestampColumn(" ").duplicatePolicy(DuplicatePolicy.SUM)
            .splitMethod(SplitMethod.TIME)));
    assertEquals(SplitMethod.RANDOM, IngestSettings.builder().timestampColumn(null)
        .duplicatePolicy(DuplicatePolicy.MEAN).build().effectiveSplitMethod());
  }

  @Test
  void valuesOutOfRange() {
    assertEquals("ingest setting maxBadFraction=1.5 must be in [0, 1]",
        error(IngestSettings.builder().maxBadFraction(1.5)));
    assertEquals("ingest setting ratingMax=1.0 must be >= ratingMin=5.0",
        error(IngestSettings.builder().ratingMin(5.0).ratingMax(1.0)));
    assertEquals("ingest setting ratingMin=NaN must be finite",
        error(IngestSettings.builder().ratingMin(Double.NaN)));
    assertEquals("ingest setting kcore=-1 must be >= 0 (0 turns the filter off)",
        error(IngestSettings.builder().kcore(-1)));
    assertEquals("ingest setting testPerUser=-1 must be >= 0",
        error(IngestSettings.builder().testPerUser(-1)));
    assertEquals("ingest setting minTrainPerUser=0 must be >= 1",
        error(IngestSettings.builder().minTrainPerUser(0)));
    assertEquals("ingest setting csvDelimiter=';;' must be exactly one character",
        error(IngestSettings.builder().csvDelimiter(";;")));
  }

  @Test
  void columns() {
    assertEquals("ingest setting ratingColumn=null must be set when feedback=explicit",
        error(IngestSettings.builder().ratingColumn("")));
    assertEquals("ingest setting itemColumn='user_id' is already used as userColumn",
        error(IngestSettings.builder().itemColumn("user_id")));
    assertEquals("ingest setting timestampColumn='rating' is already used as ratingColumn",
        error(IngestSettings.builder().timestampColumn("rating")));
    assertEquals(null, IngestSettings.builder().ratingColumn(" ").feedback(FeedbackMode.IMPLICIT)
        .build().ratingColumn(), "a blank optional column means none");
  }

  @Test
  void enumSpellings() {
    assertEquals(TimestampFormat.ISO_8601, TimestampFormat.parse("input.timestampFormat", "ISO-8601"));
    assertEquals(TimestampFormat.EPOCH_SECONDS,
        TimestampFormat.parse("input.timestampFormat", "epoch_seconds"));
    assertEquals("ingest.duplicates='newest' is not one of latest|mean|sum",
        assertThrows(IllegalArgumentException.class,
            () -> DuplicatePolicy.parse("ingest.duplicates", "newest")).getMessage());
  }
}
