package io.recvalue.valuation.judge;

/**
 * One row of {@code evaluate/noise_detection}.
 *
 * @param rocAuc ROC-AUC of "low value" against "corrupted" ({@link DetectionMetrics}); 0.5 is chance
 * @param shareInLowest20pct share of the corrupted interactions among the lowest-valued 20 %; chance
 *     is 0.2
 * @param corruptedRows interactions corrupted
 * @param trainRows training interactions valued
 */
public record NoisePoint(String method, double noiseFraction, double rocAuc,
    double shareInLowest20pct, long corruptedRows, long trainRows) {}
