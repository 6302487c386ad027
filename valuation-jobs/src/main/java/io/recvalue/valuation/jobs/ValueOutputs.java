package io.recvalue.valuation.jobs;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.recvalue.core.ingest.IdIndex;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import io.recvalue.valuation.output.ValueAggregation;
import io.recvalue.valuation.output.ValueLayout;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.valuation.output.ValueWriters;
import io.recvalue.valuation.pg.PgTables;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the value stage's tables with the original ids into {@code <output>/value/}
 * ({@link ValueLayout}): the interactions, the per-item and per-user aggregates (Parquet), the two
 * aggregates as Arrow IPC files and the method's own tables (pg: {@code policy}, {@code curve}), all
 * replacing the previous {@code value/} together once every one is written.
 */
final class ValueOutputs {
  private ValueOutputs() {}

  static void write(StageContext context, SplitTables split, Dataset<Row> values, Map<String, Dataset<Row>> tables,
      Map<String, Object> section) throws IOException {
    long start = System.nanoTime();
    Configuration hadoop = context.spark().sparkContext().hadoopConfiguration();
    Dataset<Row> items = IdIndex.attachItemIds(ValueAggregation.itemValues(values), split.itemIndex()).orderBy(ITEM_IDX);
    Dataset<Row> users = IdIndex.attachUserIds(ValueAggregation.userValues(values), split.userIndex()).orderBy(USER_IDX);
    Dataset<Row> withIds = IdIndex.attachIds(values, split.userIndex(), split.itemIndex());
    StageOutput out = new StageOutput(context.outputDir(), ValueLayout.DIR, hadoop);
    TableWriteClock progress = new TableWriteClock(context.console(), ValueInteractionsJob.NAME, ValueLayout.DIR);
    try {
      ValueWriters.writeAll(withIds, items, users, out.workPath(), hadoop, progress);
      for (Map.Entry<String, Dataset<Row>> t : tables.entrySet()) {
        progress.accept(t.getKey());
        t.getValue().write().parquet(new Path(out.workPath(), t.getKey()).toString());
      }
      progress.finish();
      out.commit();
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
    Path written = new Path(context.outputDir(), ValueLayout.DIR);
    summarise(context.spark().read().parquet(new Path(written, ValueLayout.INTERACTIONS).toString()), section);
    if (tables.containsKey(ValueSchemas.LEVERAGE_TABLE)) {
      section.put("values_unreliable", context.spark().read()
          .parquet(new Path(written, ValueSchemas.LEVERAGE_TABLE).toString())
          .filter(col("reliable").equalTo(false)).count());
    }
    section.put("seconds_write", (System.nanoTime() - start) / 1e9);
    section.put("seconds_write_tables", progress.seconds());
  }

  /**
   * From the interactions as written (Parquet reads only the columns needed, where the cached rows would
   * be read whole): row count, sum (≈ 0 for explicit data, a check of the whole chain), share of negative values and,
   * for discrete values, the rows the keep decision drops. (With a leverage table, the stage also counts
   * the values it marks unreliable, {@code values_unreliable}, from the table as written.)
   */
  private static void summarise(Dataset<Row> values, Map<String, Object> section) {
    Row r = values.agg(count(col(ValueSchemas.VALUE)), sum(col(ValueSchemas.VALUE)),
        sum(when(col(ValueSchemas.VALUE).lt(0), 1).otherwise(0))).first();
    section.put("values_rows", r.getLong(0));
    section.put("values_sum", r.isNullAt(1) ? null : r.getDouble(1));
    section.put("values_negative", r.isNullAt(2) ? 0L : r.getLong(2));
    if (Arrays.asList(values.columns()).contains(PgTables.KEEP)) {
      section.put("values_dropped", values.filter(col(PgTables.KEEP).equalTo(false)).count());
    }
  }
}
