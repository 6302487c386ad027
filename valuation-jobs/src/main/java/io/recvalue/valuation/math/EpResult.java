package io.recvalue.valuation.math;

/**
 * Equilibrium-propagation values and the nudged solves behind them.
 *
 * @param values {@code value_j} per training interaction
 * @param options the settings used
 * @param plus the {@code +β} phase
 * @param minus the {@code −β} phase ({@code null} for the one-sided estimate)
 */
public record EpResult(double[] values, EpOptions options, AlsResult plus, AlsResult minus) {}
