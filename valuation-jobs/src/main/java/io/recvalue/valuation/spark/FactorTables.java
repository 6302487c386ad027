package io.recvalue.valuation.spark;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.data.InteractionColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Conversions between factor tables ({@code user_idx int, factors array<double>} and
 * {@code item_idx int, factors array<double>}, the trained model's output format) and
 * {@link DistributedBlockVector}s.
 */
public final class FactorTables {
  /** Column holding a factor row. */
  public static final String FACTORS = AlsModel.FACTORS;

  private FactorTables() {}

  /** Schema of a factor table keyed by {@code idxColumn}. */
  public static StructType schema(String idxColumn) {
    return new StructType()
        .add(idxColumn, DataTypes.IntegerType, false)
        .add(FACTORS, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  }

  /** The rank, read from the first row of a factor table (fails on an empty table). */
  public static int rank(Dataset<Row> factors) {
    Row first = factors.select(FACTORS).head();
    return first.getList(0).size();
  }

  /** Reads the two factor tables into a partitioned block vector of rank {@code k}. */
  public static DistributedBlockVector toVector(Dataset<Row> userFactors, Dataset<Row> itemFactors,
      int k, Partitioner userPart, Partitioner itemPart) {
    return DistributedBlockVector.partitioned(k,
        keyed(userFactors, InteractionColumns.USER_IDX, k, "user"),
        keyed(itemFactors, InteractionColumns.ITEM_IDX, k, "item"), userPart, itemPart);
  }

  /** The user side of a block vector as a factor-format table. */
  public static Dataset<Row> users(SparkSession spark, DistributedBlockVector v) {
    return toDataset(spark, v.users(), InteractionColumns.USER_IDX);
  }

  /** The item side of a block vector as a factor-format table. */
  public static Dataset<Row> items(SparkSession spark, DistributedBlockVector v) {
    return toDataset(spark, v.items(), InteractionColumns.ITEM_IDX);
  }

  private static JavaPairRDD<Integer, double[]> keyed(Dataset<Row> table, String idx, int k,
      String what) {
    return table.select(idx, FACTORS).javaRDD().mapToPair(r -> new Tuple2<>(r.getInt(0),
        KVectors.fromList(r.getList(1), k, what + " " + r.getInt(0))));
  }

  private static Dataset<Row> toDataset(SparkSession spark, JavaPairRDD<Integer, double[]> side,
      String idx) {
    JavaRDD<Row> rows = side.map(t -> {
      List<Double> f = new ArrayList<>(t._2.length);
      for (double d : t._2) {
        f.add(d);
      }
      return RowFactory.create(t._1, scala.collection.JavaConverters.asScalaBuffer(f));
    });
    return spark.createDataFrame(rows, schema(idx));
  }
}
