package io.recvalue.core.ingest;

import io.recvalue.core.data.InteractionColumns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Joins dense indices back to the original ids, for every user-facing output of later stages.
 *
 * <p>A left join: every row of the input is kept, and a row whose index is not in the index table
 * (which would be a bug upstream) gets a null id rather than disappearing. The index is broadcast to the join's
 * tasks where it fits their memory ({@link IndexBroadcast}), so the rows are not shuffled.
 */
public final class IdIndex {
  private IdIndex() {}

  /** {@code rows} with a {@code user_id} column matched on {@code user_idx}. */
  public static Dataset<Row> attachUserIds(Dataset<Row> rows, Dataset<Row> userIndex) {
    return attach(rows, userIndex, InteractionColumns.USER_IDX);
  }

  /** {@code rows} with an {@code item_id} column matched on {@code item_idx}. */
  public static Dataset<Row> attachItemIds(Dataset<Row> rows, Dataset<Row> itemIndex) {
    return attach(rows, itemIndex, InteractionColumns.ITEM_IDX);
  }

  /** Both ids. */
  public static Dataset<Row> attachIds(Dataset<Row> rows, Dataset<Row> userIndex, Dataset<Row> itemIndex) {
    return attachItemIds(attachUserIds(rows, userIndex), itemIndex);
  }

  private static Dataset<Row> attach(Dataset<Row> rows, Dataset<Row> index, String idx) {
    Dataset<Row> side = IndexBroadcast.of(index);
    return rows.join(side, rows.col(idx).equalTo(side.col(idx)), "left_outer").drop(side.col(idx));
  }
}
