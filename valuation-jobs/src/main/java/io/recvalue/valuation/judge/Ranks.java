package io.recvalue.valuation.judge;

import io.recvalue.core.data.InteractionColumns;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A total order on interactions by a numeric key, as a 0-based {@code rank} column: ascending key,
 * ties broken by {@code (user_idx, item_idx)}, so "the lowest {@code m}" is exactly {@code rank < m}
 * on any number of partitions. Distributed: a sort and {@code zipWithIndex}; nothing is collected.
 */
public final class Ranks {
  /** The rank column added. */
  public static final String RANK = "rank";

  private Ranks() {}

  /** {@code rows} (with {@code user_idx, item_idx} and a double {@code keyColumn}) plus {@link #RANK}. */
  public static Dataset<Row> rank(SparkSession spark, Dataset<Row> rows, String keyColumn) {
    StructType schema = rows.schema();
    int key = schema.fieldIndex(keyColumn);
    int user = schema.fieldIndex(InteractionColumns.USER_IDX);
    int item = schema.fieldIndex(InteractionColumns.ITEM_IDX);
    int partitions = Math.max(1, rows.rdd().getNumPartitions());
    var ranked = rows.javaRDD()
        .sortBy(r -> new SortKey(r.getDouble(key), r.getInt(user), r.getInt(item)), true, partitions)
        .zipWithIndex()
        .map(t -> {
          Row r = t._1();
          List<Object> values = new ArrayList<>(r.size() + 1);
          for (int c = 0; c < r.size(); c++) {
            values.add(r.get(c));
          }
          values.add(t._2());
          return RowFactory.create(values.toArray());
        });
    return spark.createDataFrame(ranked, schema.add(RANK, DataTypes.LongType, false));
  }

  /** {@code ⌊fraction · n⌋} without floating-point surprises at exact decimals (0.1 · 30 = 3). */
  public static long floorShare(double fraction, long n) {
    return new java.math.BigDecimal(Double.toString(fraction))
        .multiply(java.math.BigDecimal.valueOf(n))
        .setScale(0, java.math.RoundingMode.FLOOR)
        .longValueExact();
  }

  /** Ascending key, then user, then item. */
  record SortKey(double key, int user, int item) implements Comparable<SortKey>, Serializable {
    @Override
    public int compareTo(SortKey o) {
      int c = Double.compare(key, o.key);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(user, o.user);
      return c != 0 ? c : Integer.compare(item, o.item);
    }
  }
}
