package io.recvalue.explain.user;

import static io.recvalue.core.data.InteractionColumns.ITEM_ID;
import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_ID;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Folders, column names and the exact schemas of the {@code explain-user} stage's tables, under
 * {@code <output>/explain-user/}. Every table is keyed by the explained recommendation
 * {@code (user_idx, user_id, item_idx, item_id)} (ids as text, as in the log).
 *
 * <pre>
 *   recommendations   one row per explained recommendation: the item's title and genres, its rank in
 *                     the user's list and score (fold-in of every event), the trained factor's score
 *                     and the fold-in gap, the game (events, players, grouped events and their phi,
 *                     exact or permutations, max SE / range, converged, efficiency error), the
 *                     counterfactual set's summary, and seconds
 *   events            one row per recommendation and event: the event's item, title, genres, rating,
 *                     weight, timestamp, recency (1 = newest) and days before the user's newest event;
 *                     its player, phi and SE (null when grouped), the HKV share, leave-one-out drop and
 *                     cosine to the recommended item, whether it is in the counterfactual set, and its
 *                     own data value from the value stage (null when that stage has not run)
 *   counterfactuals   one row per event of each counterfactual set, in priority order (highest phi
 *                     first): the event's item, title, phi, rating and timestamp
 * </pre>
 */
public final class ExplainUserSchemas {
  public static final String STAGE = "explain-user";
  public static final String EVENTS = "events";
  public static final String RECOMMENDATIONS = "recommendations";
  public static final String COUNTERFACTUALS = "counterfactuals";

  public static final String TITLE = "title";
  public static final String GENRES = "genres";
  public static final String RANK = "rank";
  public static final String SCORE = "score";
  public static final String TRAINED_SCORE = "trained_score";
  public static final String FOLD_IN_GAP = "fold_in_gap";
  public static final String EVENT_COUNT = "events";
  public static final String PLAYERS = "players";
  public static final String GROUPED_EVENTS = "grouped_events";
  public static final String PHI_GROUPED = "phi_grouped";
  public static final String EXACT = "exact";
  public static final String PERMUTATIONS = "permutations";
  public static final String MAX_SE_OVER_RANGE = "max_se_over_range";
  public static final String CONVERGED = "converged";
  public static final String EFFICIENCY_ERROR = "efficiency_error";
  public static final String LIST_SIZE = "list_size";
  public static final String CF_FOUND = "counterfactual_found";
  public static final String CF_SIZE = "counterfactual_size";
  public static final String CF_MINIMAL = "counterfactual_minimal";
  public static final String CF_LOWER_BOUND = "counterfactual_lower_bound";
  public static final String CF_SEARCH = "counterfactual_search";
  public static final String CF_RESOLVES = "counterfactual_resolves";
  public static final String RANK_AFTER = "rank_after";
  public static final String SCORE_AFTER = "score_after";
  public static final String SECONDS_SHAPLEY = "seconds_shapley";
  public static final String SECONDS_COUNTERFACTUAL = "seconds_counterfactual";

  public static final String EVENT_ITEM_IDX = "event_item_idx";
  public static final String EVENT_ITEM_ID = "event_item_id";
  public static final String EVENT_TITLE = "event_title";
  public static final String EVENT_GENRES = "event_genres";
  public static final String RECENCY_RANK = "recency_rank";
  public static final String DAYS_BEFORE_LAST = "days_before_last";
  public static final String PLAYER = "player";
  public static final String GROUPED = "grouped";
  public static final String PHI = "phi";
  public static final String SE = "se";
  public static final String HKV = "hkv";
  public static final String LOO = "loo";
  public static final String COSINE = "cosine";
  public static final String IN_COUNTERFACTUAL = "in_counterfactual";
  public static final String VALUE = "value";
  public static final String VALUE_METHOD = "value_method";
  public static final String POSITION = "position";

  private ExplainUserSchemas() {}

  static StructType keys() {
    return new StructType().add(USER_IDX, DataTypes.IntegerType, true).add(USER_ID, DataTypes.StringType, true)
        .add(ITEM_IDX, DataTypes.IntegerType, true).add(ITEM_ID, DataTypes.StringType, true);
  }

