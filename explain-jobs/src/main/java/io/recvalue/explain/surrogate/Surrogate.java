package io.recvalue.explain.surrogate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted surrogate: the tree ensemble and how faithfully it predicts the target it was fitted to.
 *
 * @param model the ensemble, evaluated in plain Java
 * @param settings how it was fitted
 * @param featureNames names of its inputs
 * @param heldout R², Spearman correlation and top-decile precision on the held-out rows
 * @param train the same on the rows it was fitted on
 */
public record Surrogate(TreeEnsemble model, SurrogateSettings settings, List<String> featureNames,
    SurrogateFidelity heldout, SurrogateFidelity train) {

  public double r2Heldout() {
    return heldout.r2();
  }

  public double r2Train() {
    return train.r2();
  }

  /** The manifest entries of the fit. */
  public Map<String, Object> diagnostics() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("surrogate", settings.kind().id());
    d.put("surrogate_trees", settings.trees());
    d.put("surrogate_max_depth", settings.maxDepth());
    d.put("surrogate_nodes", model.nodes());
    d.putAll(heldout.entries("heldout"));
    d.put("surrogate_r2_train", train.entries("train").get("surrogate_r2_train"));
    d.put("surrogate_train_rows", train.rows());
    d.put("surrogate_heldout_rows", heldout.rows());
    d.put("features", featureNames);
    return d;
  }
}
