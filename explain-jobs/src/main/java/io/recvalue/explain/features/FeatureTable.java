package io.recvalue.explain.features;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What is explained: one row per explained unit (an item, or an interaction), its features and the
 * value to explain.
 *
 * <p>{@code rows} has the key columns, then the label columns, {@link #FEATURES} ({@code array<double>},
 * in the order of {@code featureNames}, no nulls), {@link #VALUE} (the value, double), {@link #TARGET}
 * (what the surrogate is fitted to: {@code target} applied to the value, double), {@link #KEY_HASH} (a
 * stable 64-bit hash of the original ids, from which every per-row seed derives) and {@link #HELDOUT}
 * (whether the row is held out from the surrogate's training).
 *
 * @param rows the table
 * @param keyColumns identifying columns, e.g. {@code item_idx, item_id}
 * @param labelColumns descriptive columns that travel with each row into the output but are not
 *     features, e.g. an item's {@code title}
 * @param featureNames names of the features, one per array element
 * @param level {@code item} or {@code interaction}
 * @param target how {@link #TARGET} is made from {@link #VALUE}
 */
public record FeatureTable(Dataset<Row> rows, List<String> keyColumns, List<String> labelColumns,
    List<String> featureNames, String level, ExplainTarget target) {
  public static final String FEATURES = "features";
  public static final String VALUE = "value";
  public static final String TARGET = "target";
  public static final String KEY_HASH = "key_hash";
  public static final String HELDOUT = "heldout";

  public FeatureTable {
    keyColumns = List.copyOf(keyColumns);
    labelColumns = List.copyOf(labelColumns);
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