  /** {@code recommendations}. */
  public static StructType recommendations() {
    return keys().add(TITLE, DataTypes.StringType, true)
        .add(GENRES, DataTypes.createArrayType(DataTypes.StringType), true)
        .add(RANK, DataTypes.IntegerType, true).add(SCORE, DataTypes.DoubleType, true)
        .add(TRAINED_SCORE, DataTypes.DoubleType, true).add(FOLD_IN_GAP, DataTypes.DoubleType, true)
        .add(EVENT_COUNT, DataTypes.IntegerType, true).add(PLAYERS, DataTypes.IntegerType, true)
        .add(GROUPED_EVENTS, DataTypes.IntegerType, true).add(PHI_GROUPED, DataTypes.DoubleType, true)
        .add(EXACT, DataTypes.BooleanType, true).add(PERMUTATIONS, DataTypes.IntegerType, true)
        .add(MAX_SE_OVER_RANGE, DataTypes.DoubleType, true).add(CONVERGED, DataTypes.BooleanType, true)
        .add(EFFICIENCY_ERROR, DataTypes.DoubleType, true).add(LIST_SIZE, DataTypes.IntegerType, true)
        .add(CF_FOUND, DataTypes.BooleanType, true).add(CF_SIZE, DataTypes.IntegerType, true)
        .add(CF_MINIMAL, DataTypes.BooleanType, true).add(CF_LOWER_BOUND, DataTypes.IntegerType, true)
        .add(CF_SEARCH, DataTypes.StringType, true).add(CF_RESOLVES, DataTypes.IntegerType, true)
        .add(RANK_AFTER, DataTypes.IntegerType, true).add(SCORE_AFTER, DataTypes.DoubleType, true)
        .add(SECONDS_SHAPLEY, DataTypes.DoubleType, true).add(SECONDS_COUNTERFACTUAL, DataTypes.DoubleType, true);
  }

  /** {@code events}. */
  public static StructType events() {
    return keys().add(EVENT_ITEM_IDX, DataTypes.IntegerType, true).add(EVENT_ITEM_ID, DataTypes.StringType, true)
        .add(EVENT_TITLE, DataTypes.StringType, true)
        .add(EVENT_GENRES, DataTypes.createArrayType(DataTypes.StringType), true)
        .add(RATING, DataTypes.DoubleType, true).add(WEIGHT, DataTypes.DoubleType, true)
        .add(TIMESTAMP, DataTypes.LongType, true).add(RECENCY_RANK, DataTypes.IntegerType, true)
        .add(DAYS_BEFORE_LAST, DataTypes.DoubleType, true).add(PLAYER, DataTypes.IntegerType, true)
        .add(GROUPED, DataTypes.BooleanType, true).add(PHI, DataTypes.DoubleType, true)
        .add(SE, DataTypes.DoubleType, true).add(HKV, DataTypes.DoubleType, true)
        .add(LOO, DataTypes.DoubleType, true).add(COSINE, DataTypes.DoubleType, true)
        .add(IN_COUNTERFACTUAL, DataTypes.BooleanType, true).add(VALUE, DataTypes.DoubleType, true)
        .add(VALUE_METHOD, DataTypes.StringType, true);
  }

  /** {@code counterfactuals}. */
  public static StructType counterfactuals() {
    return keys().add(POSITION, DataTypes.IntegerType, true).add(EVENT_ITEM_IDX, DataTypes.IntegerType, true)
        .add(EVENT_ITEM_ID, DataTypes.StringType, true).add(EVENT_TITLE, DataTypes.StringType, true)
        .add(PHI, DataTypes.DoubleType, true).add(RATING, DataTypes.DoubleType, true)
        .add(TIMESTAMP, DataTypes.LongType, true);
  }

  /** The three tables' folders, in the order they are written. */
  static List<String> folders() {
    return List.of(RECOMMENDATIONS, EVENTS, COUNTERFACTUALS);
  }


  /** Columns the Spark tasks do not compute: ids, metadata and data values, joined in afterwards. */
  static final java.util.Set<String> JOINED = java.util.Set.of(USER_ID, ITEM_ID, TITLE, GENRES, EVENT_ITEM_ID,
      EVENT_TITLE, EVENT_GENRES, VALUE, VALUE_METHOD);

  /** A table's schema without the joined columns: what the tasks produce. */
  static StructType computed(StructType table) {
    StructType out = new StructType();
    for (var f : table.fields()) {
      if (!JOINED.contains(f.name())) {
        out = out.add(f);
      }
    }
    return out;
  }
}
