package io.recvalue.core.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rows cut into ranges of a numeric column at its quantiles over the rows, so that the ranges hold
 * similar numbers of rows (equal cut points merge, so there may be fewer ranges), each named by its
 * smallest and largest value (once, when they are equal): the segments of the explain stage's group game and value splits and of
 * the value stage's validation segments.
 *
 * @param rows the rows with the range index (0, 1, …) in the column named by the caller
 * @param names each range's name, by index ({@code "(empty)"} for an index no row has)
 * @param cuts the cut points: a value {@code v} is in range {@code #{c ∈ cuts : v ≥ c}}
 */
public record QuantileRanges(Dataset<Row> rows, List<String> names, double[] cuts) {

  /** Formats a range's bounds: dates (epoch seconds) for {@code time}, integers otherwise. */
  public static String label(boolean time, double v) {
    if (time) {
      return DateTimeFormatter.ISO_LOCAL_DATE.format(Instant.ofEpochSecond((long) v).atZone(ZoneOffset.UTC));
    }
    return String.format(Locale.ROOT, "%d", (long) v);
  }

  /**
   * Cuts {@code rows} at the quantiles {@code 1/count, …} of {@code attr} into the integer column
   * {@code out}, naming each range with {@code nameFormat} applied to its smallest and largest value.
   */
  public static QuantileRanges cut(Dataset<Row> rows, String attr, String out, int count, boolean time,
      String nameFormat) {
    double[] probs = new double[count - 1];
    for (int q = 1; q < count; q++) {
      probs[q - 1] = (double) q / count;
    }
    TreeSet<Double> distinct = new TreeSet<>();
    for (double c : rows.stat().approxQuantile(attr, probs, 1e-4)) {
      distinct.add(c);
    }
    double[] cuts = distinct.stream().mapToDouble(Double::doubleValue).toArray();
    Column index = lit(0);
    for (double c : cuts) {
      index = index.plus(col(attr).geq(c).cast("int"));
    }
    Dataset<Row> cut = rows.withColumn(out, index);
    List<Row> extent = cut.groupBy(out).agg(min(col(attr)), max(col(attr))).orderBy(out).collectAsList();
    List<String> names = new ArrayList<>();
    for (int g = 0; g <= cuts.length; g++) {
      names.add("(empty)");
    }
    for (Row r : extent) {
      String lo = label(time, ((Number) r.get(1)).doubleValue());
      String hi = label(time, ((Number) r.get(2)).doubleValue());
      names.set(r.getInt(0), lo.equals(hi)
          ? String.format(Locale.ROOT, nameFormat.replace("%s–%s", "%s").replace("%s to %s", "%s"), lo)
          : String.format(Locale.ROOT, nameFormat, lo, hi));
    }
    return new QuantileRanges(cut, names, cuts);
  }

  /** The range of value {@code v}. */
  public int indexOf(double v) {
    int i = 0;
    for (double c : cuts) {
      i += v >= c ? 1 : 0;
    }
    return i;
  }
}
