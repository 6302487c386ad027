package io.recvalue.explain.jobs;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;

import io.recvalue.explain.features.FeatureTable;
import io.recvalue.explain.groups.GroupExplanation;
import io.recvalue.explain.groups.GroupTables;
import io.recvalue.explain.spark.DistributedShapley;
import io.recvalue.explain.surrogate.SurrogateFidelity;
import io.recvalue.core.run.StageOutput;
import io.recvalue.valuation.output.ArrowTableWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the tables of {@link ExplainSchemas} for each explained level into {@code <output>/explain/}
 * ({@link ExplainLayout}), the importance tables also as Arrow IPC files beside them; the previous
 * {@code explain/} is replaced as a whole once everything is written, so a level this run did not
 * explain leaves nothing behind.
 */
final class ExplainOutputs {
  private static final int ARROW_BATCH_ROWS = 4096;

  private ExplainOutputs() {}

  /** The long table: one row per explained row and feature. */
  static Dataset<Row> explanations(LevelExplanation level) {
    FeatureTable t = level.table();
    Column names = array(t.featureNames().stream().map(n -> lit(n)).toArray(Column[]::new));
    List<Column> select = new ArrayList<>();
    t.keyColumns().forEach(k -> select.add(col(k)));
    select.add(element_at(names, col("_pos").plus(1)).as(ExplainSchemas.FEATURE));
    select.add(col("_phi").as(ExplainSchemas.PHI));
    select.add(element_at(col(DistributedShapley.SE), col("_pos").plus(1)).as(ExplainSchemas.SE));
    select.add(element_at(col(FeatureTable.FEATURES), col("_pos").plus(1)).as(ExplainSchemas.FEATURE_VALUE));
    List<Column> exploded = new ArrayList<>();
    t.keyColumns().forEach(k -> exploded.add(col(k)));
    exploded.add(col(DistributedShapley.SE));
    exploded.add(col(FeatureTable.FEATURES));
    exploded.add(posexplode(col(DistributedShapley.PHI)).as(new String[] {"_pos", "_phi"}));
    return level.explained().select(exploded.toArray(Column[]::new)).select(select.toArray(Column[]::new));
  }

  /** One row per explained row: labels, value, target, prediction, base value, hold-out flag, convergence, fit. */
  static Dataset<Row> rows(LevelExplanation level) {
    List<Column> select = new ArrayList<>();
    level.table().keyColumns().forEach(k -> select.add(col(k)));
    level.table().labelColumns().forEach(k -> select.add(col(k)));
    select.add(col(FeatureTable.VALUE).as(ExplainSchemas.VALUE));
    select.add(lit(level.table().target().id()).as(ExplainSchemas.TARGET_NAME));
    select.add(col(FeatureTable.TARGET).as(ExplainSchemas.TARGET));
    select.add(col(DistributedShapley.PREDICTION).as(ExplainSchemas.PREDICTION));
    select.add(col(DistributedShapley.BASE_VALUE).as(ExplainSchemas.BASE_VALUE));
    select.add(col(FeatureTable.HELDOUT).as(ExplainSchemas.HELDOUT));
    select.add(col(DistributedShapley.PERMUTATIONS).as(ExplainSchemas.PERMUTATIONS));
    select.add(col(DistributedShapley.MAX_SE_OVER_RANGE).as(ExplainSchemas.MAX_SE_OVER_RANGE));
    select.add(col(DistributedShapley.CONVERGED).as(ExplainSchemas.CONVERGED));
    SurrogateFidelity held = level.surrogate().heldout();
    select.add(lit(held.r2()).as(ExplainSchemas.SURROGATE_R2));
    select.add(lit(held.spearman()).as(ExplainSchemas.SURROGATE_SPEARMAN));
    select.add(lit(held.topDecilePrecision()).as(ExplainSchemas.SURROGATE_TOP_DECILE));
    return level.explained().select(select.toArray(Column[]::new));
  }

  /** Global importance: mean |φ| per feature over all rows, ranked (ties by name). */
  static Dataset<Row> importance(SparkSession spark, Dataset<Row> explanations) {
    List<Row> agg = new ArrayList<>(explanations.groupBy(ExplainSchemas.FEATURE)
        .agg(avg(abs(col(ExplainSchemas.PHI))), avg(col(ExplainSchemas.PHI))).collectAsList());
    agg.sort(Comparator.comparingDouble((Row r) -> -r.getDouble(1)).thenComparing(r -> r.getString(0)));
    List<Row> ranked = new ArrayList<>();
    for (int k = 0; k < agg.size(); k++) {
      Row r = agg.get(k);
      ranked.add(RowFactory.create(k + 1, r.getString(0), r.getDouble(1), r.getDouble(2)));
    }
    return spark.createDataFrame(ranked, ExplainSchemas.importance()).coalesce(1);
  }

  static void write(SparkSession spark, String outputDir, List<LevelExplanation> levels,
      Optional<GroupExplanation> groups, Map<String, Dataset<Row>> segments) throws IOException {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    StageOutput out = new StageOutput(outputDir, ExplainLayout.DIR, hadoop);
    try {
      for (LevelExplanation level : levels) {
        ExplainLayout.Level names = ExplainLayout.Level.of(level.level());
        String attributions = new Path(out.workPath(), names.attributions()).toString();
        explanations(level).write().parquet(attributions);
        rows(level).write().parquet(new Path(out.workPath(), names.rows()).toString());
        Dataset<Row> importance = importance(spark, spark.read().parquet(attributions));
        importance.write().parquet(new Path(out.workPath(), names.importance()).toString());
        ArrowTableWriter.write(importance, new Path(out.workPath(), names.importanceArrow()), ARROW_BATCH_ROWS, hadoop);
      }
      for (Map.Entry<String, Dataset<Row>> e : segments.entrySet()) {
        e.getValue().write().parquet(new Path(out.workPath(), e.getKey()).toString());
      }
      if (groups.isPresent()) {
        GroupExplanation g = groups.get();
        Dataset<Row> table = GroupTables.groups(spark, g);
        table.write().parquet(new Path(out.workPath(), GroupTables.GROUPS).toString());
        ArrowTableWriter.write(table, new Path(out.workPath(), GroupTables.GROUPS + ".arrow"), ARROW_BATCH_ROWS, hadoop);
        GroupTables.interactions(spark, g).write().parquet(new Path(out.workPath(), GroupTables.GROUP_INTERACTIONS).toString());
        GroupTables.coalitions(spark, g).write().parquet(new Path(out.workPath(), GroupTables.COALITIONS).toString());
      }
      out.commit();
    } catch (IOException | RuntimeException e) {
      out.abort();
      throw e;
    }
  }
}
