package io.recvalue.explain.jobs;

import io.recvalue.core.ingest.IdIndex;
import io.recvalue.valuation.output.ValueAggregation;
import io.recvalue.valuation.output.ValueLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A run folder as the ingest, train and value stages leave it (their table layouts, written directly):
 * 70 users and 40 items with timestamped ratings split per user (last → test, the one before →
 * validation), random factors, and planted interaction values {@code 0.01 (r − 3)} plus noise; and an
 * item metadata CSV with years (one missing) and genres.
 */
public final class SyntheticRun {
  public static final int USERS = 70;
  public static final int ITEMS = 40;

  private SyntheticRun() {}

  public static void write(SparkSession spark, String out, Path metadata) throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    double[] bias = new double[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      bias[i] = r.nextDouble() * 2 - 1;
    }
    List<Row> train = new ArrayList<>();
    List<Row> validation = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    List<Row> values = new ArrayList<>();
    long t = 1_600_000_000L;
    for (int u = 0; u < USERS; u++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        if (r.nextDouble() < 0.3 + 0.5 * (i % 3 == 0 ? 1 : 0)) {
          double rating = Math.max(1, Math.min(5, Math.round(3 + bias[i] + (r.nextDouble() - 0.5) * 2)));
          rows.add(RowFactory.create(u, i, rating, 1.0, t += 1 + r.nextInt(5000)));
        }
      }
      for (int k = 0; k < rows.size(); k++) {
        Row row = rows.get(k);
        if (k == rows.size() - 1) {
          test.add(row);
        } else if (k == rows.size() - 2) {
          validation.add(row);
        } else {
          train.add(row);
          values.add(RowFactory.create(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4),
              0.01 * (row.getDouble(2) - 3) + 0.002 * (r.nextDouble() - 0.5), "influence"));
        }
      }
    }
    StructType interactions = new StructType().add("user_idx", DataTypes.IntegerType).add("item_idx", DataTypes.IntegerType)
        .add("rating", DataTypes.DoubleType).add("weight", DataTypes.DoubleType).add("timestamp", DataTypes.LongType);
    spark.createDataFrame(train, interactions).write().parquet(out + "/ingest/train");
    spark.createDataFrame(validation, interactions).write().parquet(out + "/ingest/validation");
    spark.createDataFrame(test, interactions).write().parquet(out + "/ingest/test");
    Dataset<Row> users = index(spark, "user_idx", "user_id", "u", USERS);
    Dataset<Row> items = index(spark, "item_idx", "item_id", "m", ITEMS);
    users.write().parquet(out + "/ingest/user_index");
    items.write().parquet(out + "/ingest/item_index");
    spark.createDataFrame(List.of(), new StructType().add("x", DataTypes.StringType)).write().parquet(out + "/ingest/quarantine");
    Files.createFile(Path.of(out, "ingest", "_SUCCESS"));
    factors(spark, "user_idx", USERS, r).write().parquet(out + "/train/user_factors");
    factors(spark, "item_idx", ITEMS, r).write().parquet(out + "/train/item_factors");
    Dataset<Row> valued = spark.createDataFrame(values, interactions.add("value", DataTypes.DoubleType)
        .add("method", DataTypes.StringType));
    IdIndex.attachIds(valued, users, items).write().parquet(ValueLayout.table(out, ValueLayout.INTERACTIONS));
    IdIndex.attachItemIds(ValueAggregation.itemValues(valued), items).write()
        .parquet(ValueLayout.table(out, ValueLayout.ITEMS));
    writeMetadata(metadata);
  }

  private static Dataset<Row> index(SparkSession spark, String idx, String id, String prefix, int n) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      rows.add(RowFactory.create(k, prefix + k));
    }
    return spark.createDataFrame(rows, new StructType().add(idx, DataTypes.IntegerType).add(id, DataTypes.StringType));
  }

  private static Dataset<Row> factors(SparkSession spark, String idx, int n, SplittableRandom r) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      List<Double> f = new ArrayList<>();
      for (int d = 0; d < 3; d++) {
        f.add(r.nextDouble() - 0.5);
      }
      rows.add(RowFactory.create(k, f));
    }
    return spark.createDataFrame(rows, new StructType().add(idx, DataTypes.IntegerType)
        .add("factors", DataTypes.createArrayType(DataTypes.DoubleType)));
  }

  private static void writeMetadata(Path file) throws IOException {
    String[] genres = {"Drama", "Comedy", "Sci-Fi", "War", "Drama|Comedy", "Action|Sci-Fi"};
    StringBuilder sb = new StringBuilder("item_id,title,year,genres\n");
    for (int i = 0; i < ITEMS; i++) {
      // one item without a year, to exercise the imputation
      sb.append('m').append(i).append(",Title ").append(i).append(',').append(i == 7 ? "" : Integer.toString(1950 + i))
          .append(',').append(genres[i % genres.length]).append('\n');
    }
    Files.writeString(file, sb.toString());
  }
}
