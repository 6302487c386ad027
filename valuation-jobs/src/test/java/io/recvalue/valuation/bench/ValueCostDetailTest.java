package io.recvalue.valuation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark table's detail column: what each method reports of itself, and its steps' times. */
class ValueCostDetailTest {

  @Test
  void epSaysWhetherItsExtrapolationWasUsedAndHowManySweepsRan() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("ep_beta", 0.1);
    d.put("ep_sweeps", 8);
    d.put("ep_rre_residual_ratio", 0.2223);
    d.put("ep_rre_used", true);
    d.put("ep_sweeps_run", 8);
    d.put("seconds_phase_plus", 1.84);
    d.put("seconds_total", 5.0);
    assertEquals("beta 0.1, 8 sweeps per phase; extrapolation used (residual ratio 0.22), 8 sweeps run;"
        + " phase_plus 1.8 s", ValueCostBenchmark.detail(d));
    d.put("ep_rre_residual_ratio", 0.85);
    d.put("ep_rre_used", false);
    d.put("ep_sweeps_run", 20);
    assertEquals("beta 0.1, 8 sweeps per phase; extrapolation refused (residual ratio 0.85), 20 sweeps run;"
        + " phase_plus 1.8 s", ValueCostBenchmark.detail(d));
  }

  @Test
  void epWithoutExtrapolationAndInfluenceSayWhatTheyRan() {
    Map<String, Object> ep = new LinkedHashMap<>();
    ep.put("ep_beta", 0.1);
    ep.put("ep_sweeps", 20);
    ep.put("seconds_values", 0.44);
    assertEquals("beta 0.1, 20 sweeps per phase; values 0.4 s", ValueCostBenchmark.detail(ep));
    Map<String, Object> influence = new LinkedHashMap<>();
    influence.put("cg_iterations", 0);
    assertEquals("no CG", ValueCostBenchmark.detail(influence));
  }
}
