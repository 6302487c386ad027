package io.recvalue.valuation.method;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.valuation.spark.EpSettings;
import io.recvalue.valuation.spark.EpValuation;
import io.recvalue.valuation.spark.ValidationKind;
import io.recvalue.valuation.spark.ValuationResult;

/**
 * {@code ep}: centred equilibrium propagation, two nudged weighted-ALS phases warm-started at the
 * trained model and extrapolated to their limits, no Hessian ({@link EpValuation}). Needs a quadratic validation objective.
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
    c.progress().line("ep: beta %s, %s sweeps per phase%s, %.1f s", r.diagnostics().get("ep_beta"),
        r.diagnostics().get("ep_sweeps"), extrapolation(r.diagnostics(), ep),
        (Double) r.diagnostics().get("seconds_total"));
    return r;
  }

  /** How the phases' limits were estimated, for the progress line. */
  static String extrapolation(java.util.Map<String, Object> d, EpSettings ep) {
    Object used = d.get("ep_rre_used");
    if (used == null) {
      return "";
    }
    if (Boolean.TRUE.equals(used)) {
      return ", limits extrapolated from the last " + ep.rreTerms() + " iterates";
    }
    return String.format(java.util.Locale.ROOT, ", not extrapolated (the combination leaves %.2f of the last step,"
        + " above value.ep-rre-max-residual=%s: the phases are not near their limits)%s",
        (Double) d.get("ep_rre_residual_ratio"), ep.rreMaxResidual(),
        ((Integer) d.get("ep_sweeps_run")) > ep.sweeps() ? "; continued to " + d.get("ep_sweeps_run") + " sweeps" : "");
  }
}
