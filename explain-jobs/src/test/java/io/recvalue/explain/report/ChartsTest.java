package io.recvalue.explain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The plots are PNG images of the stated sizes, and tick labels never repeat. */
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
