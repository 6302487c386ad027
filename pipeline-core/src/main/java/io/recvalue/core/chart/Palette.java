package io.recvalue.core.chart;

import java.awt.Color;

/** The colours of every chart: one categorical palette for series, and the fixed roles. */
public final class Palette {
  private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)};

  /** Positive bars and histogram bins. */
  public static final Color POSITIVE = new Color(0x2b8cbe);
  /** Negative bars. */
  public static final Color NEGATIVE = new Color(0xe34a33);
  /** Background series drawn for context (each random order of a removal curve). */
  public static final Color CONTEXT = new Color(0xbbbbbb);
  /** A summary drawn over context series (their mean). */
  public static final Color SUMMARY = Color.DARK_GRAY;
  /** Grid lines. */
  static final Color GRID = new Color(235, 235, 235);

  private Palette() {}

  /** The {@code n}-th series colour (the palette repeats after eight). */
  public static Color series(int n) {
    return SERIES[n % SERIES.length];
  }
}
