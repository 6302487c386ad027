package io.recvalue.core.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Parses a timestamp text into epoch seconds: a pure function, independent of the Spark session's
 * time zone and of ANSI mode, used by validation through a UDF.
 *
 * <ul>
 *   <li>epoch seconds: an integer or a decimal number ({@code 1362063653}, {@code 1362063653.25},
 *       {@code 1.36e9}); the fraction is dropped (floor);
 *   <li>ISO-8601: a date-time with an offset ({@code 2013-02-28T14:20:53Z},
 *       {@code 2013-02-28T15:20:53+01:00}), a local date-time read as UTC
 *       ({@code 2013-02-28T14:20:53}, also with a space instead of {@code T} and with fractional
 *       seconds), or a date, read as midnight UTC ({@code 2013-02-28});
 *   <li>auto: a number is epoch seconds, anything else ISO-8601.
 * </ul>
 */
final class TimestampParser {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final BigDecimal LONG_RANGE = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final Pattern SPACE_SEPARATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d.*");

  private TimestampParser() {}

  /** Epoch seconds, or null when {@code text} is not a timestamp in {@code format} (or is null). */
  static Long parse(String text, TimestampFormat format) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    return switch (format) {
      case EPOCH_SECONDS -> epochSeconds(t);
      case ISO_8601 -> iso8601(t);
      case AUTO -> NUMBER.matcher(t).matches() ? epochSeconds(t) : iso8601(t);
    };
  }

  /** What a valid value looks like in {@code format}, for quarantine messages. */
  static String expected(TimestampFormat format) {
    return switch (format) {
      case EPOCH_SECONDS -> "epoch seconds";
      case ISO_8601 -> "an ISO-8601 date-time";
      case AUTO -> "epoch seconds or an ISO-8601 date-time";
    };
  }

  private static Long epochSeconds(String t) {
    if (!NUMBER.matcher(t).matches()) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(t);
      if (d.abs().compareTo(LONG_RANGE) > 0) {
        return null;
      }
      return d.setScale(0, RoundingMode.FLOOR).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static Long iso8601(String t) {
    String s = SPACE_SEPARATED.matcher(t).matches() ? t.replaceFirst(" ", "T") : t;
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toEpochSecond();
    } catch (DateTimeParseException e) {
      // not with an offset; try the local forms
    }
    try {
      return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).toEpochDay() * 86_400L;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
