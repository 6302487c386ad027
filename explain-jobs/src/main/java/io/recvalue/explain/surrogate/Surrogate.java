package io.recvalue.explain.surrogate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted surrogate: the tree ensemble and how well it predicts the values it explains.
 *
 * @param model the ensemble, evaluated in plain Java
 * @param settings how it was fitted
 * @param featureNames names of its inputs
 * @param r2Heldout {@code 1 − Σ(y − ŷ)² / Σ(y − ȳ)²} on the held-out rows ({@code ȳ} their mean);
 *     NaN when fewer than two held-out rows
 * @param r2Train the same on the training rows
 * @param trainRows rows it was fitted on
 * @param heldoutRows rows held out
 */
public record Surrogate(TreeEnsemble model, SurrogateSettings settings, List<String> featureNames,
    double r2Heldout, double r2Train, long trainRows, long heldoutRows) {

  /** The manifest entries of the fit. */
  public Map<String, Object> diagnostics() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("surrogate", settings.kind().id());
    d.put("surrogate_trees", settings.trees());
    d.put("surrogate_max_depth", settings.maxDepth());
    d.put("surrogate_nodes", model.nodes());
    d.put("surrogate_r2_heldout", Double.isNaN(r2Heldout) ? null : r2Heldout);
    d.put("surrogate_r2_train", Double.isNaN(r2Train) ? null : r2Train);
    d.put("surrogate_train_rows", trainRows);
    d.put("surrogate_heldout_rows", heldoutRows);
    d.put("features", featureNames);
    return d;
  }
}
