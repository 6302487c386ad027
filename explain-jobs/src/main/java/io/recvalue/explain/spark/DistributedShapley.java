package io.recvalue.explain.spark;

import io.recvalue.core.seed.Seeds;
import io.recvalue.explain.features.FeatureTable;
import io.recvalue.explain.shapley.PermutationShapley;
import io.recvalue.explain.shapley.Regressor;
import io.recvalue.explain.shapley.ShapleyEstimate;
import io.recvalue.explain.shapley.StoppingRule;
import io.recvalue.explain.surrogate.TreeEnsemble;
import io.recvalue.explain.surrogate.TreeShapley;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Shapley values of the surrogate's prediction for every row of a feature table, on Spark: the model
 * and the background sample are broadcast, and each row is explained independently inside the
 * executors by {@link PermutationShapley} (or exactly by {@link TreeShapley}), seeded with {@code derive(root, "explain.shapley.<level>",
 * key hash)}. A row's result is therefore a pure function of its features, its ids, the model, the
 * background and the root seed: the same on 1 or 100 partitions, in any order.
 *
 * <p>The output keeps the table's columns and adds {@link #PREDICTION} {@code g(x)},
 * {@link #BASE_VALUE} {@code E g(z)}, {@link #PHI} and {@link #SE} (arrays in feature order),
 * {@link #PERMUTATIONS}, {@link #MAX_SE_OVER_RANGE} and {@link #CONVERGED}.
 */
public final class DistributedShapley {
  public static final String PREDICTION = "prediction";
  public static final String BASE_VALUE = "base_value";
  public static final String PHI = "phi";
  public static final String SE = "se";
  public static final String PERMUTATIONS = "permutations";
  public static final String MAX_SE_OVER_RANGE = "max_se_over_range";
  public static final String CONVERGED = "converged";

  private DistributedShapley() {}

  /** Monte Carlo permutation estimates ({@link PermutationShapley}) for every row. */
  public static Dataset<Row> explain(SparkSession spark, FeatureTable table, Regressor model,
      double[][] background, StoppingRule rule, long rootSeed) {
    return explain(spark, table, model, background, rule, rootSeed, false);
  }

  /**
   * As {@link #explain(SparkSession, FeatureTable, Regressor, double[][], StoppingRule, long)}; with
   * {@code exactTrees}, the exact values of {@link TreeShapley} instead (the model must be a
   * {@link TreeEnsemble}; {@code rule} and the seed are then unused).
   */
  public static Dataset<Row> explain(SparkSession spark, FeatureTable table, Regressor model,
      double[][] background, StoppingRule rule, long rootSeed, boolean exactTrees) {
    if (exactTrees && !(model instanceof TreeEnsemble)) {
      throw new IllegalArgumentException("explain.shapley = tree needs a tree-ensemble surrogate, got "
          + model.getClass().getSimpleName());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Regressor> sharedModel = jsc.broadcast(model);
    Broadcast<double[][]> sharedBackground = jsc.broadcast(background);
    StructType in = table.rows().schema();
    int featuresAt = in.fieldIndex(FeatureTable.FEATURES);
    int hashAt = in.fieldIndex(FeatureTable.KEY_HASH);
    String purpose = "explain.shapley." + table.level();
    JavaRDD<Row> out = table.rows().javaRDD().map(row -> {
      double[] x = BackgroundSample.toArray(row.getList(featuresAt));
      long seed = Seeds.derive(rootSeed, purpose, row.getLong(hashAt));
      ShapleyEstimate e = exactTrees
          ? TreeShapley.of((TreeEnsemble) sharedModel.value(), x, sharedBackground.value())
          : PermutationShapley.estimate(sharedModel.value(), x, sharedBackground.value(), rule, seed);
      List<Object> values = new ArrayList<>(in.size() + 7);
      for (int c = 0; c < in.size(); c++) {
        values.add(row.get(c));
      }
      values.add(e.prediction());
      values.add(e.baseValue());
      values.add(boxed(e.phi()));
      values.add(boxed(e.standardError()));
      values.add(e.permutations());
      values.add(e.maxSeOverRange());
      values.add(e.converged());
      return RowFactory.create(values.toArray());
    });
    return spark.createDataFrame(out, schema(in));
  }

  static StructType schema(StructType in) {
    return in
        .add(PREDICTION, DataTypes.DoubleType, false)
        .add(BASE_VALUE, DataTypes.DoubleType, false)
        .add(PHI, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
        .add(SE, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
        .add(PERMUTATIONS, DataTypes.IntegerType, false)
        .add(MAX_SE_OVER_RANGE, DataTypes.DoubleType, false)
        .add(CONVERGED, DataTypes.BooleanType, false);
  }

  /** A Scala sequence: what Spark's row encoder takes for an array column. */
  private static scala.collection.Seq<Double> boxed(double[] a) {
    List<Double> out = new ArrayList<>(a.length);
    for (double d : a) {
      out.add(d);
    }
    return scala.collection.JavaConverters.asScalaBufferConverter(out).asScala().toSeq();
  }
}
