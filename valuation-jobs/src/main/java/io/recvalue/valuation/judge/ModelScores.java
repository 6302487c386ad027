package io.recvalue.valuation.judge;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.Metrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Test metrics of one retrained model, computed by {@link Metrics} (the code that scores the
 * {@code train} stage): RMSE (explicit data only, over the test pairs the model covers), NDCG@10 and
 * Recall@20 ranking every item the user has not trained on. The items a user "has trained on" are
 * always those of the full training set, so every model of a curve ranks the same candidates.
 *
 * @param rmse test RMSE, null for implicit data
 */
record ModelScores(Double rmse, double ndcgAt10, double recallAt20, long rankedUsers) {
  static final int NDCG_AT = 10;
  static final int RECALL_AT = 20;

  static ModelScores of(AlsModel model, Dataset<Row> fullTrain, Dataset<Row> test, boolean implicit, int blocks) {
    Metrics.Ranking ndcg = Metrics.ranking(model, fullTrain, test, NDCG_AT, blocks);
    Metrics.Ranking recall = Metrics.ranking(model, fullTrain, test, RECALL_AT, blocks);
    Double rmse = implicit ? null : Metrics.rmse(model, test);
    return new ModelScores(rmse, ndcg.ndcg(), recall.recall(), ndcg.users());
  }
}
