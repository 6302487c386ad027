package io.recvalue.core.jobs;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.Metrics;
import io.recvalue.core.als.MllibAlsReference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Test metrics of a model: RMSE for explicit feedback; NDCG@10 and Recall@20 (ranking every item the
 * user did not train on) for implicit feedback. MLlib's ALS, trained on the same split with the same
 * settings, is scored by the very same code, so the two are comparable.
 */
final class TestMetrics {
  static final int NDCG_AT = 10;
  static final int RECALL_AT = 20;

  private TestMetrics() {}

  static Map<String, Object> ours(SparkSession spark, AlsModel model, SplitTables split, AlsParams p) {
    return of(model, split, p, "");
  }

  /** Trains MLlib's ALS with the same rank, lambda, alpha, sweeps and seed and scores it. */
  static Map<String, Object> mllib(SparkSession spark, SplitTables split, AlsParams p) {
    MllibAlsReference.Result r = MllibAlsReference.fit(spark, split.train(), p);
    Map<String, Object> m = of(r.model(), split, p, "mllib_");
    m.put("mllib_seconds", r.seconds());
    r.model().unpersist();
    return m;
  }

  private static Map<String, Object> of(AlsModel model, SplitTables split, AlsParams p, String prefix) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (p.implicit()) {
      Metrics.Ranking ndcg = Metrics.ranking(model, split.train(), split.test(), NDCG_AT, p.numBlocks());
      Metrics.Ranking recall = Metrics.ranking(model, split.train(), split.test(), RECALL_AT, p.numBlocks());
      m.put(prefix + "ndcg_at_" + NDCG_AT, ndcg.ndcg());
      m.put(prefix + "recall_at_" + RECALL_AT, recall.recall());
      m.put(prefix + "ranked_users", ndcg.users());
    } else {
      m.put(prefix + "rmse", Metrics.rmse(model, split.test()));
    }
    return m;
  }
}
