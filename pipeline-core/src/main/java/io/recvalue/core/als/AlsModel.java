package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained factor model: {@code user_idx int, factors array<double>} and {@code item_idx int,
 * factors array<double>}, with the training history and the solver backend that produced it.
 * Only entities with training interactions (of positive weight) have factors.
 */
public final class AlsModel {
  public static final String PREDICTION = "prediction";
  /** The column of both factor tables that holds an entity's factor row. */
  public static final String FACTORS = "factors";

  private final int rank;
  private final Dataset<Row> userFactors;
  private final Dataset<Row> itemFactors;
  private final TrainingHistory history;
  private final String solverDescription;
  private final Runnable release;

  /** A model over the given factor tables; {@link #unpersist} unpersists the tables. */
  public AlsModel(int rank, Dataset<Row> userFactors, Dataset<Row> itemFactors, TrainingHistory history, String solverDescription) {
    this(rank, userFactors, itemFactors, history, solverDescription, () -> { });
  }

  /** As above; {@code release} also frees whatever the tables are computed from. */
  AlsModel(int rank, Dataset<Row> userFactors, Dataset<Row> itemFactors, TrainingHistory history, String solverDescription,
      Runnable release) {
    this.release = release;
    this.rank = rank;
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
    this.history = history;
    this.solverDescription = solverDescription;
  }

  public int rank() {
    return rank;
  }

  public Dataset<Row> userFactors() {
    return userFactors;
  }

  public Dataset<Row> itemFactors() {
    return itemFactors;
  }

  public TrainingHistory history() {
    return history;
  }

  public String solverDescription() {
    return solverDescription;
  }

  /**
   * Adds {@code prediction double} ({@code x_u·y_i}, summed in factor order) to {@code pairs}, which
   * needs {@code user_idx} and {@code item_idx}. Pairs whose user or item has no factors are dropped
   * (MLlib's {@code coldStartStrategy = "drop"}); count the output if coverage matters.
   */
  public Dataset<Row> predict(Dataset<Row> pairs) {
    Dataset<Row> u = userFactors.withColumnRenamed(FactorBlocks.FACTORS, "__uf");
    Dataset<Row> i = itemFactors.withColumnRenamed(FactorBlocks.FACTORS, "__if");
    return pairs.join(u, USER_IDX)
        .join(i, ITEM_IDX)
        .withColumn(PREDICTION, expr("aggregate(zip_with(__uf, __if, (a, b) -> a * b), 0D, (s, v) -> s + v)"))
        .drop(col("__uf"))
        .drop(col("__if"));
  }

  /** Writes Parquet tables {@code user_factors}, {@code item_factors}, {@code history} and {@code meta} under {@code path}. */
  public void save(String path) {
    SparkSession spark = userFactors.sparkSession();
    userFactors.write().mode(SaveMode.Overwrite).parquet(path + "/user_factors");
    itemFactors.write().mode(SaveMode.Overwrite).parquet(path + "/item_factors");
    Row meta = RowFactory.create(rank, solverDescription, history.converged());
    StructType metaSchema = new StructType().add("rank", DataTypes.IntegerType).add("solver", DataTypes.StringType)
        .add("converged", DataTypes.BooleanType);
    spark.createDataFrame(List.of(meta), metaSchema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(path + "/meta");
    List<Row> rows = new ArrayList<>();
    for (TrainingHistory.Iteration it : history.iterations()) {
      rows.add(RowFactory.create(it.iteration(), it.objective(), it.relativeChange(), it.validationLoss(), it.seconds()));
    }
    spark.createDataFrame(rows, historySchema()).coalesce(1).write().mode(SaveMode.Overwrite).parquet(path + "/history");
  }

  /** Reads a model written by {@link #save}. */
  public static AlsModel load(SparkSession spark, String path) {
    Row meta = spark.read().parquet(path + "/meta").first();
    List<TrainingHistory.Iteration> its = new ArrayList<>();
    for (Row r : spark.read().parquet(path + "/history").orderBy("iteration").collectAsList()) {
      its.add(new TrainingHistory.Iteration(r.getInt(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4)));
    }
    return new AlsModel(meta.getInt(0), spark.read().parquet(path + "/user_factors"),
        spark.read().parquet(path + "/item_factors"), new TrainingHistory(its, meta.getBoolean(2)), meta.getString(1));
  }

  private static StructType historySchema() {
    return new StructType().add("iteration", DataTypes.IntegerType).add("objective", DataTypes.DoubleType)
        .add("relative_change", DataTypes.DoubleType).add("validation_loss", DataTypes.DoubleType)
        .add("seconds", DataTypes.DoubleType);
  }

  /** Releases the cached factor tables. */
  public void unpersist() {
    userFactors.unpersist(false);
    itemFactors.unpersist(false);
    release.run();
  }
}
