package io.recvalue.core.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The plots are PNG images of the stated sizes, tick labels never repeat, bar labels keep their
 * numbers, and side-by-side panels draw every series in its colour above one legend.
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
    BufferedImage l = read(Charts.lines(lines, "l", "removed", "rmse"));
    assertEquals(640, l.getWidth());
    assertTrue(contains(l, Palette.series(0)) && contains(l, Palette.series(1)), "both series in their colours");
  }

  /** Two panels of 420 × 320 and a legend of the three series marked for it (two rows at this width). */
  @Test
  void panelsDrawEverySeriesAboveOneLegend() throws IOException {
    double[] x = {0, 0.1, 0.2};
    List<Series> series = List.of(
        new Series("a lowest first", x, new double[] {0.5, 0.4, 0.3}, Palette.series(0), Series.Line.SOLID, true, true),
        new Series("a highest first", x, new double[] {0.5, 0.6, 0.7}, Palette.series(0), Series.Line.DASHED, true,
            true),
        new Series("random seed 1", x, new double[] {0.5, 0.52, 0.49}, Palette.CONTEXT, Series.Line.THIN, true, false),
        new Series("random (mean)", x, new double[] {0.5, 0.51, 0.5}, Palette.SUMMARY, Series.Line.THICK, false,
            true));
    BufferedImage p = read(Charts.panels(List.of(new Panel("one", "removed fraction", "m", series),
        new Panel("two", "removed fraction", "m", series)), 420, 320));
    assertEquals(2 * 420, p.getWidth());
    assertEquals(320 + 40 + 18 * 2, p.getHeight());
    for (Color c : List.of(Palette.series(0), Palette.CONTEXT, Palette.SUMMARY)) {
      assertTrue(contains(p, c), "a pixel in " + c);
    }
  }

  private static boolean contains(BufferedImage image, Color c) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
          return true;
        }
      }
    }
    return false;
  }

  private static BufferedImage read(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image);
    return image;
  }
}
