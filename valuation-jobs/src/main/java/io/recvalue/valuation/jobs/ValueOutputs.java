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
import io.recvalue.valuation.output.ArrowTableWriter;
import io.recvalue.valuation.output.ValueAggregation;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.valuation.output.ValueWriters;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the value stage's tables with the original ids: {@code values/}, {@code item_values/},
 * {@code user_values/} (Parquet, each replaced only when all are written) and the two aggregates as
 * Arrow IPC files {@code item_values.arrow}, {@code user_values.arrow} beside them.
 */
final class ValueOutputs {
  private ValueOutputs() {}

  static void write(StageContext context, SplitTables split, Dataset<Row> values, Map<String, Object> section)
      throws IOException {
    Configuration hadoop = context.spark().sparkContext().hadoopConfiguration();
    Dataset<Row> items = IdIndex.attachItemIds(ValueAggregation.itemValues(values), split.itemIndex()).orderBy(ITEM_IDX);
    Dataset<Row> users = IdIndex.attachUserIds(ValueAggregation.userValues(values), split.userIndex()).orderBy(USER_IDX);
    Dataset<Row> withIds = IdIndex.attachIds(values, split.userIndex(), split.itemIndex());
    StageOutput valuesOut = new StageOutput(context.outputDir(), "values", hadoop);
    StageOutput itemsOut = new StageOutput(context.outputDir(), "item_values", hadoop);
    StageOutput usersOut = new StageOutput(context.outputDir(), "user_values", hadoop);
    List<StageOutput> all = List.of(valuesOut, itemsOut, usersOut);
    try {
      withIds.write().parquet(valuesOut.workPath());
      items.write().parquet(itemsOut.workPath());
      users.write().parquet(usersOut.workPath());
      Path itemArrow = stageArrow(items, context.outputDir(), "item_values.arrow", hadoop);
      Path userArrow = stageArrow(users, context.outputDir(), "user_values.arrow", hadoop);
      for (StageOutput o : all) {
        o.commit();
      }
      publish(itemArrow, hadoop);
      publish(userArrow, hadoop);
    } catch (IOException | RuntimeException e) {
      all.forEach(StageOutput::abort);
      throw e;
    }
    summarise(values, section);
  }

  /** Writes an Arrow file locally, then copies it next to its final place under a hidden name. */
  private static Path stageArrow(Dataset<Row> table, String outputDir, String name, Configuration hadoop)
      throws IOException {
    java.nio.file.Path local = Files.createTempFile("recvalue-", "-" + name);
    try {
      ArrowTableWriter.write(table, local, ValueWriters.ARROW_BATCH_ROWS);
      Path staged = new Path(outputDir, "." + name + ".tmp");
      staged.getFileSystem(hadoop).copyFromLocalFile(false, true, new Path(local.toUri()), staged);
      return staged;
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static void publish(Path staged, Configuration hadoop) throws IOException {
    FileSystem fs = staged.getFileSystem(hadoop);
    Path target = new Path(staged.getParent(), staged.getName().substring(1, staged.getName().length() - 4));
    fs.delete(target, false);
    if (!fs.rename(staged, target)) {
      throw new IOException("cannot rename " + staged + " to " + target);
    }
  }

  /** Row count, sum (≈ 0 for explicit data, a check of the whole chain) and share of negative values. */
  private static void summarise(Dataset<Row> values, Map<String, Object> section) {
    Row r = values.agg(count(col(ValueSchemas.VALUE)), sum(col(ValueSchemas.VALUE)),
        sum(when(col(ValueSchemas.VALUE).lt(0), 1).otherwise(0))).first();
    section.put("values_rows", r.getLong(0));
    section.put("values_sum", r.isNullAt(1) ? null : r.getDouble(1));
    section.put("values_negative", r.isNullAt(2) ? 0L : r.getLong(2));
  }
}
