package io.recvalue.explain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Numbers in the report's labels. */
class HtmlTest {
  /** Feature values in bar labels keep their sign and leading digits in a few characters. */
  @Test
  void labelNumbersAreShortAndKeepTheirLeadingDigits() {
    assertEquals("2013", Html.compact(2013.0));
    assertEquals("0.7141", Html.compact(0.714149));
    assertEquals("-154.8", Html.compact(-154.8123));
    assertEquals("134.3", Html.compact(134.3059));
    assertEquals("0.5", Html.compact(0.5));
    assertEquals("-0.01234", Html.compact(-0.012341));
    assertEquals("1.2e-05", Html.compact(1.2e-5));
    assertEquals("55", Html.compact(55L));
    assertEquals("NaN", Html.compact(Double.NaN));
  }
}
