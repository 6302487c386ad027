package io.recvalue.core.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import io.recvalue.core.data.InteractionColumns;
import io.recvalue.core.seed.Seeds;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A ratings CSV ({@code user_id,item_id,rating}) as seeded train/validation/test tables in the
 * internal layout, for benchmarks: ids indexed densely in id order, each rating assigned by a hash of
 * (user id, item id) and the seed (80 % train, 10 % validation, 10 % test), whatever the partitioning.
 *
 * @param train training interactions
 * @param validation validation interactions
 * @param test test interactions
 */
public record BenchmarkSplit(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> test) {

  public static BenchmarkSplit load(SparkSession spark, String csv, long seed) {
    Dataset<Row> raw = spark.read().option("header", "true").csv(csv)
        .select(col("user_id"), col("item_id"), col("rating").cast("double").as(InteractionColumns.RATING));
    Dataset<Row> users = denseIndex(spark, raw, "user_id", InteractionColumns.USER_IDX);
    Dataset<Row> items = denseIndex(spark, raw, "item_id", InteractionColumns.ITEM_IDX);
    UserDefinedFunction bucket = udf(
        (UDF2<String, String, Double>) (u, i) -> Seeds.uniform(seed, "benchmark.split", Seeds.hash(u + "\u0000" + i)),
        DataTypes.DoubleType);
    Dataset<Row> all = raw.join(users, "user_id").join(items, "item_id")
        .withColumn("bucket", bucket.apply(col("user_id"), col("item_id")))
        .select(col(InteractionColumns.USER_IDX), col(InteractionColumns.ITEM_IDX), col(InteractionColumns.RATING),
            lit(1.0).as(InteractionColumns.WEIGHT), lit(null).cast("long").as(InteractionColumns.TIMESTAMP),
            col("bucket"))
        .cache();
    return new BenchmarkSplit(
        all.filter(col("bucket").lt(0.8)).drop("bucket"),
        all.filter(col("bucket").geq(0.8).and(col("bucket").lt(0.9))).drop("bucket"),
        all.filter(col("bucket").geq(0.9)).drop("bucket"));
  }

  private static Dataset<Row> denseIndex(SparkSession spark, Dataset<Row> raw, String idCol, String idxCol) {
    JavaRDD<Row> indexed = raw.select(idCol).distinct().orderBy(idCol).javaRDD().zipWithIndex()
        .map(t -> RowFactory.create(t._1().getString(0), (int) (long) t._2()));
    StructType schema = new StructType().add(idCol, DataTypes.StringType).add(idxCol, DataTypes.IntegerType);
    return spark.createDataFrame(indexed, schema);
  }
}
