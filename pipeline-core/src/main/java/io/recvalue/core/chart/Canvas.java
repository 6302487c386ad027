package io.recvalue.core.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * An image with a white background and antialiasing, and the drawing every chart shares: titles, axes
 * with round ticks and grid lines, series, the two legends, PNG encoding. Headless Java2D.
 */
final class Canvas {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Plot-area margins of a chart or panel. */
  static final int LEFT = 70;
  static final int RIGHT = 20;
  static final int TOP = 36;
  static final int BOTTOM = 50;
  static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  /** Width of one entry of a line legend. */
  private static final int LEGEND_ENTRY = 260;
  private static final int LEGEND_ROW = 18;

  final BufferedImage image;
  final Graphics2D g;
  final int w;
  final int h;

  Canvas(int w, int h) {
    this.w = w;
    this.h = h;
    image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setFont(LABEL_FONT);
  }

  /** A canvas with {@code title} over a chart whose left edge is at 0. */
  Canvas(int w, int h, String title) {
    this(w, h);
    title(title, 0);
  }

  /** A bold title over the chart or panel whose left edge is at {@code x0}. */
  void title(String title, int x0) {
    g.setColor(Color.BLACK);
    g.setFont(TITLE_FONT);
    g.drawString(title, x0 + LEFT, 22);
    g.setFont(LABEL_FONT);
  }

  void axes(Axis x, Axis y, String xLabel, String yLabel) {
    xAxis(x, y.from(), xLabel);
    g.setColor(Color.BLACK);
    g.drawLine(x.from(), y.from(), x.from(), y.to());
    FontMetrics fm = g.getFontMetrics();
    for (double t : y.ticks()) {
      int py = y.px(t);
      g.setColor(Palette.GRID);
      g.drawLine(x.from() + 1, py, x.to(), py);
      g.setColor(Color.BLACK);
      g.drawLine(x.from() - 4, py, x.from(), py);
      String s = Charts.format(t, y.step());
      g.drawString(s, x.from() - 6 - fm.stringWidth(s), py + 4);
    }
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(y.from() + y.to()) / 2 - fm.stringWidth(yLabel) / 2, x.from() - LEFT + 14);
    g.setTransform(saved);
  }

  void xAxis(Axis x, int atY, String label) {
    g.setColor(Color.BLACK);
    g.drawLine(x.from(), atY, x.to(), atY);
    FontMetrics fm = g.getFontMetrics();
    for (double t : x.ticks()) {
      int px = x.px(t);
      g.drawLine(px, atY, px, atY + 4);
      String s = Charts.format(t, x.step());
      g.drawString(s, px - fm.stringWidth(s) / 2, atY + 17);
    }
    g.drawString(label, (x.from() + x.to()) / 2 - fm.stringWidth(label) / 2, atY + 36);
  }

  /** The series' line in its style, with a round marker at each point when it has markers. */
  void draw(Series s, Axis x, Axis y) {
    g.setColor(s.color());
    g.setStroke(s.line().stroke());
    for (int k = 0; k < s.x().length; k++) {
      if (s.markers()) {
        g.fillOval(x.px(s.x()[k]) - 3, y.px(s.y()[k]) - 3, 6, 6);
      }
      if (k > 0) {
        g.drawLine(x.px(s.x()[k - 1]), y.px(s.y()[k - 1]), x.px(s.x()[k]), y.px(s.y()[k]));
      }
    }
    g.setStroke(new BasicStroke(1f));
  }

  /** Colour boxes and names in the top-right corner of the plot area. */
  void legend(List<String> names, List<Color> colors) {
    FontMetrics fm = g.getFontMetrics();
    int y = TOP + 6;
    for (int n = 0; n < names.size(); n++) {
      int x = w - RIGHT - 10 - fm.stringWidth(names.get(n)) - 16;
      g.setColor(colors.get(n));
      g.fillRect(x, y + n * 16, 10, 10);
      g.setColor(Color.BLACK);
      g.drawString(names.get(n), x + 16, y + n * 16 + 10);
    }
  }

  /** The height a {@link #lineLegend} of {@code entries} needs across {@code width} pixels. */
  static int lineLegendHeight(int entries, int width) {
    return 40 + LEGEND_ROW * (entries * LEGEND_ENTRY / Math.max(1, width - LEGEND_ENTRY) + 1);
  }

  /** A sample of each series' line and its name, in rows from {@code y0} down, wrapping at the width. */
  void lineLegend(List<Series> entries, int y0) {
    int x = LEFT;
    int y = y0 + 12;
    for (Series s : entries) {
      if (x + LEGEND_ENTRY > w) {
        x = LEFT;
        y += LEGEND_ROW;
      }
      g.setColor(s.color());
      g.setStroke(s.line().stroke());
      g.drawLine(x, y - 4, x + 30, y - 4);
      g.setColor(Color.BLACK);
      g.drawString(s.name(), x + 36, y);
      x += LEGEND_ENTRY;
    }
    g.setStroke(new BasicStroke(1f));
  }

  byte[] png() {
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
