package io.recvalue.explain.features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.udf;

import io.recvalue.core.seed.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns a table of candidate feature columns into a {@link FeatureTable}: candidates that are
 * constant over all rows (or null everywhere, e.g. time features of a log without timestamps) are
 * dropped — a constant feature can explain nothing and would only be a null player — the rest are cast
 * to double, nulls become 0, and they are packed into one {@code features} array in the given order.
 */
final class FeatureAssembly {
  private static final UserDefinedFunction KEY_HASH = udf(
      (UDF1<String, Long>) s -> Seeds.hash(s == null ? "" : s), DataTypes.LongType);

  private FeatureAssembly() {}

  /**
   * @param keyColumns identifying columns, first in the table
   * @param labelColumns descriptive columns carried along (not features)
   * @param value the value; rows without one are left out
   * @param target how the surrogate's target is made from the value (over the rows left)
   */
  static FeatureTable assemble(Dataset<Row> table, List<String> keyColumns, List<String> labelColumns,
      Column keyText, List<String> candidates, Column value, ExplainTarget target, long rootSeed,
      double holdoutFraction, String level) {
    List<String> kept = nonConstant(table, candidates);
    Column[] values = kept.stream().map(f -> coalesce(col(f).cast("double"), lit(0.0))).toArray(Column[]::new);
    List<Column> select = new ArrayList<>();
    keyColumns.forEach(k -> select.add(col(k)));
    labelColumns.forEach(k -> select.add(col(k)));
    select.add((values.length == 0 ? array().cast("array<double>") : array(values)).as(FeatureTable.FEATURES));
    select.add(value.cast("double").as(FeatureTable.VALUE));
    select.add(KEY_HASH.apply(keyText).as(FeatureTable.KEY_HASH));
    Dataset<Row> rows = table.select(select.toArray(Column[]::new))
        .filter(col(FeatureTable.VALUE).isNotNull());
    rows = target.attach(rows, FeatureTable.VALUE, FeatureTable.TARGET);
    UserDefinedFunction heldout = udf(
        (UDF1<Long, Boolean>) h -> Holdout.isHeldOut(rootSeed, h, holdoutFraction), DataTypes.BooleanType);
    rows = rows.withColumn(FeatureTable.HELDOUT, heldout.apply(col(FeatureTable.KEY_HASH)));
    List<String> order = new ArrayList<>(keyColumns);
    order.addAll(labelColumns);
    order.addAll(List.of(FeatureTable.FEATURES, FeatureTable.VALUE, FeatureTable.TARGET, FeatureTable.KEY_HASH,
        FeatureTable.HELDOUT));
    rows = rows.select(order.stream().map(c -> col(c)).toArray(Column[]::new));
    return new FeatureTable(rows, keyColumns, labelColumns, kept, level, target);
  }

  /** The candidates whose minimum and maximum differ (nulls ignored). */
  static List<String> nonConstant(Dataset<Row> table, List<String> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<Column> aggs = new ArrayList<>();
    for (String c : candidates) {
      aggs.add(min(col(c).cast("double")));
      aggs.add(max(col(c).cast("double")));
    }
    Row r = table.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    List<String> kept = new ArrayList<>();
    for (int k = 0; k < candidates.size(); k++) {
      if (!r.isNullAt(2 * k) && r.getDouble(2 * k) < r.getDouble(2 * k + 1)) {
        kept.add(candidates.get(k));
      }
    }
    return kept;
  }
}
