package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.recvalue.core.seed.Seeds;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/** Test-only loading, indexing and splitting of the shared rating files (the production split lives elsewhere). */
final class TestSplits {
  private TestSplits() {}

  /** A ratings CSV ({@code user_id,item_id,rating[,timestamp]}) as an interaction table with dense indices. */
  static Dataset<Row> load(SparkSession spark, Path csv) {
    Dataset<Row> raw = spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
    boolean hasTime = java.util.Arrays.asList(raw.columns()).contains("timestamp");
    return raw.select(
            dense_rank().over(Window.orderBy("user_id")).minus(1).cast("int").as(USER_IDX),
            dense_rank().over(Window.orderBy("item_id")).minus(1).cast("int").as(ITEM_IDX),
            col("rating").cast("double").as(RATING),
            lit(1.0).as(WEIGHT),
            hasTime ? col("timestamp").cast("long").as(TIMESTAMP) : lit(null).cast(DataTypes.LongType).as(TIMESTAMP))
        .repartition(4);
  }

  /** Per user by time: the latest interaction to test, the one before to validation, the rest to train. */
  static Dataset<Row>[] byTime(Dataset<Row> all) {
    Dataset<Row> ranked = all.withColumn("__r",
            row_number().over(Window.partitionBy(USER_IDX).orderBy(col(TIMESTAMP).desc(), col(ITEM_IDX).desc())))
        .persist(StorageLevel.MEMORY_AND_DISK());
    return parts(ranked.where("__r > 2"), ranked.where("__r = 2"), ranked.where("__r = 1"));
  }

  /** 80/10/10 by a seeded hash of (user, item). */
  static Dataset<Row>[] random(Dataset<Row> all, long seed) {
    Dataset<Row> h = all.withColumn("__r", col(USER_IDX).cast("long").multiply(1L << 32).plus(col(ITEM_IDX)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    org.apache.spark.sql.api.java.UDF1<Long, Double> u = key -> Seeds.uniform(seed, "test.split", key);
    h = h.withColumn("__r", org.apache.spark.sql.functions.udf(u, DataTypes.DoubleType).apply(col("__r")));
    return parts(h.where("__r >= 0.2"), h.where("__r < 0.1"), h.where("__r >= 0.1 AND __r < 0.2"));
  }

  @SuppressWarnings("unchecked")
  private static Dataset<Row>[] parts(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test) {
    Dataset<Row>[] out = new Dataset[] {train.drop("__r"), validation.drop("__r"), test.drop("__r")};
    for (Dataset<Row> d : out) {
      d.persist(StorageLevel.MEMORY_AND_DISK()).count();
    }
    return out;
  }
}
