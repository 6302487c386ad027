package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The quarantine table and the bad-row gate.
 *
 * <p>The table has one row per rejected input row: {@code reason} (a code from
 * {@code pipeline-core/INGEST.md}), {@code detail} (a message naming the column and the value),
 * {@code source_file}, then every column of the input as a string, under its own name (prefixed
 * {@code input_} if it clashes with one of the first three).
 */
final class Quarantine {
  static final String REASON = "reason";
  static final String DETAIL = "detail";
  static final String SOURCE_FILE = "source_file";
  private static final int TOP_REASONS = 5;

  private Quarantine() {}

  /** The quarantine rows of the validated log. */
  static Dataset<Row> table(Dataset<Row> checked, List<String> inputColumns) {
    List<Column> cols = new ArrayList<>();
    cols.add(col(RowValidator.REASON).as(REASON));
    cols.add(col(RowValidator.DETAIL).as(DETAIL));
    cols.add(col(LogReader.SOURCE_FILE).as(SOURCE_FILE));
    for (String c : inputColumns) {
      String name = List.of(REASON, DETAIL, SOURCE_FILE).contains(c) ? "input_" + c : c;
      cols.add(RowValidator.quoted(c).cast(DataTypes.StringType).as(name));
    }
    return checked.filter(col(RowValidator.REASON).isNotNull()).select(cols.toArray(new Column[0]));
  }

  /** Rows per reason code; valid rows under the key {@code null}. A handful of rows reach the driver. */
  static Map<String, Long> countByReason(Dataset<Row> checked) {
    Map<String, Long> counts = new HashMap<>();
    for (Row r : checked.groupBy(RowValidator.REASON).count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    return counts;
  }

  /** The first bad row of the first file that has one: file, message, code and values. */
  static String sample(Dataset<Row> checked, List<String> inputColumns) {
    Dataset<Row> first = checked.filter(col(RowValidator.REASON).isNotNull())
        .orderBy(LogReader.SOURCE_FILE, LogReader.ROW_ID).limit(1);
    Row r = table(first, inputColumns).first();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < inputColumns.size(); i++) {
      values.add(inputColumns.get(i) + "=" + r.getString(i + 3));
    }
    String file = r.isNullAt(2) ? "" : new Path(r.getString(2)).toString();
    return "first bad row, in '" + file + "': " + r.getString(1) + " (" + r.getString(0)
        + "); row: " + String.join(", ", values);
  }

  /**
   * Fails when the bad rows exceed {@code maxBadFraction} of the rows read, or when no row is valid.
   *
   * @param bad quarantined rows per reason
   * @param sample the {@link #sample} (computed only when needed)
   */
  static void check(long read, Map<String, Long> bad, IngestSettings s, InputResolver.ResolvedInput in,
      Supplier<String> sample, String quarantinePath) {
    long quarantined = bad.values().stream().mapToLong(Long::longValue).sum();
    if (quarantined == 0) {
      return;
    }
    String tail = "; by reason: " + topReasons(bad) + "; " + sample.get() + "; all bad rows are in "
        + quarantinePath;
    if (quarantined > s.maxBadFraction() * read) {
      throw IngestException.badInput(String.format(Locale.ROOT,
          "input %s: %d of %d rows (%.2f%%) are bad, more than maxBadFraction=%s allows%s",
          in.describe(), quarantined, read, 100.0 * quarantined / read, s.maxBadFraction(), tail));
    }
    if (quarantined == read) {
      throw IngestException.badInput("input " + in.describe() + ": none of the " + read
          + " rows is valid" + tail);
    }
  }

  /** {@code code=count, ...} for the most frequent reasons, most frequent first (ties by code). */
  static String topReasons(Map<String, Long> bad) {
    String top = bad.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_REASONS)
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
    return bad.size() > TOP_REASONS ? top + ", ..." : top;
  }
}
