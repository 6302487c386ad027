package io.recvalue.core.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where every row read went. The books balance:
 * {@code rowsRead = rowsQuarantined + duplicateRowsMerged + kcoreRowsRemoved + rowsKept} and
 * {@code rowsKept = trainRows + validationRows + testRows}; {@link Ingestor} checks both.
 *
 * @param rowsRead rows read from the input (header excluded)
 * @param quarantinedByReason quarantined rows per reason code (sorted by code)
 * @param duplicatePairs (user, item) pairs that had more than one valid row
 * @param duplicateRowsMerged valid rows absorbed by merging: rows of duplicate pairs minus the pairs
 * @param kcoreRowsRemoved interactions removed by the k-core filter
 * @param kcoreIterations passes of the k-core filter that removed rows
 * @param rowsKept interactions written to train, validation and test
 * @param users distinct users kept (size of the user index)
 * @param items distinct items kept (size of the item index)
 * @param trainRows rows of train
 * @param validationRows rows of validation
 * @param testRows rows of test
 * @param usersTrainOnly users with too few interactions to hold any out (all in train)
 */
public record IngestCounts(
    long rowsRead,
    Map<String, Long> quarantinedByReason,
    long duplicatePairs,
    long duplicateRowsMerged,
    long kcoreRowsRemoved,
    int kcoreIterations,
    long rowsKept,
    long users,
    long items,
    long trainRows,
    long validationRows,
    long testRows,
    long usersTrainOnly) {

  public IngestCounts {
    quarantinedByReason = Collections.unmodifiableMap(new TreeMap<>(quarantinedByReason));
  }

  /** All quarantined rows. */
  public long rowsQuarantined() {
    return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether every row read is accounted for, and every kept row is in exactly one split. */
  public boolean balanced() {
    return rowsRead == rowsQuarantined() + duplicateRowsMerged + kcoreRowsRemoved + rowsKept
        && rowsKept == trainRows + validationRows + testRows;
  }

  /** Flat {@code name → number} view for the run manifest; reasons appear as {@code quarantined.<code>}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows_read", rowsRead);
    m.put("rows_quarantined", rowsQuarantined());
    quarantinedByReason.forEach((reason, n) -> m.put("quarantined." + reason, n));
    m.put("duplicate_pairs", duplicatePairs);
    m.put("duplicate_rows_merged", duplicateRowsMerged);
    m.put("kcore_rows_removed", kcoreRowsRemoved);
    m.put("kcore_iterations", kcoreIterations);
    m.put("rows_kept", rowsKept);
    m.put("users", users);
    m.put("items", items);
    m.put("train_rows", trainRows);
    m.put("validation_rows", validationRows);
    m.put("test_rows", testRows);
    m.put("users_train_only", usersTrainOnly);
    return m;
  }
}
