package io.recvalue.core.jobs;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.ingest.IngestException;
import io.recvalue.core.ingest.IngestLayout;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageOutput;
import io.recvalue.core.unlearn.NotATrainingRow;
import io.recvalue.core.unlearn.RemovedRows;
import io.recvalue.core.unlearn.Unlearning;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage {@code unlearn}: the trained model of a run without some of its training rows
 * ({@link Unlearning}), written as a run folder of its own that every later stage reads as it reads a
 * trained run: {@code <to>/ingest/} (the run's split with the removed rows taken out of {@code train};
 * {@code validation}, {@code test} and the id indexes copied) and {@code <to>/train/} ({@code user_factors},
 * {@code item_factors} with the original ids, {@code history} of the warm sweeps), where {@code <to>} is
 * the context's output folder. Reads the source run's {@code ingest/} and {@code train/}; the ALS settings
 * ({@code train.*}, {@code ingest.feedback}) must be those the run was trained with. The manifest section
 * records the rows removed, the users and items re-solved and left without rows, the sweeps, the seconds,
 * the updated model's test metrics ({@code test}) and, beside them, the trained model's as the source run's
 * manifest recorded them ({@code test_before}; the test split is the same), so the effect of the removal
 * on held-out data is one line of the summary. Config section {@code unlearn.*}.
 */
public final class UnlearnJob implements Stage {
  public static final String NAME = "unlearn";
  private final String sourceRun;
  private final String removedPath;
  private Map<String, Object> counts = Map.of();

  /**
   * @param sourceRun the run folder holding {@code ingest/} and {@code train/}
   * @param removedPath the removed interactions ({@link RemovedRows})
   */
  public UnlearnJob(String sourceRun, String removedPath) {
    this.sourceRun = sourceRun;
    this.removedPath = removedPath;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings("train", () -> TrainJob.params(config, 1));
  }

  /** {@code unlearn.to}, or {@code <output>/unlearn} when it is empty. */
  public static String target(RecvalueConfig config, String output) {
    String to = config.getString("unlearn.to").trim();
    return to.isEmpty() ? new Path(output, NAME).toString() : to;
  }

  /** The manifest section of the last run (rows removed, entities re-solved, sweeps, seconds). */
  public Map<String, Object> counts() {
    return counts;
  }

