package io.recvalue.core.als;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * What {@link WeightedAls#fit} did, one record per sweep.
 *
 * @param iterations the sweeps, in order
 * @param converged whether it stopped on {@code tol} rather than {@code maxIter}
 */
public record TrainingHistory(List<Iteration> iterations, boolean converged) implements Serializable {

  public TrainingHistory {
    iterations = List.copyOf(iterations);
  }

  /**
   * One sweep.
   *
   * @param iteration 1-based sweep number
   * @param objective {@code F} after the sweep (docs/methods.md §1); NaN for a sweep {@link WeightedAls}
   *     left lazy (a fixed number of explicit sweeps evaluates only checkpoint sweeps and the last two)
   * @param relativeChange {@code |F_prev − F| / |F_prev|}; NaN on the first sweep
   * @param validationLoss validation loss after the sweep; NaN without validation data
   * @param seconds wall-clock seconds of the sweep, objective and validation loss included
   */
  public record Iteration(int iteration, double objective, double relativeChange, double validationLoss, double seconds)
      implements Serializable {

    /**
     * One line for a person watching a fit: {@code objective 1.234568e+04, relative change 2.100e-03,
     * validation loss 0.812300, 1.2 s}; the relative change and validation loss are left out when NaN,
     * and a sweep left lazy reads {@code objective not evaluated (lazy sweep), 0.0 s}.
     */
    public String describe() {
      StringBuilder sb = new StringBuilder(Double.isNaN(objective) ? "objective not evaluated (lazy sweep)"
          : String.format(Locale.ROOT, "objective %.6e", objective));
      if (!Double.isNaN(relativeChange)) {
        sb.append(String.format(Locale.ROOT, ", relative change %.3e", relativeChange));
      }
      if (!Double.isNaN(validationLoss)) {
        sb.append(String.format(Locale.ROOT, ", validation loss %.6f", validationLoss));
      }
      return sb.append(String.format(Locale.ROOT, ", %.1f s", seconds)).toString();
    }
  }

  /** The last sweep's objective. */
  public double finalObjective() {
    return iterations.isEmpty() ? Double.NaN : iterations.get(iterations.size() - 1).objective();
  }

  public static TrainingHistory empty() {
    return new TrainingHistory(List.of(), false);
  }
}
