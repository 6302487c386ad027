package io.recvalue.explain.jobs;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;

import io.recvalue.core.config.ConfigException;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.run.Stage;
import io.recvalue.core.run.StageContext;
import io.recvalue.explain.features.FeatureTable;
import io.recvalue.explain.features.InteractionFeatures;
import io.recvalue.explain.features.ItemFeatures;
import io.recvalue.explain.features.ItemMetadata;
import io.recvalue.explain.groups.CoalitionResolver;
import io.recvalue.explain.groups.DataGroups;
import io.recvalue.explain.groups.GroupExplanation;
import io.recvalue.explain.groups.GroupSettings;
import io.recvalue.explain.segments.ValueSegments;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.valuation.spark.FactorTables;
import io.recvalue.explain.surrogate.SurrogateFidelity;
import io.recvalue.valuation.output.ValueLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage {@code explain}: why items (and, on request, interactions) have the values they have.
 * Builds features ({@link ItemFeatures}, {@link InteractionFeatures}), fits a tree-ensemble surrogate
 * from features to a target made from the value ({@code explain.target}), and explains each surrogate prediction with Monte Carlo Shapley values on
 * Spark. Reads {@code value/interactions}, {@code value/items}, {@code ingest/} and {@code train/};
 * writes the tables of {@link ExplainSchemas} into {@code explain/} ({@link ExplainLayout}); puts
 * the target, the surrogate's fidelity (held-out R², Spearman, top-decile precision) and convergence
 * statistics (permutations used, max SE / range) in the manifest under {@code stages.explain}. Config section {@code explain.*}.
 */
public final class ExplainJob implements Stage {
  public static final String NAME = "explain";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void validate(RecvalueConfig config) {
    ConfigException.checkSettings(NAME, () -> ExplainSettings.from(config));
  }

  @Override
  public void run(StageContext context) throws Exception {
    SparkSession spark = context.spark();
    ExplainSettings settings = ExplainSettings.from(context.config());
    ValueLayout.rejectOldLayout(context.outputDir(), spark.sparkContext().hadoopConfiguration());
    SplitTables split = SplitTables.read(context);
    Dataset<Row> valued = readOrFail(spark, context, ValueLayout.relative(ValueLayout.INTERACTIONS), "value");
    Dataset<Row> itemValues = readOrFail(spark, context, ValueLayout.relative(ValueLayout.ITEMS), "value");
    Dataset<Row> userFactors = readOrFail(spark, context, "train/user_factors", "train").select(col(USER_IDX), col("factors"));
    Dataset<Row> itemFactors = readOrFail(spark, context, "train/item_factors", "train").select(col(ITEM_IDX), col("factors"));
    Optional<ItemMetadata> metadata = settings.metadata().map(m -> m.resolvedAgainst(context.input()));
    Map<String, Object> section = context.manifest().stage(NAME);
    metadata.ifPresent(m -> section.put("item_metadata", m.path()));

    List<LevelExplanation> levels = new ArrayList<>();
    try {
      FeatureTable items = ItemFeatures.build(spark, valued, split.validation(), itemValues, userFactors,
          itemFactors, metadata, settings.target(), settings.rootSeed(), settings.holdoutFraction());
      levels.add(explainLevel(context, items, settings, section));
      if (settings.interactions()) {
        FeatureTable interactions = InteractionFeatures.build(valued, split.validation(), userFactors, itemFactors,
            settings.target(), settings.rootSeed(), settings.holdoutFraction());
        levels.add(explainLevel(context, interactions, settings, section));
      }
      Optional<GroupExplanation> groups = settings.groups().enabled()
          ? Optional.of(explainGroups(context, split, valued, userFactors, itemFactors, metadata, settings.groups(), section))
          : Optional.empty();
      boolean implicit = context.config().getString("ingest.feedback").equals("implicit");
      Map<String, Dataset<Row>> segments = new java.util.LinkedHashMap<>();
      segments.put(ValueSegments.ITEMS, ValueSegments.of(valued, userFactors, itemFactors, implicit, true));
      segments.put(ValueSegments.USERS, ValueSegments.of(valued, userFactors, itemFactors, implicit, false));
      ExplainOutputs.write(spark, context.outputDir(), levels, groups, segments);
    } finally {
      levels.forEach(LevelExplanation::release);
    }
  }

