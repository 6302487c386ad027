package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Timestamp text → epoch seconds; values checked against {@code date -u -d ... +%s}. */
class IngestTimestampParserTest {
  private static Long auto(String s) {
    return TimestampParser.parse(s, TimestampFormat.AUTO);
  }

  @Test
  void epochSeconds() {
    assertEquals(1362063653L, auto("1362063653"));
    assertEquals(1362063653L, auto(" 1362063653.9 "), "fraction dropped");
    assertEquals(-2L, auto("-1.5"), "floor, not truncation");
    assertEquals(1360000000L, auto("1.36e9"));
    assertNull(auto("99999999999999999999"), "beyond a long");
    assertNull(TimestampParser.parse("2013-02-28", TimestampFormat.EPOCH_SECONDS));
  }

  @Test
  void iso8601() {
    assertEquals(1362061253L, auto("2013-02-28T14:20:53Z"));
    assertEquals(1362061253L, auto("2013-02-28T15:20:53+01:00"));
    assertEquals(1362061253L, auto("2013-02-28T14:20:53"), "local date-time read as UTC");
    assertEquals(1362061253L, auto("2013-02-28 14:20:53.250"), "space separator, fraction dropped");
    assertEquals(1362009600L, auto("2013-02-28"), "a date is midnight UTC");
    assertNull(TimestampParser.parse("1362063653", TimestampFormat.ISO_8601));
    assertNull(auto("2013-02-30"));
    assertNull(auto("28/02/2013"));
    assertNull(auto(null));
  }
}
