package io.recvalue.core.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;

/**
 * One line of a line chart: points {@code (x[k], y[k])} joined in order, in a colour and a line style,
 * with round markers at the points or without, listed in the legend or not.
 */
public record Series(String name, double[] x, double[] y, Color color, Line line, boolean markers,
    boolean inLegend) {

  /** How the line is drawn. */
  public enum Line {
    /** 2 px solid. */
    SOLID(new BasicStroke(2f)),
    /** 2 px, 6 px dashes. */
    DASHED(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)),
    /** 1 px solid, for context. */
    THIN(new BasicStroke(1f)),
    /** 3 px solid, for a summary. */
    THICK(new BasicStroke(3f));

    private final Stroke stroke;

    Line(Stroke stroke) {
      this.stroke = stroke;
    }

    Stroke stroke() {
      return stroke;
    }
  }

  public Series {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series " + name + " has " + x.length + " x and " + y.length + " y values");
    }
  }

  /** A solid line with markers, in the legend: the plain series of {@link Charts#lines}. */
  public static Series plain(String name, double[] x, double[] y, Color color) {
    return new Series(name, x, y, color, Line.SOLID, true, true);
  }
}
