package io.recvalue.valuation.method;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.valuation.spark.EpSettings;
import io.recvalue.valuation.spark.EpValuation;
import io.recvalue.valuation.spark.ValidationKind;
import io.recvalue.valuation.spark.ValuationResult;

/**
 * {@code ep}: centred equilibrium propagation, two nudged weighted-ALS phases warm-started at the
 * trained model, no Hessian ({@link EpValuation}). Needs a quadratic validation objective.
 */
final class EpMethod implements ValuationMethod {
  static final String ID = "ep";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "equilibrium propagation: two nudged warm-started ALS phases, no Hessian";
  }

  @Override
  public void validate(RecvalueConfig config) {
    ValuationSettings.influence(config, 1);
    ValuationSettings.ep(config, 1);
    if (ValuationSettings.validationObjective(config) == ValidationKind.BPR) {
      throw new IllegalArgumentException("value.method=ep needs a quadratic validation objective; "
          + "value.validation-objective=bpr is not (use squared, or value.method=influence)");
    }
  }

  @Override
  public ValuationResult value(ValuationContext c) {
    EpSettings ep = ValuationSettings.ep(c.config(), c.parallelism());
    ValuationResult r = new EpValuation(c.spark(), ValuationSettings.influence(c.config(), c.parallelism()), ep,
        new ValueProgressLines(c.progress(), 0, 0, ep.sweeps()))
        .run(c.train(), c.validation(), c.model().userFactors(), c.model().itemFactors());
    c.progress().line("ep: beta %s, %s sweeps per phase, %.1f s", r.diagnostics().get("ep_beta"),
        r.diagnostics().get("ep_sweeps"), (Double) r.diagnostics().get("seconds_total"));
    return r;
  }
}
