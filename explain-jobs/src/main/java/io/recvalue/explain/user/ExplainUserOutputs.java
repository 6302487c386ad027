package io.recvalue.explain.user;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_ID;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.recvalue.core.jobs.SplitTables;
import io.recvalue.explain.features.ItemMetadata;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Completes the computed rows with what the tasks do not carry (original ids, titles and genres from
 * the item metadata, each event's data value from the value stage) and writes the three tables in
 * the column order of {@link ExplainUserSchemas}. Absent metadata or values leave their columns null.
 */
final class ExplainUserOutputs {
  private final SparkSession spark;
  private final Dataset<Row> users;
  private final Dataset<Row> items;
  private final Optional<Dataset<Row>> values;

  ExplainUserOutputs(SparkSession spark, SplitTables split, Optional<ItemMetadata> metadata,
      Optional<Dataset<Row>> values) {
    this.spark = spark;
    this.users = split.userIndex().select(col(USER_IDX), col(USER_ID).cast("string").as(USER_ID));
    Dataset<Row> ids = split.itemIndex().select(col(ITEM_IDX), col(ITEM_ID).cast("string").as(ITEM_ID));
    if (metadata.isPresent()) {
      Dataset<Row> meta = metadata.get().read(spark).select(col(ItemMetadata.ITEM_ID).as("_meta_id"),
          col(ItemMetadata.TITLE).as(ExplainUserSchemas.TITLE), col(ItemMetadata.GENRES).as(ExplainUserSchemas.GENRES));
      this.items = ids.join(meta, ids.col(ITEM_ID).equalTo(meta.col("_meta_id")), "left_outer").drop("_meta_id");
    } else {
      this.items = ids.withColumn(ExplainUserSchemas.TITLE, lit(null).cast("string"))
          .withColumn(ExplainUserSchemas.GENRES, lit(null).cast("array<string>"));
    }
    this.values = values;
  }

  boolean hasValues() {
    return values.isPresent();
  }

  void write(String dir, JavaRDD<Row> recommendations, JavaRDD<Row> events, JavaRDD<Row> counterfactuals) {
    table(recommendations, ExplainUserSchemas.recommendations())
        .join(users, USER_IDX).join(items, ITEM_IDX)
        .select(columns(ExplainUserSchemas.recommendations()))
        .write().parquet(dir + "/" + ExplainUserSchemas.RECOMMENDATIONS);
    Dataset<Row> e = withEventItems(withKeys(table(events, ExplainUserSchemas.events())));
    if (values.isPresent()) {
      Dataset<Row> v = values.get().select(col(USER_IDX).as("_v_user"), col(ITEM_IDX).as("_v_item"),
          col("value").cast("double").as(ExplainUserSchemas.VALUE), col("method").as(ExplainUserSchemas.VALUE_METHOD));
      e = e.join(v, e.col(USER_IDX).equalTo(v.col("_v_user"))
          .and(e.col(ExplainUserSchemas.EVENT_ITEM_IDX).equalTo(v.col("_v_item"))), "left_outer");
    } else {
      e = e.withColumn(ExplainUserSchemas.VALUE, lit(null).cast("double"))
          .withColumn(ExplainUserSchemas.VALUE_METHOD, lit(null).cast("string"));
    }
    e.select(columns(ExplainUserSchemas.events())).write().parquet(dir + "/" + ExplainUserSchemas.EVENTS);
    withEventItems(withKeys(table(counterfactuals, ExplainUserSchemas.counterfactuals())))
        .select(columns(ExplainUserSchemas.counterfactuals()))
        .write().parquet(dir + "/" + ExplainUserSchemas.COUNTERFACTUALS);
  }

  private Dataset<Row> table(JavaRDD<Row> rows, StructType schema) {
    return spark.createDataFrame(rows, ExplainUserSchemas.computed(schema));
  }

  private Dataset<Row> withKeys(Dataset<Row> t) {
    return t.join(users, USER_IDX).join(items.select(ITEM_IDX, ITEM_ID), ITEM_IDX);
  }

  /** Adds the event item's id, title and genres. */
  private Dataset<Row> withEventItems(Dataset<Row> t) {
    Dataset<Row> ev = items.select(col(ITEM_IDX).as("_e_idx"), col(ITEM_ID).as(ExplainUserSchemas.EVENT_ITEM_ID),
        col(ExplainUserSchemas.TITLE).as(ExplainUserSchemas.EVENT_TITLE),
        col(ExplainUserSchemas.GENRES).as(ExplainUserSchemas.EVENT_GENRES));
    return t.join(ev, t.col(ExplainUserSchemas.EVENT_ITEM_IDX).equalTo(ev.col("_e_idx")), "left_outer").drop("_e_idx");
  }

  private static Column[] columns(StructType schema) {
    return Arrays.stream(schema.fieldNames()).map(n -> col(n)).toArray(Column[]::new);
  }
}
