package io.recvalue.core.data;

/**
 * Column names of the internal interaction tables that flow between stages
 * ({@code ingest/train}, {@code ingest/validation}, {@code ingest/test}).
 *
 * <p>Every such table has exactly these columns:
 * <pre>
 *   user_idx  int     dense user index, 0 .. numUsers-1 (see {@code ingest/user_index})
 *   item_idx  int     dense item index, 0 .. numItems-1 (see {@code ingest/item_index})
 *   rating    double  the rating (explicit) or the count/strength r (implicit); 1.0 when the log has none
 *   weight    double  per-interaction weight w_j of the objective (1.0 unless the log has a weight column)
 *   timestamp long    epoch seconds, null when the log has no timestamps
 * </pre>
 * The index tables map dense indices back to the ids of the input log, so that every user-facing
 * output carries the original ids.
 */
public final class InteractionColumns {
  public static final String USER_IDX = "user_idx";
  public static final String ITEM_IDX = "item_idx";
  public static final String RATING = "rating";
  public static final String WEIGHT = "weight";
  public static final String TIMESTAMP = "timestamp";

  /** Columns of {@code ingest/user_index}: {@code user_idx int, user_id <type of the input id>}. */
  public static final String USER_ID = "user_id";
  /** Columns of {@code ingest/item_index}: {@code item_idx int, item_id <type of the input id>}. */
  public static final String ITEM_ID = "item_id";

  private InteractionColumns() {}
}
