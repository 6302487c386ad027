package io.recvalue.explain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The plots are PNG images of the stated sizes, tick labels never repeat, and bar labels keep their
 * numbers.
 */
class ChartsTest {
  @Test
  void tickLabelsCarryTheDigitsTheirStepNeeds() {
    assertEquals("-0.0025", Charts.format(-0.0025, 5e-4));
    assertEquals("-0.0020", Charts.format(-0.002, 5e-4));
    assertEquals("150", Charts.format(150, 50));
    assertEquals("0.5", Charts.format(0.5, 0.1));
    assertEquals("2.50e-06", Charts.format(2.5e-6, 5e-8));
    assertEquals("0", Charts.format(0, 1e-9));
  }

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

  /** The label column widens for long labels (up to a cap) instead of cutting them. */
  @Test
  void barChartsMakeRoomForLongLabels() throws IOException {
    double[] v = {1, -2};
    int narrow = read(Charts.bars(List.of("a", "b"), v, null, "b", "phi")).getWidth();
    int wide = read(Charts.bars(List.of("rater_validation_residual = -0.1234", "b"), v, null, "b", "phi"))
        .getWidth();
    int capped = read(Charts.bars(List.of("x".repeat(500), "b"), v, null, "b", "phi")).getWidth();
    assertEquals(190 + 530, narrow);
    assertTrue(wide > narrow && wide < capped, "widths " + narrow + ", " + wide + ", " + capped);
    assertEquals(360 + 530, capped);
  }

  @Test
  void everyChartIsAPng() throws IOException {
    BufferedImage h = read(Charts.histogram(new double[] {0, 1, 2}, new long[] {3, 5}, "h", "x", false));
    assertEquals(720, h.getWidth());
    BufferedImage b = read(Charts.bars(List.of("a", "b", "c"), new double[] {1, -2, 0.5}, new double[] {0.1, 0.2, 0},
        "b", "phi"));
    assertEquals(36 + 50 + 3 * 22, b.getHeight());
    read(Charts.scatter(new double[] {1, 2}, new double[] {1.5, 2.5}, new boolean[] {false, true}, "s", "x", "y",
        "train", "held out"));
    Map<String, double[][]> lines = new LinkedHashMap<>();
    lines.put("lowest", new double[][] {{0, 0.1, 0.2}, {1, 0.98, 0.97}});
    lines.put("random", new double[][] {{0, 0.1, 0.2}, {1, 1.01, 1.03}});
    read(Charts.lines(lines, "l", "removed", "rmse"));
  }

  private static BufferedImage read(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image);
    return image;
  }
}
