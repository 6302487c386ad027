package io.recvalue.valuation.judge;

import io.recvalue.core.als.AlsModel;
import io.recvalue.valuation.spark.InfluenceSettings;
import io.recvalue.valuation.spark.InfluenceValuation;
import io.recvalue.valuation.spark.ValuationResult;
import io.recvalue.valuation.spark.ValueMethod;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Values every training interaction of a trained model with one {@link ValueMethod}. */
final class Valuations {
  private Valuations() {}

  /**
   * The one place where evaluation turns a method into values: {@link InfluenceValuation} with the
   * method set, as the {@code value} stage does.
   */
  static ValuationResult run(SparkSession spark, InfluenceSettings base, ValueMethod method,
      Dataset<Row> train, Dataset<Row> validation, AlsModel model) {
    return new InfluenceValuation(spark, base.withMethod(method))
        .run(train, validation, model.userFactors(), model.itemFactors());
  }
}
