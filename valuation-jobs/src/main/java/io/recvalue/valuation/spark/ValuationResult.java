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
 * @param tables further tables the method produces, by name (written beside the values)
 */
public record ValuationResult(Dataset<Row> values, DistributedBlockVector direction,
    Map<String, Object> diagnostics, Runnable releaser, Map<String, Dataset<Row>> tables) {
  public ValuationResult {
    tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
  }

  /** A result with no further tables. */
  public ValuationResult(Dataset<Row> values, DistributedBlockVector direction, Map<String, Object> diagnostics,
      Runnable releaser) {
    this(values, direction, diagnostics, releaser, Map.of());
  }

  /** Unpersists the values, the direction and the intermediate tables. */
  public void release() {
    releaser.run();
  }
}
