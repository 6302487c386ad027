package io.recvalue.valuation.spark;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The values of a valuation and how they were obtained.
 *
 * @param values one row per training interaction
 *     ({@link io.recvalue.valuation.output.ValueSchemas#VALUES}), cached
 * @param direction {@code s ≈ H⁻¹g} (cached)
 * @param diagnostics solver diagnostics and timings for the run manifest (keys in
 *     {@link InfluenceValuation})
 * @param releaser unpersists everything the run cached
 */
public record ValuationResult(Dataset<Row> values, DistributedBlockVector direction,
    Map<String, Object> diagnostics, Runnable releaser) {
  /** Unpersists the values, the direction and the intermediate tables. */
  public void release() {
    releaser.run();
  }
}
