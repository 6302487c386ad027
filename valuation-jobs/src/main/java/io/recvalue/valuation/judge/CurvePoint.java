package io.recvalue.valuation.judge;

/**
 * One row of {@code evaluate/removal_curves}: the test metrics after removing {@code removedFraction}
 * of the training interactions in one order and retraining from scratch.
 *
 * @param method a value method id, or {@code random}
 * @param seed for {@code random}, the number of the random order (1, 2, ...); for a value method,
 *     the run's root seed
 * @param direction {@code lowest_first} or {@code highest_first} (random orders: {@code lowest_first}
 *     of a random key)
 * @param rmse test RMSE, null for implicit data
 * @param trainRows training interactions left
 */
public record CurvePoint(String method, long seed, String direction, double removedFraction,
    Double rmse, double ndcgAt10, double recallAt20, long trainRows) {
  public static final String LOWEST_FIRST = "lowest_first";
  public static final String HIGHEST_FIRST = "highest_first";
  public static final String RANDOM = "random";
}
