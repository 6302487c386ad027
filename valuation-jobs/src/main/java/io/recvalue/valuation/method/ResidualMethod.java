package io.recvalue.valuation.method;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.valuation.output.ValueSchemas;
import io.recvalue.valuation.spark.ValuationResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code residual}: the baseline every valuation has to beat, {@code value_j = −|r_j − x_u·y_i|}
 * (implicit: {@code −|1 − x_u·y_i|}) at the trained model. Its lowest values are the interactions the
 * model fits worst, so dropping them is truncation of the largest losses (as T-CE does during
 * training); it costs one pass over the training interactions.
 */
final class ResidualMethod implements ValuationMethod {
  static final String ID = "residual";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "baseline: minus the absolute residual at the trained model (largest losses lowest)";
  }

  @Override
  public void validate(RecvalueConfig config) {
    // no settings of its own
  }

  @Override
  public ValuationResult value(ValuationContext c) {
    long start = System.nanoTime();
    boolean implicit = c.config().getString("ingest.feedback").equals("implicit");
    Column target = implicit ? lit(1.0) : col(RATING);
    Dataset<Row> values = c.model().predict(c.train().select(USER_IDX, ITEM_IDX, RATING, WEIGHT, TIMESTAMP))
        .select(col(USER_IDX), col(ITEM_IDX), col(RATING), col(WEIGHT), col(TIMESTAMP),
            abs(target.minus(col(AlsModel.PREDICTION))).multiply(-1.0).as(ValueSchemas.VALUE),
            lit(ID).as(ValueSchemas.METHOD));
    Dataset<Row> typed = c.spark().createDataFrame(values.javaRDD(), ValueSchemas.VALUES)
        .persist(StorageLevel.MEMORY_AND_DISK());
    long rows = typed.agg(count(lit(1))).first().getLong(0);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("method", ID);
    d.put("implicit", implicit);
    d.put("train_rows", rows);
    d.put("seconds_total", (System.nanoTime() - start) / 1e9);
    c.progress().line("residual: %d interactions, %.1f s", rows, (Double) d.get("seconds_total"));
    return new ValuationResult(typed, null, d, () -> typed.unpersist(false));
  }
}
