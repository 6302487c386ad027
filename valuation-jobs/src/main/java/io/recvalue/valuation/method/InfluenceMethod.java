package io.recvalue.valuation.method;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.valuation.spark.InfluenceSettings;
import io.recvalue.valuation.spark.InfluenceValuation;
import io.recvalue.valuation.spark.ValuationResult;
import java.util.Locale;

/**
 * {@code influence}: {@code value_j = sᵀ∇ℓ_j} with {@code s = H⁻¹∇L_V} solved by block-diagonally
 * preconditioned CG on Spark ({@link InfluenceValuation}); {@code blockdiag}: the same with
 * {@code s = M⁻¹∇L_V}, no CG.
 */
final class InfluenceMethod implements ValuationMethod {
  private final boolean blockDiagonal;

  InfluenceMethod(boolean blockDiagonal) {
    this.blockDiagonal = blockDiagonal;
  }

  @Override
  public String id() {
    return blockDiagonal ? InfluenceSettings.BLOCKDIAG_ID : InfluenceSettings.INFLUENCE_ID;
  }

  @Override
  public String description() {
    return blockDiagonal
        ? "influence with the block-diagonal Hessian (no CG): fast and coarse"
        : "influence functions: s = H^-1 grad L_V by conjugate gradient, value = s . grad loss_j";
  }

  @Override
  public void validate(RecvalueConfig config) {
    ValuationSettings.influence(config, 1);
  }

  @Override
  public ValuationResult value(ValuationContext c) {
    InfluenceSettings s = ValuationSettings.influence(c.config(), c.parallelism()).withBlockDiagonal(blockDiagonal);
    ValuationResult r = new InfluenceValuation(c.spark(), s, new ValueProgressLines(c.progress(),
        s.cg().maxIterations(), s.cg().relativeTolerance(), 0)).run(c.train(), c.validation(),
        c.model().userFactors(), c.model().itemFactors());
    c.progress().line("%s", summary(r));
    return r;
  }

  static String summary(ValuationResult r) {
    return String.format(Locale.ROOT, "%s: %s CG iterations, %.1f s", r.diagnostics().get("method"),
        r.diagnostics().get("cg_iterations"), (Double) r.diagnostics().get("seconds_total"));
  }
}