  @Override
  public void run(StageContext context) throws Exception {
    long start = System.nanoTime();
    SparkSession spark = context.spark();
    RecvalueConfig config = context.config();
    int sweeps = config.getInt("unlearn.sweeps");
    SplitTables split = SplitTables.read(spark, sourceRun);
    AlsParams params = TrainJob.params(config, TrainJob.blocks(config, spark, split.train()));
    AlsModel model = trained(spark, params.rank());
    Unlearning.Result r;
    try (RemovedRows removed = RemovedRows.read(spark, removedPath, config.getString("input.user-col"),
        config.getString("input.item-col"), split.userIndex(), split.itemIndex(),
        IngestLayout.table(sourceRun, IngestLayout.TRAIN))) {
      if (sweeps == 0) {
        context.console().progress(NAME, "re-solving the users and items of the removed rows");
      } else {
        context.console().progress(NAME, "taking out the removed rows: %d warm sweeps", sweeps);
      }
      try {
        r = Unlearning.run(spark, split.train(), removed.pairs(), model, params, sweeps,
            sweep -> context.console().progress(NAME, "sweep %d/%d: %s", sweep.iteration(), sweeps, sweep.describe()));
      } catch (NotATrainingRow e) {
        throw removed.notATrainingRow(e);
      }
    }
    Dataset<Row> remaining = r.remaining().persist(StorageLevel.MEMORY_AND_DISK()); // written, counted, evaluated on
    SplitTables updated = new SplitTables(remaining, split.validation(), split.test(), split.userIndex(),
        split.itemIndex());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    StageOutput ingestOut = new StageOutput(context.outputDir(), IngestLayout.DIR, hadoop);
    StageOutput trainOut = new StageOutput(context.outputDir(), TrainJob.NAME, hadoop);
    try {
      writeSplit(updated, ingestOut.workPath(), hadoop);
      TrainJob.writeFactors(r.model(), updated, trainOut.workPath());
      TrainingReport.writeHistory(spark, r.model(), trainOut.workPath() + "/history");
      ingestOut.commit();
      trainOut.commit();
    } catch (IOException | RuntimeException e) {
      ingestOut.abort();
      trainOut.abort();
      throw e;
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("source_run", sourceRun);
    c.put("removed", removedPath);
    c.put("removed_rows", r.removedRows());
    c.put("remaining_rows", remaining.count());
    c.put("users_resolved", r.usersResolved());
    c.put("items_resolved", r.itemsResolved());
    c.put("users_without_rows", r.usersDropped());
    c.put("items_without_rows", r.itemsDropped());
    c.put("sweeps", r.sweeps());
    c.put("resolve_seconds", r.resolveSeconds());
    c.put("sweep_seconds", r.sweepSeconds());
    c.put("test", TestMetrics.ours(spark, r.model(), updated, params));
    c.put("test_before", trainedTestMetrics(hadoop));
    c.put("seconds", (System.nanoTime() - start) / 1e9);
    context.manifest().stage(NAME).putAll(c);
    counts = c;
    r.model().unpersist();
    remaining.unpersist();
  }

  /**
   * The test metrics the source run's manifest recorded for its trained model ({@code stages.train.test},
   * without MLlib's), empty when it has none (a run trained before the manifest held them).
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> trainedTestMetrics(Configuration hadoop) throws IOException {
    Object stages = RunManifest.readFrom(sourceRun, hadoop).get("stages");
    Object train = stages instanceof Map ? ((Map<String, Object>) stages).get(TrainJob.NAME) : null;
    Object test = train instanceof Map ? ((Map<String, Object>) train).get("test") : null;
    Map<String, Object> out = new LinkedHashMap<>();
    if (test instanceof Map) {
      ((Map<String, Object>) test).forEach((k, v) -> {
        if (!k.startsWith("mllib_")) {
          out.put(k, v);
        }
      });
    }
    return out;
  }

  /** The factors of {@code <sourceRun>/train/}, with a clear error when the run has none or another rank. */
  private AlsModel trained(SparkSession spark, int rank) throws IOException {
    String dir = new Path(sourceRun, TrainJob.NAME).toString();
    Path users = new Path(dir, "user_factors");
    if (!users.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(users)) {
      throw new IllegalStateException("no trained model at " + dir + ": run 'recvalue train --output " + sourceRun
          + "' first");
    }
    Dataset<Row> u = spark.read().parquet(users.toString()).select(USER_IDX, AlsModel.FACTORS);
    Dataset<Row> i = spark.read().parquet(dir + "/item_factors").select(ITEM_IDX, AlsModel.FACTORS);
    List<Row> first = u.limit(1).collectAsList();
    if (!first.isEmpty() && first.get(0).getList(1).size() != rank) {
      throw new IngestException(IngestException.Category.BAD_INPUT, "the model at " + dir + " has rank "
          + first.get(0).getList(1).size() + " but train.rank is " + rank
          + ": give the settings the run was trained with (its --config and --set)");
    }
    return new AlsModel(rank, u, i, TrainingHistory.empty(), "trained");
  }

  /** The split in the ingest layout, completed by its {@code _SUCCESS} marker. */
  private static void writeSplit(SplitTables s, String dir, Configuration hadoop) throws IOException {
    s.train().write().parquet(dir + "/" + IngestLayout.TRAIN);
    s.validation().write().parquet(dir + "/" + IngestLayout.VALIDATION);
    s.test().write().parquet(dir + "/" + IngestLayout.TEST);
    s.userIndex().write().parquet(dir + "/" + IngestLayout.USER_INDEX);
    s.itemIndex().write().parquet(dir + "/" + IngestLayout.ITEM_INDEX);
    Path marker = new Path(dir, IngestLayout.SUCCESS);
    marker.getFileSystem(hadoop).create(marker, true).close();
  }
}
