package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.recvalue.core.data.InteractionColumns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The ingest stage: interaction log → validated, deduplicated, filtered, indexed and split tables.
 *
 * <pre>
 *   resolve files → read (CSV as text) → check schema → validate rows → quarantine + bad-row gate
 *   → merge duplicates → k-core → dense indices → per-user split → write → publish
 * </pre>
 *
 * Every row read ends in exactly one place — quarantined, merged into another row of its pair,
 * removed by the k-core filter, or kept in one split — and the counts are checked to add up. The
 * input format, reason codes and policies are specified in {@code pipeline-core/INGEST.md}; the output
 * layout and its publication in {@link IngestLayout}.
 */
public final class Ingestor {
  private Ingestor() {}

  /**
   * Runs the stage.
   *
   * @param inputPath a file, a directory or a glob, on any Hadoop file system
   * @param outputDir the run's output folder; the stage writes {@code <outputDir>/ingest/}
   * @throws IngestException when the input is missing, unreadable, empty, has a missing or mistyped
   *     column, or too many bad rows (the quarantine is published before the exception is thrown)
   */
  public static IngestResult run(
      SparkSession spark, IngestSettings settings, String inputPath, String outputDir) {
    return run(spark, settings, TrailingWindow.NONE, inputPath, outputDir);
  }

