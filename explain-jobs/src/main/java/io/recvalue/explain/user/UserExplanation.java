package io.recvalue.explain.user;

import java.io.Serializable;

/**
 * One recommendation explained by the user's events (event {@code e} of {@link UserHistory}, newest
 * first).
 *
 * @param history the user's events
 * @param item the recommended item {@code i*}
 * @param rank its position in the user's list under the fold-in of every event
 * @param score {@code v(F) = y_{i*}·x_u(F)}
 * @param trainedScore {@code y_{i*}·x_u} with the trained factor (NaN when the user has none)
 * @param foldInGap {@code ‖x_u(F) − x_u‖ / ‖x_u‖}: 0 at a converged model (NaN without a trained factor)
 * @param player the Shapley player of each event (events of the grouped older history share one)
 * @param grouped whether each event belongs to the grouped player
 * @param phi the attribution of each event (NaN for grouped events)
 * @param se its standard error (0 when exact; NaN for grouped events)
 * @param phiGrouped the grouped player's attribution (NaN when nothing was grouped)
 * @param hkv Hu–Koren–Volinsky's split of the score per event
 * @param leaveOneOut {@code v(F) − v(F∖{e})} per event
 * @param cosine {@code cos(y_e, y_{i*})} per event
 * @param players players of the game
 * @param exact whether the values were enumerated (else sampled)
 * @param permutations permutations sampled (0 when exact)
 * @param maxSeOverRange max SE / range of the players' values (0 when exact)
 * @param converged whether the stopping rule's tolerance was reached (always when exact)
 * @param efficiencyError {@code |Σ φ − v(F)|}
 * @param counterfactual the smallest set of events found whose removal drops the item out of the top N
 * @param secondsShapley wall time of the attributions (with the pruning split, HKV and leave-one-out)
 * @param secondsCounterfactual wall time of the counterfactual search
 */
public record UserExplanation(UserHistory history, int item, int rank, double score, double trainedScore,
    double foldInGap, int[] player, boolean[] grouped, double[] phi, double[] se, double phiGrouped, double[] hkv,
    double[] leaveOneOut, double[] cosine, int players, boolean exact, int permutations, double maxSeOverRange,
    boolean converged, double efficiencyError, Counterfactual.Result counterfactual, double secondsShapley,
    double secondsCounterfactual) implements Serializable {

  /** The events of the counterfactual set, as a membership flag per event. */
  public boolean[] inCounterfactual() {
    boolean[] in = new boolean[history.size()];
    for (int e : counterfactual.removed()) {
      in[e] = true;
    }
    return in;
  }
}