  private static LevelExplanation explainLevel(StageContext context, FeatureTable table, ExplainSettings settings,
      Map<String, Object> section) {
    context.console().progress(NAME, "%s level: %d features (%s)", table.level(), table.width(),
        String.join(", ", table.featureNames()));
    LevelExplanation level = LevelExplanation.run(context.spark(), table, settings);
    Map<String, Object> d = level.diagnostics();
    section.put(table.level(), d);
    String how = settings.exactTrees() ? "exact Shapley values from the trees"
        : String.format(java.util.Locale.ROOT, "permutations median %s (max %s), %s converged to max SE/range <= %s",
            d.get("permutations_median"), d.get("permutations_max"), d.get("converged_rows"), d.get("tolerance"));
    SurrogateFidelity held = level.surrogate().heldout();
    context.console().progress(NAME, "%s level: surrogate %s of %s, held-out R^2 %.3f (train %.3f), Spearman %.3f,"
        + " top-decile precision %.3f; %s rows explained, %s, %.3f s per row", table.level(), d.get("surrogate"),
        table.target().id(), held.r2(), level.surrogate().r2Train(), held.spearman(), held.topDecilePrecision(),
        d.get("rows"), how, d.get("seconds_shapley_per_row"));
    if (d.get(LevelExplanation.WARNING) != null) {
      context.console().progress(NAME, "WARNING %s level: %s", table.level(), d.get(LevelExplanation.WARNING));
    }
    return level;
  }

  /** The group game ({@link GroupExplanation}): groups, re-solves, surrogates, fidelity; its manifest entry and console lines. */
  private static GroupExplanation explainGroups(StageContext context, SplitTables split, Dataset<Row> valued,
      Dataset<Row> userFactors, Dataset<Row> itemFactors, Optional<ItemMetadata> metadata, GroupSettings settings,
      Map<String, Object> section) {
    SparkSession spark = context.spark();
    int partitions = spark.sparkContext().defaultParallelism();
    AlsParams als = TrainJob.params(context.config(), partitions);
    DataGroups.Assignment assignment = DataGroups.assign(spark, split.train(), split.itemIndex(), metadata,
        settings.by(), settings.count());
    context.console().progress(NAME, "groups by %s: %s", assignment.by(), String.join("; ",
        assignment.groups().stream().map(g -> g.name() + " (" + g.rows() + ")").toList()));
    CoalitionResolver resolver = CoalitionResolver.build(spark, assignment.rows(), assignment.groups().size(),
        split.validation(), userFactors, itemFactors, (int) split.userIndex().count(), (int) split.itemIndex().count(),
        als.seed(), partitions, new CoalitionResolver.Settings(FactorTables.rank(userFactors), als.lambda(), als.implicit(), als.alpha(),
            settings.downWeight(), settings.sweeps(), (long) settings.broadcastMb() << 20));
    try {
      GroupExplanation e = GroupExplanation.run(assignment, valued, resolver, settings, settings.downWeight());
      Map<String, Object> d = e.diagnostics();
      section.put("groups", d);
      context.console().progress(NAME, "groups: %s coalitions re-solved (%s sweeps each, %.3f s per coalition);"
          + " learnt surrogate LDS %s on %s held-out coalitions%s%s", d.get("coalitions_resolved"), d.get("sweeps"),
          d.get("seconds_per_resolve"), fmt(d.get("lds_learnt")), d.get("coalitions_heldout"),
          d.get("lds_first_order") == null ? "" : ", first order LDS " + fmt(d.get("lds_first_order")),
          e.exactShapley() == null ? "" : "; exact Shapley by enumeration, learnt within 3 SE for "
              + d.get("exact_vs_learnt_within_3se") + " of " + d.get("groups") + " groups");
      if (d.get("lds_warning") != null) {
        context.console().progress(NAME, "WARNING groups: %s", d.get("lds_warning"));
      }
      return e;
    } finally {
      resolver.release();
    }
  }

  private static String fmt(Object v) {
    return v == null ? "undefined" : String.format(java.util.Locale.ROOT, "%.3f", (Double) v);
  }

  /** The Parquet table at {@code folder} of the run, or an error naming the stage to run first. */
  public static Dataset<Row> readOrFail(SparkSession spark, StageContext context, String folder, String stage)
      throws IOException {
    String path = context.path(folder.split("/"));
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(p)) {
      throw new IllegalStateException("no " + folder + " at " + path + ": run 'recvalue " + stage + " --output "
          + context.outputDir() + "' first");
    }
    return spark.read().parquet(path);
  }
}
