package io.recvalue.core.ingest;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds a dense index {@code 0 .. n-1} of the distinct values of an id column, in ascending order of
 * the id value (numeric order for integer ids, byte-wise UTF-8 order for string ids). The order, and
 * so the index, is a function of the set of ids alone: it does not depend on partitioning or on the
 * order of the log. Built with a global sort and {@code zipWithIndex}, so nothing is collected to the
 * driver.
 */
final class IdIndexer {
  private IdIndexer() {}

  /**
   * @param rows the interactions
   * @param idColumn the id column of {@code rows}
   * @param indexName the name of the index column in the result ({@code int})
   * @param idName the name of the id column in the result (the type of {@code idColumn})
   * @return {@code (indexName int, idName)}, one row per distinct id
   */
  static Dataset<Row> build(Dataset<Row> rows, String idColumn, String indexName, String idName) {
    Dataset<Row> ids = rows.select(idColumn).distinct().orderBy(idColumn);
    DataType idType = ids.schema().fields()[0].dataType();
    JavaRDD<Row> indexed = ids.javaRDD().zipWithIndex().map(t -> {
      if (t._2() > Integer.MAX_VALUE) {
        throw new IllegalStateException("more than 2^31 - 1 distinct values of " + idColumn);
      }
      return RowFactory.create(t._2().intValue(), t._1().get(0));
    });
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField(indexName, DataTypes.IntegerType, false),
        DataTypes.createStructField(idName, idType, false)});
    SparkSession spark = rows.sparkSession();
    return spark.createDataFrame(indexed, schema);
  }

  /**
   * Adds the index column of {@code index} to {@code rows}, matching {@code idColumn} to
   * {@code idName}. The index was built from these rows, so every row finds its id (an inner join
   * loses nothing; the caller checks the count).
   */
  static Dataset<Row> attach(Dataset<Row> rows, Dataset<Row> index, String idColumn, String idName) {
    return rows.join(index, rows.col(idColumn).equalTo(index.col(idName)), "inner")
        .drop(index.col(idName));
  }
}
