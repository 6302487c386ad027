package io.recvalue.explain.features;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What is explained: one row per explained unit (an item, or an interaction), its features and the
 * value to explain.
 *
 * <p>{@code rows} has the key columns, then {@link #FEATURES} ({@code array<double>}, in the order of
 * {@code featureNames}, no nulls), {@link #TARGET} (the value, double), {@link #KEY_HASH} (a stable
 * 64-bit hash of the original ids, from which every per-row seed derives) and {@link #HELDOUT}
 * (whether the row is held out from the surrogate's training).
 *
 * @param rows the table
 * @param keyColumns identifying columns, e.g. {@code item_idx, item_id}
 * @param featureNames names of the features, one per array element
 * @param level {@code item} or {@code interaction}
 */
public record FeatureTable(Dataset<Row> rows, List<String> keyColumns, List<String> featureNames, String level) {
  public static final String FEATURES = "features";
  public static final String TARGET = "target";
  public static final String KEY_HASH = "key_hash";
  public static final String HELDOUT = "heldout";

  public FeatureTable {
    keyColumns = List.copyOf(keyColumns);
    featureNames = List.copyOf(featureNames);
    if (featureNames.isEmpty()) {
      throw new IllegalArgumentException("no features left to explain the " + level + " values with"
          + " (every candidate feature is constant)");
    }
  }

  public int width() {
    return featureNames.size();
  }
}
