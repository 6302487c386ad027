package io.recvalue.valuation.loo;

import io.recvalue.valuation.method.ValuationMethod;
import java.util.List;

/**
 * Settings of a leave-one-out check ({@link LeaveOneOut}), validated when built.
 *
 * @param sample interactions retrained without, {@code ≥ 2}: half drawn at random, half with the
 *     largest {@code |value|} of the first method
 * @param tolerance {@code θ*} and every retrain stop when {@code max|Δθ| / max|θ| ≤ tolerance} over one
 *     sweep or step
 * @param maxSweeps sweep (or Newton step) cap of {@code θ*} and of every retrain
 * @param methods the value methods compared (the first ranks the sample and the groups)
 * @param groupFractions sizes of the removed groups as fractions of the training set
 * @param maxInteractions largest training set the check accepts (it is held whole by every executor)
 * @param seed root seed of the random half and the random groups
 * @param solver how {@code θ*} and every retrain are converged
 */
public record LooSettings(int sample, double tolerance, int maxSweeps, List<ValuationMethod> methods,
    List<Double> groupFractions, long maxInteractions, long seed, LooSolver solver) {
  public LooSettings {
    require(sample >= 2, "verify-loo.sample", sample, "must be >= 2");
    require(tolerance > 0 && tolerance < 1, "verify-loo.tol", tolerance, "must be in (0, 1)");
    require(maxSweeps >= 1, "verify-loo.max-sweeps", maxSweeps, "must be >= 1");
    require(methods != null && !methods.isEmpty(), "verify-loo.methods", methods, "must name at least one method");
    for (ValuationMethod m : methods) {
      require(!m.discrete(), "verify-loo.methods", m.id(),
          "gives keep/drop decisions, not a predicted change of the validation loss");
    }
    for (double f : groupFractions) {
      require(f > 0 && f < 1, "verify-loo.group-fractions", groupFractions, "must be fractions in (0, 1)");
    }
    require(maxInteractions >= 1, "verify-loo.max-interactions", maxInteractions, "must be >= 1");
    require(solver != null, "verify-loo.solver", solver, "must be newton or als");
    methods = List.copyOf(methods);
    groupFractions = List.copyOf(groupFractions);
  }

  private static void require(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("invalid " + key + ": " + value + " (" + rule + ")");
    }
  }
}
