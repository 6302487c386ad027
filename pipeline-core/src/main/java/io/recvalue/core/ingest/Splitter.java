package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.recvalue.core.data.InteractionColumns;
import io.recvalue.core.seed.Seeds;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Splits each user's interactions into train, validation and test.
 *
 * <p>Each user's interactions are ranked; the first {@code testPerUser} go to test, the next
 * {@code validationPerUser} to validation, the rest to train. A user with fewer than
 * {@code testPerUser + validationPerUser + minTrainPerUser} interactions keeps all of them in train.
 *
 * <ul>
 *   <li>time: ranked from the latest, by timestamp descending, ties by item index descending (the
 *       item index follows the item id, so ties go the same way whatever the input order);
 *   <li>random: ranked by a uniform draw {@code Seeds.uniform(seed, "split", hash(userId, itemId))}
 *       that depends only on the root seed and the original ids — never on partitioning, row order
 *       or the dense indices — with ties by item index.
 * </ul>
 */
final class Splitter {
  /** Internal column: {@code "train"}, {@code "validation"} or {@code "test"}. */
  static final String SPLIT = "__split";
  /** Internal column: true for rows of users with too few interactions to hold any out. */
  static final String TRAIN_ONLY = "__train_only";

  private Splitter() {}

  /** {@code rows} (with indices and the original ids) with {@link #SPLIT} and {@link #TRAIN_ONLY}. */
  static Dataset<Row> assign(Dataset<Row> rows, IngestSettings s, SplitMethod method) {
    WindowSpec byUser = Window.partitionBy(InteractionColumns.USER_IDX);
    Column itemIdx = col(InteractionColumns.ITEM_IDX);
    WindowSpec ranked = method == SplitMethod.TIME
        ? byUser.orderBy(col(RowValidator.TS).desc(), itemIdx.desc())
        : byUser.orderBy(randomKey(s.seed()).apply(col(RowValidator.USER).cast(DataTypes.StringType),
            col(RowValidator.ITEM).cast(DataTypes.StringType)), itemIdx);
    int test = s.testPerUser();
    int heldOut = test + s.validationPerUser();
    Column n = count(lit(1)).over(byUser);
    Column rank = row_number().over(ranked);
    Column trainOnly = n.lt(heldOut + s.minTrainPerUser());
    return rows.withColumn(TRAIN_ONLY, trainOnly)
        .withColumn("__rank", rank)
        .withColumn(SPLIT,
            when(col(TRAIN_ONLY), lit("train"))
                .when(col("__rank").leq(test), lit("test"))
                .when(col("__rank").leq(heldOut), lit("validation"))
                .otherwise(lit("train")))
        .drop("__rank");
  }

  /** The uniform draw of the random split for one (user id, item id), as text. */
  static double draw(long seed, String userId, String itemId) {
    return Seeds.uniform(seed, "split", Seeds.hash(userId + '\u0000' + itemId));
  }

  private static UserDefinedFunction randomKey(long seed) {
    UDF2<String, String, Double> f = (u, i) -> draw(seed, u, i);
    return udf(f, DataTypes.DoubleType).withName("split_draw");
  }
}
