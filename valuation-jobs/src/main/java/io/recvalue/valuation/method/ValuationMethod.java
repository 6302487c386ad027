package io.recvalue.valuation.method;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.valuation.spark.ValuationResult;

/**
 * One way of giving every training interaction a value. Every caller (the {@code value} stage,
 * {@code verify-loo}, {@code evaluate}, {@code prune}'s valuations, the cost benchmark) reaches a
 * method through {@link ValuationMethods} by its id, so adding a method is one class and its
 * settings.
 *
 * <p>A method reads its own settings from the configuration: {@link #validate} checks them before
 * Spark starts (the message names the key and the value), {@link #value} runs on Spark.
 */
public interface ValuationMethod {
  /** The id used in {@code value.method}, {@code verify-loo.methods}, {@code evaluate.methods} and the {@code method} column. */
  String id();

  /** One line for help texts and the registry's error messages. */
  String description();

  /**
   * Whether the values are keep/drop decisions (with a keep probability) rather than a continuous
   * change of the validation loss; {@code prune} then uses the decision.
   */
  default boolean discrete() {
    return false;
  }

  /** Checks the method's settings; throws {@link IllegalArgumentException} naming the key and value. */
  void validate(RecvalueConfig config);

  /**
   * Values every training interaction of {@code context.train()} at {@code context.model()}; the
   * values table has the columns of {@link io.recvalue.valuation.output.ValueSchemas#VALUES} (a
   * discrete method adds its own). The caller releases the result.
   */
  ValuationResult value(ValuationContext context);
}
