package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value line of the end-of-run summary speaks each method's own diagnostics, never "null". */
class SummaryTest {
  @Test
  void eachMethodIsSummarisedByWhatItRan() {
    assertEquals("influence: 27 CG iterations (converged true, relative residual 7.10e-07, Gauss-Newton), 3.5 s",
        Summary.valueMethodLine(Map.of("method", "influence", "cg_iterations", 27, "cg_converged", true,
            "cg_true_relative_residual", 7.1e-7, "gauss_newton", true, "seconds_total", 3.5)));
    assertEquals("influence: 40 CG iterations (converged true, relative residual 9.00e-07, exact Hessian) after 5 Newton"
        + " steps to the minimiser (converged, |grad F| at 3.0e-07 of the trained model's), 114.1 s",
        Summary.valueMethodLine(Map.of("method", "influence", "cg_iterations", 40, "cg_converged", true,
            "cg_true_relative_residual", 9e-7, "gauss_newton", false, "polish_steps", 5, "polish_converged", true,
            "polish_relative_gradient", 3e-7, "seconds_total", 114.1)));
    assertEquals("ep: beta 0.01, 8 sweeps per nudged phase, 2.0 s",
        Summary.valueMethodLine(Map.of("method", "ep", "ep_beta", 0.01, "ep_sweeps", 8, "seconds_total", 2.0)));
    assertEquals("ep: beta 0.1, 8 sweeps per nudged phase, limits extrapolated from the last 4 iterates, 5.4 s",
        Summary.valueMethodLine(Map.of("method", "ep", "ep_beta", 0.1, "ep_sweeps", 8,
            "ep_rre_coefficients", List.of(-0.2, 0.1, 0.4, 0.7), "ep_rre_used", true, "seconds_total", 5.4)));
    assertEquals("ep: beta 0.1, 8 sweeps per nudged phase, not extrapolated (residual 0.79), 20 sweeps run, 5.4 s",
        Summary.valueMethodLine(Map.of("method", "ep", "ep_beta", 0.1, "ep_sweeps", 8, "ep_rre_residual_ratio", 0.79,
            "ep_rre_coefficients", List.of(-0.2, 0.1, 0.4, 0.7), "ep_rre_used", false, "ep_sweeps_run", 20,
            "seconds_total", 5.4)));
    Map<String, Object> pg = new LinkedHashMap<>(Map.of("method", "pg", "pg_iterations", 12, "pg_episodes", 96,
        "pg_best_iteration", 9, "pg_stopped_early", true, "pg_best_heldout_reward", -0.8123,
        "pg_all_kept_heldout_reward", -0.8201, "seconds_total", 61.25));
    assertEquals("pg: 12 iterations, 96 episodes, best at iteration 9 (stopped early); held-out reward -0.8123"
        + " (keeping everything -0.8201), 61.3 s", Summary.valueMethodLine(pg));
    assertEquals("residual: 0.4 s", Summary.valueMethodLine(Map.of("method", "residual", "seconds_total", 0.4)));
  }
}
