package io.recvalue.valuation.judge;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_ID;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.ingest.IngestException;
import io.recvalue.core.ingest.IngestSettings;
import io.recvalue.core.ingest.RawLog;
import io.recvalue.core.jobs.IngestJob;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import io.recvalue.valuation.output.ValueLayout;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.valuation.pg.PgTables;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage {@code prune}: the input log without the interactions a {@link PruneRule} removes, in the
 * input's own format ({@link RawLog}), so that it feeds the user's training job unchanged.
 *
 * <p>Values are matched to input rows by the original ids: a row is <em>valued</em> when its
 * (user id, item id) — read with the ingest settings' columns — is a pair of {@code value/interactions}; every
 * input row of a merged duplicate pair gets the pair's value. Rows that were not in the valued
 * training set (validation and test rows, quarantined rows, rows removed by the k-core) have no value
 * and are always kept, and counted. Writes {@code <output>/pruned/} (the log), {@code
 * <output>/removed/} (Parquet: the removed rows with {@code value}, {@code method}, and with
 * {@code --by item} the item's {@code item_value}), and counts to the manifest:
 * {@code input_rows = removed_rows + output_rows} and {@code input_rows = valued_rows +
 * unvalued_rows_kept}.
 */
public final class PruneJob implements Stage {
  public static final String NAME = "prune";
  public static final String PRUNED = "pruned";
  public static final String REMOVED = "removed";
  private final String valuesDir;
  private final PruneRule rule;
  private Map<String, Object> counts = Map.of();

  /**
   * @param valuesDir the output folder of a {@code value} run (holding {@code value/}), or its
   *     {@code value} folder itself
   */
  public PruneJob(String valuesDir, PruneRule rule) {
    this.valuesDir = valuesDir;
    this.rule = rule;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings("ingest", () -> IngestJob.settings(config));
  }

  /** The counts of the last run. */
  public Map<String, Object> counts() {
    return counts;
  }

  @Override
  public void run(StageContext context) throws Exception {
    SparkSession spark = context.spark();
    IngestSettings settings = IngestJob.settings(context.config());
    String run = ValueLayout.runFolder(valuesDir, spark.sparkContext().hadoopConfiguration());
    RawLog log = RawLog.read(spark, settings, context.requireInput());
    Dataset<Row> selected = selectedValues(spark, run);
    Dataset<Row> joined = log.rows().join(selected,
            log.rows().col(RawLog.USER_KEY).equalTo(selected.col("__v_user"))
                .and(log.rows().col(RawLog.ITEM_KEY).equalTo(selected.col("__v_item"))), "left_outer")
        .drop("__v_user", "__v_item")
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Object> c = count(joined, log, settings, run);
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      StageOutput prunedOut = new StageOutput(context.outputDir(), PRUNED, hadoop);
      StageOutput removedOut = new StageOutput(context.outputDir(), REMOVED, hadoop);
      try {
        Dataset<Row> kept = joined.filter(col("__removed").isNull().or(not(col("__removed"))));
        List<String> files = log.write(spark, kept.drop(extraColumns()), prunedOut.workPath());
        Dataset<Row> removed = joined.filter(col("__removed"));
        describeRemoved(log, removed).coalesce(Math.max(1, log.files().size())).write().parquet(removedOut.workPath());
        prunedOut.commit();
        removedOut.commit();
        c.put("output_files", files.size());
        c.put("output", prunedOut.finalPath());
        c.put("input_format", log.format().toString());
      } catch (IOException | RuntimeException e) {
        prunedOut.abort();
        removedOut.abort();
        throw e;
      }
      counts = c;
      Map<String, Object> section = context.manifest().stage(NAME);
      section.putAll(rule.toMap());
      section.put("values", valuesDir);
      section.putAll(c);
      context.console().progress(NAME, "%s", c);
    } finally {
      joined.unpersist();
    }
  }

  private static String[] extraColumns() {
    return new String[] {"__value", "__method", "__item_value", "__removed"};
  }

  /**
   * Every valued pair with its value and whether the rule removes it:
   * {@code __v_user, __v_item, __value, __method, __item_value, __removed}.
   */
  Dataset<Row> selectedValues(SparkSession spark, String run) throws IOException {
    Dataset<Row> values = readTable(spark, run, ValueLayout.INTERACTIONS);
    requireColumns(values, ValueLayout.INTERACTIONS, USER_ID, ITEM_ID, USER_IDX, ITEM_IDX, ValueSchemas.VALUE,
        ValueSchemas.METHOD);
    Dataset<Row> v = values.select(col(USER_IDX), col(ITEM_IDX), col(USER_ID), col(ITEM_ID),
        col(ValueSchemas.VALUE), col(ValueSchemas.METHOD));
    Dataset<Row> flagged;
    if (rule.kind().equals(PruneRule.KEEP_DECISION)) {
      if (!Arrays.asList(values.columns()).contains(PgTables.KEEP)) {
        throw new IngestException(IngestException.Category.BAD_INPUT, "--values: "
            + ValueLayout.table(run, ValueLayout.INTERACTIONS) + " holds continuous values (no column '"
            + PgTables.KEEP + "'), which carry no keep decision: give --drop-lowest, --keep-top or --threshold, or"
            + " value with a discrete method (value --method pg)");
      }
      flagged = values.select(col(USER_IDX), col(ITEM_IDX), col(USER_ID), col(ITEM_ID), col(ValueSchemas.VALUE),
          col(ValueSchemas.METHOD), not(col(PgTables.KEEP)).as("__removed"))
          .withColumn("__item_value", lit(null).cast(DataTypes.DoubleType));
    } else if (rule.byItem()) {
      Dataset<Row> items = readTable(spark, run, ValueLayout.ITEMS);
      requireColumns(items, ValueLayout.ITEMS, ITEM_IDX, ValueSchemas.VALUE_SUM);
      Dataset<Row> iv = items.select(col(ITEM_IDX), col(ValueSchemas.VALUE_SUM).as("__item_value"))
          .filter(col("__item_value").isNotNull());
      Dataset<Row> removedItems = removed(spark, iv.withColumn(USER_IDX, lit(0)), "__item_value").select(ITEM_IDX, "__removed");
      flagged = v.join(iv, ITEM_IDX).join(removedItems, ITEM_IDX);
    } else {
      flagged = removed(spark, v, ValueSchemas.VALUE).withColumn("__item_value", lit(null).cast(DataTypes.DoubleType));
    }
    return flagged.select(col(USER_ID).cast(DataTypes.StringType).as("__v_user"),
        col(ITEM_ID).cast(DataTypes.StringType).as("__v_item"), col(ValueSchemas.VALUE).as("__value"),
        col(ValueSchemas.METHOD).as("__method"), col("__item_value"), col("__removed"));
  }

  /** {@code candidates} with {@code __removed} by the rule on {@code key}. */
  private Dataset<Row> removed(SparkSession spark, Dataset<Row> candidates, String key) {
    if (!rule.ranked()) {
      return candidates.withColumn("__removed", col(key).lt(rule.amount().doubleValue()));
    }
    long n = candidates.count();
    long m = rule.removedCount(n);
    return Ranks.rank(spark, candidates, key).withColumn("__removed", col(Ranks.RANK).lt(m)).drop(Ranks.RANK);
  }

  private Map<String, Object> count(Dataset<Row> joined, RawLog log, IngestSettings s, String run) {
    Row r = joined.agg(
        org.apache.spark.sql.functions.count(lit(1)),
        sum(when(col("__value").isNotNull(), 1).otherwise(0)),
        sum(when(col("__removed").equalTo(true), 1).otherwise(0))).first();
    long input = r.getLong(0);
    long valued = r.isNullAt(1) ? 0 : r.getLong(1);
    long removed = r.isNullAt(2) ? 0 : r.getLong(2);
    if (valued == 0 && input > 0) {
      throw new IngestException(IngestException.Category.BAD_INPUT, "no row of the input matched a value in "
          + ValueLayout.table(run, ValueLayout.INTERACTIONS) + ": is --input the log these values were computed from,"
          + " and do input.user-col='" + s.userColumn() + "' and input.item-col='" + s.itemColumn()
          + "' name its id columns?");
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("input_rows", input);
    c.put("valued_rows", valued);
    c.put("unvalued_rows_kept", input - valued);
    c.put("removed_rows", removed);
    c.put("output_rows", input - removed);
    c.put("blank_lines_skipped", log.blankLines());
    return c;
  }

  private Dataset<Row> describeRemoved(RawLog log, Dataset<Row> removed) {
    Dataset<Row> d = log.describe(removed.withColumnRenamed("__value", "__keep_value")
        .withColumnRenamed("__method", "__keep_method").withColumnRenamed("__item_value", "__keep_item_value"));
    List<String> existing = Arrays.asList(d.columns());
    d = d.withColumnRenamed("__keep_value", free(existing, "value"))
        .withColumnRenamed("__keep_method", free(existing, "method"));
    d = rule.byItem() ? d.withColumnRenamed("__keep_item_value", free(existing, "item_value"))
        : d.drop("__keep_item_value");
    return d.drop("__removed");
  }

  private static String free(List<String> existing, String name) {
    return existing.contains(name) ? "recvalue_" + name : name;
  }

  /** A table of the run's {@code value/} folder; its absence is a bad-input error. */
  private static Dataset<Row> readTable(SparkSession spark, String run, String table) throws IOException {
    Path path = new Path(ValueLayout.table(run, table));
    if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
      throw new IngestException(IngestException.Category.BAD_INPUT, "--values: no " + ValueLayout.relative(table)
          + " in " + run + "; is it the output folder of 'recvalue value'?");
    }
    return spark.read().parquet(path.toString());
  }

  private static void requireColumns(Dataset<Row> t, String table, String... names) {
    for (String n : names) {
      if (!Arrays.asList(t.columns()).contains(n)) {
        throw new IngestException(IngestException.Category.BAD_INPUT, "--values: table " + ValueLayout.relative(table)
            + " has no column '" + n + "' (columns " + Arrays.toString(t.columns()) + "); is it the output of 'recvalue value'?");
      }
    }
  }
}
