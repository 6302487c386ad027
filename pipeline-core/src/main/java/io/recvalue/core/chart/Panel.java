package io.recvalue.core.chart;

import java.util.List;

/** One line chart among several drawn side by side ({@link Charts#panels}). */
public record Panel(String title, String xLabel, String yLabel, List<Series> series) {}