  /** As {@link #run(SparkSession, IngestSettings, String, String)}, reading only a trailing window of days. */
  public static IngestResult run(SparkSession spark, IngestSettings settings, TrailingWindow window,
      String inputPath, String outputDir) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(inputPath, "inputPath");
    Objects.requireNonNull(outputDir, "outputDir");
    describe(spark, "ingest: read " + inputPath);
    InputResolver.ResolvedInput in = InputResolver.resolve(spark, inputPath, settings.format(), window);
    Dataset<Row> raw = LogReader.read(spark, in, settings);
    SchemaCheck.check(raw.schema(), settings, in);
    IngestOutput out = IngestOutput.begin(spark, outputDir);
    List<Dataset<Row>> cached = new ArrayList<>();
    try {
      return new Run(spark, settings, in, out, outputDir, cached).execute(raw);
    } catch (IngestException e) {
      out.fail(e.getMessage());
      throw e;
    } catch (RuntimeException | Error e) {
      out.abandon();
      throw e;
    } finally {
      cached.forEach(Dataset::unpersist);
      describe(spark, null);
    }
  }

  private static void describe(SparkSession spark, String what) {
    spark.sparkContext().setJobDescription(what);
  }

  /** The state of one run, so that each step is a short method. */
  private record Run(SparkSession spark, IngestSettings s, InputResolver.ResolvedInput in,
      IngestOutput out, String outputDir, List<Dataset<Row>> cached) {

    IngestResult execute(Dataset<Row> raw) {
      List<String> inputColumns = SchemaCheck.userColumns(raw.schema());
      Dataset<Row> checked = cache(RowValidator.validate(raw, s));
      describe(spark, "ingest: validate " + in.describe());
      Map<String, Long> bad = countRows(checked);
      long valid = bad.containsKey(null) ? bad.remove(null) : 0L;
      long read = valid + bad.values().stream().mapToLong(Long::longValue).sum();
      out.write(IngestLayout.QUARANTINE, Quarantine.table(checked, inputColumns));
      if (read == 0) {
        throw IngestException.badInput("input " + in.describe() + " has no rows"
            + (in.format() == InputFormat.CSV ? " (a header and no data)" : ""));
      }
      Quarantine.check(read, bad, s, in, () -> Quarantine.sample(checked, inputColumns),
          new org.apache.hadoop.fs.Path(IngestLayout.rejectedDir(outputDir), IngestLayout.QUARANTINE).toString());

      describe(spark, "ingest: merge duplicates");
      Dataset<Row> merged = cache(DuplicateResolver.resolve(checked
          .filter(col(RowValidator.REASON).isNull())
          .select(RowValidator.USER, RowValidator.ITEM, RowValidator.RATING, RowValidator.WEIGHT,
              RowValidator.TS), s.duplicatePolicy()));
      Row dup = merged.agg(count(lit(1)),
          sum(when(col(DuplicateResolver.ROWS).gt(1), 1).otherwise(0)),
          sum(col(DuplicateResolver.ROWS).minus(1))).first();
      long pairs = dup.getLong(0);

      describe(spark, "ingest: k-core");
      KCoreFilter.Result core = KCoreFilter.apply(merged, pairs, s.kcore());
      if (core.rows() != merged) {
        cached.add(core.rows());
      }
      if (core.rowsOut() == 0) {
        throw IngestException.badInput("input " + in.describe() + ": no rows left after the "
            + s.kcore() + "-core filter (kcore=" + s.kcore() + "), which removed all " + pairs
            + " interactions in " + core.iterations() + " passes");
      }
      IngestCounts counts = indexSplitAndWrite(core.rows(), read, bad, dup, core);
      return readBack(counts);
    }

    /** Groups by reason; turns a failure to read the files into a {@link IngestException}. */
    private Map<String, Long> countRows(Dataset<Row> checked) {
      try {
        return new HashMap<>(Quarantine.countByReason(checked));
      } catch (RuntimeException e) {
        throw IngestException.badInput("cannot read input " + in.describe() + " as " + in.format()
            + ": " + rootMessage(e), e);
      }
    }

    private IngestCounts indexSplitAndWrite(Dataset<Row> rows, long read, Map<String, Long> bad,
        Row dup, KCoreFilter.Result core) {
      describe(spark, "ingest: index ids");
      Dataset<Row> users = cache(IdIndexer.build(rows, RowValidator.USER,
          InteractionColumns.USER_IDX, InteractionColumns.USER_ID));
      Dataset<Row> items = cache(IdIndexer.build(rows, RowValidator.ITEM,
          InteractionColumns.ITEM_IDX, InteractionColumns.ITEM_ID));
      Dataset<Row> indexed = IdIndexer.attach(IdIndexer.attach(rows, users, RowValidator.USER,
          InteractionColumns.USER_ID), items, RowValidator.ITEM, InteractionColumns.ITEM_ID);

      describe(spark, "ingest: split");
      Dataset<Row> assigned = cache(Splitter.assign(indexed, s, s.effectiveSplitMethod()));
      out.write(IngestLayout.USER_INDEX, users);
      out.write(IngestLayout.ITEM_INDEX, items);
      long[] sizes = new long[3];
      String[] splits = {IngestLayout.TRAIN, IngestLayout.VALIDATION, IngestLayout.TEST};
      for (int i = 0; i < 3; i++) {
        out.write(splits[i], layout(assigned.filter(col(Splitter.SPLIT).equalTo(splits[i]))));
        sizes[i] = spark.read().parquet(out.pathOf(splits[i])).count();
      }
      long trainOnly = assigned.filter(col(Splitter.TRAIN_ONLY))
          .select(InteractionColumns.USER_IDX).distinct().count();
      IngestCounts counts = new IngestCounts(read, bad, dup.isNullAt(1) ? 0 : dup.getLong(1),
          dup.isNullAt(2) ? 0 : dup.getLong(2), core.removed(), core.iterations(), core.rowsOut(),
          users.count(), items.count(), sizes[0], sizes[1], sizes[2], trainOnly);
      if (!counts.balanced()) {
        throw new IllegalStateException("ingest lost track of rows: " + counts);
      }
      out.commit();
      return counts;
    }

    private IngestResult readBack(IngestCounts counts) {
      return new IngestResult(in.path(), in.format(), in.files(), IngestLayout.dir(outputDir),
          s.effectiveSplitMethod(), counts, table(IngestLayout.TRAIN), table(IngestLayout.VALIDATION),
          table(IngestLayout.TEST), table(IngestLayout.USER_INDEX), table(IngestLayout.ITEM_INDEX));
    }

    private Dataset<Row> table(String name) {
      return spark.read().parquet(IngestLayout.table(outputDir, name));
    }

    private Dataset<Row> cache(Dataset<Row> d) {
      cached.add(d);
      return d.persist(StorageLevel.MEMORY_AND_DISK());
    }
  }

  /** The {@link InteractionColumns} layout, in that order. */
  private static Dataset<Row> layout(Dataset<Row> rows) {
    return rows.select(
        col(InteractionColumns.USER_IDX),
        col(InteractionColumns.ITEM_IDX),
        col(RowValidator.RATING).as(InteractionColumns.RATING),
        col(RowValidator.WEIGHT).as(InteractionColumns.WEIGHT),
        col(RowValidator.TS).as(InteractionColumns.TIMESTAMP));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
