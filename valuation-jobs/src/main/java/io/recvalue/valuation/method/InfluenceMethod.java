package io.recvalue.valuation.method;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.valuation.spark.InfluenceSettings;
import io.recvalue.valuation.spark.InfluenceValuation;
import io.recvalue.valuation.spark.ValidationSegments;
import io.recvalue.valuation.spark.ValuationResult;
import io.recvalue.valuation.spark.ThetaPolish;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
    ThetaPolish.Settings polishSettings = ValuationSettings.polish(c.config());
    if (blockDiagonal || polishSettings.maxSteps() == 0) {
      return run(c, s, c.model().userFactors(), c.model().itemFactors(), null, Map.of());
    }
    ThetaPolish.Result polished = new ThetaPolish(c.spark(), s.loss(), polishSettings, c.parallelism(),
        line -> c.progress().line("%s", line)).polish(c.train(), c.model().userFactors(), c.model().itemFactors());
    Map<String, Object> d = new LinkedHashMap<>(polished.diagnostics());
    boolean converged = Boolean.TRUE.equals(d.get("polish_converged"));
    c.progress().line("polish: %s in %s Newton steps, |grad F| at %.1e of the trained model's, factors moved %.2e"
        + " (relative)", converged ? "converged" : "did not converge", d.get("polish_steps"),
        (Double) d.get("polish_relative_gradient"), (Double) d.get("polish_relative_move"));
    if (!converged && ValuationSettings.curvatureFollowsPolish(c.config())) {
      s = s.withHessian(true, s.damping());
      d.put("polish_warning", "the polish did not reach value.polish-tol, so the values use the Gauss-Newton matrix"
          + " (value.gauss-newton=auto); raise value.polish-steps or train longer for exact-Hessian values");
      c.progress().line("%s", d.get("polish_warning"));
    }
    ValuationResult r = run(c, s, polished.userFactors(), polished.itemFactors(), polished.objective(), d);
    return new ValuationResult(r.values(), r.direction(), r.diagnostics(), () -> {
      r.release();
      polished.release().run();
    }, r.tables());
  }

  /** {@code at}: the objective the polish left at these factors (null: none), reused for the solve. */
  private ValuationResult run(ValuationContext c, InfluenceSettings s, Dataset<Row> users, Dataset<Row> items,
      io.recvalue.valuation.spark.DistributedObjective at, Map<String, Object> polish) {
    ValuationResult r = new InfluenceValuation(c.spark(), s, new ValueProgressLines(c.progress(),
        s.cg().maxIterations(), s.cg().relativeTolerance(), 0), ValidationSegments.from(c.config()))
        .run(c.train(), c.validation(), users, items, at);
    r.diagnostics().putAll(polish);
    if (!polish.isEmpty()) {
      r.diagnostics().put("seconds_total", (Double) r.diagnostics().get("seconds_total")
          + (Double) polish.get("seconds_polish"));
    }
    c.progress().line("%s", summary(r));
    return r;
  }

  static String summary(ValuationResult r) {
    return String.format(Locale.ROOT, "%s: %s CG iterations, %.1f s", r.diagnostics().get("method"),
        r.diagnostics().get("cg_iterations"), (Double) r.diagnostics().get("seconds_total"));
  }
}
