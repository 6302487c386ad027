package io.recvalue.valuation.judge;

import io.recvalue.core.als.AlsModel;
import io.recvalue.valuation.jobs.ValueInteractionsJob;
import io.recvalue.valuation.spark.EpSettings;
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
   * The one place where evaluation turns a method into values, exactly as the {@code value} stage
   * does ({@link ValueInteractionsJob#valuate}: EP for {@code ep}, else {@link InfluenceValuation}).
   */
  static ValuationResult run(SparkSession spark, InfluenceSettings base, EpSettings ep, ValueMethod method,
      Dataset<Row> train, Dataset<Row> validation, AlsModel model) {
    return ValueInteractionsJob.valuate(spark, base.withMethod(method), ep, train, validation,
        model.userFactors(), model.itemFactors());
  }

  /** The EP settings of {@code value.ep-*}, with the evaluation's own ALS settings for the phases. */
  static EpSettings ep(io.recvalue.core.config.RecvalueConfig c, io.recvalue.core.als.AlsParams params) {
    return new EpSettings(c.getDouble("value.ep-beta"), c.getInt("value.ep-sweeps"),
        c.getBoolean("value.ep-centred"), params);
  }
}
