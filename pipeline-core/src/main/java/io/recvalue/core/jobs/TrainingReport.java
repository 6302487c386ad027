package io.recvalue.core.jobs;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.run.Console;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The training curve and settings of a fitted model, for the manifest, the console and {@code train/history}. */
final class TrainingReport {
  static final StructType HISTORY_SCHEMA = new StructType()
      .add("sweep", DataTypes.IntegerType, false)
      .add("objective", DataTypes.DoubleType, false)
      .add("relative_change", DataTypes.DoubleType, false)
      .add("validation_loss", DataTypes.DoubleType, true)
      .add("seconds", DataTypes.DoubleType, false);

  private TrainingReport() {}

  /** Puts parameters, backend, sweeps, convergence and the curve into the stage's manifest section. */
  static void record(AlsModel model, AlsParams p, Map<String, Object> section, Console console) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("rank", p.rank());
    params.put("lambda", p.lambda());
    params.put("feedback", p.implicit() ? "implicit" : "explicit");
    if (p.implicit()) {
      params.put("alpha", p.alpha());
    }
    params.put("max_iter", p.maxIter());
    params.put("tol", p.tol());
    params.put("blocks", p.numBlocks());
    section.put("params", params);
    section.put("linalg_backend", model.solverDescription());
    TrainingHistory h = model.history();
    section.put("sweeps", h.iterations().size());
    section.put("converged", h.converged());
    List<Map<String, Object>> curve = new ArrayList<>();
    for (TrainingHistory.Iteration it : h.iterations()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("sweep", it.iteration());
      row.put("objective", it.objective());
      row.put("relative_change", it.relativeChange());
      row.put("validation_loss", Double.isFinite(it.validationLoss()) ? it.validationLoss() : null);
      row.put("seconds", it.seconds());
      curve.add(row);
    }
    section.put("curve", curve);
    console.progress("train", "%d sweeps (%s), final objective %.6e, backend %s",
        h.iterations().size(), h.converged() ? "converged" : "hit train.max-iter", h.finalObjective(),
        model.solverDescription());
  }

  /** Writes the curve as a small Parquet table. */
  static void writeHistory(SparkSession spark, AlsModel model, String path) {
    List<Row> rows = new ArrayList<>();
    for (TrainingHistory.Iteration it : model.history().iterations()) {
      rows.add(RowFactory.create(it.iteration(), it.objective(), it.relativeChange(),
          Double.isFinite(it.validationLoss()) ? it.validationLoss() : null, it.seconds()));
    }
    spark.createDataFrame(rows, HISTORY_SCHEMA).coalesce(1).write().parquet(path);
  }
}
