package io.recvalue.explain.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.recvalue.core.seed.Seeds;
import io.recvalue.explain.features.FeatureTable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The background sample of the interventional game: the {@code size} rows of the table with the
 * smallest {@code uniform(root, "explain.background", key hash)} (ties by key hash) — a seeded
 * uniform sample without replacement that does not depend on partitioning or row order. All rows when
 * the table is smaller.
 */
public final class BackgroundSample {
  static final String PURPOSE = "explain.background";

  private BackgroundSample() {}

  public static double[][] draw(FeatureTable table, int size, long rootSeed) {
    if (size < 1) {
      throw new IllegalArgumentException("background size must be >= 1, got " + size);
    }
    UserDefinedFunction draw = udf(
        (UDF1<Long, Double>) h -> Seeds.uniform(rootSeed, PURPOSE, h), DataTypes.DoubleType);
    List<Row> rows = table.rows()
        .select(col(FeatureTable.FEATURES), draw.apply(col(FeatureTable.KEY_HASH)).as("_draw"),
            col(FeatureTable.KEY_HASH))
        .orderBy(col("_draw"), col(FeatureTable.KEY_HASH))
        .limit(size)
        .collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("nothing to draw a background sample from: the " + table.level()
          + " table is empty");
    }
    double[][] out = new double[rows.size()][];
    for (int b = 0; b < out.length; b++) {
      out[b] = toArray(rows.get(b).getList(0));
    }
    return out;
  }

  static double[] toArray(List<Object> values) {
    double[] x = new double[values.size()];
    for (int f = 0; f < x.length; f++) {
      x[f] = ((Number) values.get(f)).doubleValue();
    }
    return x;
  }
}
