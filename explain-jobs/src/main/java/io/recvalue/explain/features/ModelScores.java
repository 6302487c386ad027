package io.recvalue.explain.features;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The trained model's score {@code x_u · y_i} and residual {@code r − x_u · y_i} of interactions,
 * from the factor tables ({@code user_idx | item_idx, factors array<double>}). An interaction whose
 * user or item has no factors is dropped (it cannot occur for training and validation rows, whose
 * users and items are all in the model).
 */
public final class ModelScores {
  public static final String SCORE = "score";
  public static final String RESIDUAL = "residual";

  private ModelScores() {}

  public static Dataset<Row> attach(Dataset<Row> interactions, Dataset<Row> userFactors, Dataset<Row> itemFactors) {
    Dataset<Row> users = userFactors.select(col(USER_IDX), col("factors").as("_uf"));
    Dataset<Row> items = itemFactors.select(col(ITEM_IDX), col("factors").as("_if"));
    return interactions.join(users, USER_IDX).join(items, ITEM_IDX)
        .withColumn(SCORE, expr("aggregate(zip_with(_uf, _if, (a, b) -> a * b), 0D, (s, v) -> s + v)"))
        .withColumn(RESIDUAL, col(RATING).minus(col(SCORE)))
        .drop("_uf", "_if");
  }

  /** {@code ‖y_i‖} per item: {@code item_idx, factor_norm}. */
  public static Dataset<Row> itemFactorNorms(Dataset<Row> itemFactors) {
    return itemFactors.select(col(ITEM_IDX),
        expr("sqrt(aggregate(factors, 0D, (s, v) -> s + v * v))").as("factor_norm"));
  }
}
