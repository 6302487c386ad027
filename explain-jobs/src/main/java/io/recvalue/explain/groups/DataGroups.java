package io.recvalue.explain.groups;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.recvalue.core.data.QuantileRanges;
import io.recvalue.explain.features.ItemMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The players of the group game: every training interaction of positive weight gets one group, a
 * segment a data engineer can act on (keep, re-weight, re-collect).
 * <ul>
 *   <li>{@code genre}: the item's genre from the metadata, one group per genre among the {@code G − 1}
 *       carried by most items, an item with several of them in its rarest one (the most specific
 *       label), items with none in "other genres";</li>
 *   <li>{@code user-activity}, {@code item-popularity}, {@code time}: {@code G} ranges of the rating
 *       user's number of training interactions, the rated item's, or the timestamp, cut at quantiles
 *       over the interactions so that the groups hold similar numbers of interactions (equal cut
 *       points merge, so there may be fewer groups).</li>
 * </ul>
 * {@code auto} is {@code genre} when item metadata with genres is configured, else {@code time} when
 * the log has timestamps, else {@code user-activity}.
 */
public final class DataGroups {
  public static final String GROUP = "group";
  private static final String ATTR = "_group_attr";

  private DataGroups() {}

  /**
   * One group.
   *
   * @param index the player index (bit of a coalition mask)
   * @param name what the report shows
   * @param rows training interactions of positive weight in it
   * @param weight their summed weight
   */
  public record Group(int index, String name, long rows, double weight) {}

  /**
   * The assignment.
   *
   * @param rows the training rows of positive weight with {@link #GROUP}
   * @param groups the groups, by index; only groups with rows
   * @param by the grouping used ({@code genre}, {@code user-activity}, {@code item-popularity}, {@code time})
   */
  public record Assignment(Dataset<Row> rows, List<Group> groups, String by) {}

  /** The grouping {@code auto} resolves to. */
  public static String resolve(String by, Optional<ItemMetadata> metadata, Dataset<Row> train) {
    if (!by.equals("auto")) {
      return by;
    }
    if (metadata.isPresent() && !metadata.get().genresCol().isEmpty()) {
      return "genre";
    }
    return train.filter(col(TIMESTAMP).isNotNull()).limit(1).count() > 0 ? "time" : "user-activity";
  }

  /** Groups the training rows {@code by} ({@code auto} resolved first) into at most {@code count} groups. */
  public static Assignment assign(SparkSession spark, Dataset<Row> train, Dataset<Row> itemIndex,
      Optional<ItemMetadata> metadata, String by, int count) {
    String how = resolve(by, metadata, train);
    Dataset<Row> rows = train.filter(col(WEIGHT).gt(0));
    return switch (how) {
      case "genre" -> byGenre(spark, rows, itemIndex, metadata.orElseThrow(() -> new IllegalArgumentException(
          "explain.groups.by=genre needs item metadata with genres (explain.item-metadata)")), count);
      case "user-activity" -> byQuantile(activity(rows, USER_IDX), count, how, "users with %s–%s ratings");
      case "item-popularity" -> byQuantile(activity(rows, ITEM_IDX), count, how, "items with %s–%s ratings");
      case "time" -> {
        if (rows.filter(col(TIMESTAMP).isNotNull()).limit(1).count() == 0) {
          throw new IllegalArgumentException("explain.groups.by=time needs timestamps, and the log has none"
              + " (input.timestamp-col)");
        }
        yield byQuantile(rows.filter(col(TIMESTAMP).isNotNull()).withColumn(ATTR, col(TIMESTAMP).cast("double")),
            count, how, "%s to %s");
      }
      default -> throw new IllegalArgumentException("explain.groups.by must be auto, genre, user-activity,"
          + " item-popularity or time, got '" + how + "'");
    };
  }

  private static Dataset<Row> activity(Dataset<Row> rows, String key) {
    Dataset<Row> counts = rows.groupBy(key).agg(count(lit(1)).cast("double").as(ATTR));
    return rows.join(counts, key);
  }

  private static Assignment byGenre(SparkSession spark, Dataset<Row> rows, Dataset<Row> itemIndex, ItemMetadata m,
      int count) {
    if (m.genresCol().isEmpty()) {
      throw new IllegalArgumentException("explain.groups.by=genre needs explain.metadata-genres-col");
    }
    Dataset<Row> meta = m.read(spark);
    Dataset<Row> items = itemIndex.select(col(ITEM_IDX), trim(col(ITEM_ID).cast("string")).as(ItemMetadata.ITEM_ID))
        .join(meta, ItemMetadata.ITEM_ID);
    List<String> top = ItemMetadata.topGenres(items, Math.max(1, count - 1));
    // Position in the list, most frequent first: an item's largest position is its rarest listed genre.
    if (top.isEmpty()) {
      throw new IllegalArgumentException("explain.groups.by=genre: the item metadata " + m.path()
          + " gives no genre to any item of the log");
    }
    Column position = array_position(array(top.stream().map(t -> lit(t)).toArray(Column[]::new)), col("_genre"));
    Dataset<Row> itemGroup = items.select(col(ITEM_IDX), explode(col(ItemMetadata.GENRES)).as("_genre"))
        .select(col(ITEM_IDX), trim(col("_genre")).as("_genre"))
        .withColumn("_pos", position.cast("int"))
        .filter(col("_pos").gt(0))
        .groupBy(ITEM_IDX).agg(max(col("_pos")).minus(1).as(GROUP));
    Dataset<Row> grouped = rows.join(itemGroup.withColumnRenamed(ITEM_IDX, "_gi"), col(ITEM_IDX).equalTo(col("_gi")),
        "left").drop("_gi").withColumn(GROUP, coalesce(col(GROUP), lit(top.size())));
    List<String> names = new ArrayList<>(top);
    names.add("other genres");
    return finish(grouped, names, "genre");
  }

  private static Assignment byQuantile(Dataset<Row> withAttr, int count, String how, String nameFormat) {
    QuantileRanges r = QuantileRanges.cut(withAttr, ATTR, GROUP, count, how.equals("time"), nameFormat);
    return finish(r.rows().drop(ATTR), r.names(), how);
  }

  /** Drops empty groups and renumbers the others densely. */
  private static Assignment finish(Dataset<Row> grouped, List<String> names, String how) {
    List<Row> stats = grouped.groupBy(GROUP).agg(count(lit(1)), sum(col(WEIGHT))).orderBy(GROUP).collectAsList();
    List<Group> groups = new ArrayList<>();
    int[] renumber = new int[names.size()];
    Arrays.fill(renumber, -1);
    for (Row r : stats) {
      int old = r.getInt(0);
      renumber[old] = groups.size();
      groups.add(new Group(groups.size(), names.get(old), r.getLong(1), r.getDouble(2)));
    }
    Column dense = lit(-1);
    for (int old = renumber.length - 1; old >= 0; old--) {
      if (renumber[old] >= 0) {
        dense = when(col(GROUP).equalTo(old), renumber[old]).otherwise(dense);
      }
    }
    return new Assignment(grouped.withColumn(GROUP, dense.cast("int")), groups, how);
  }
}
