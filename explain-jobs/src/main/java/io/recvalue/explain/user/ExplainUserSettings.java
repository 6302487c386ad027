package io.recvalue.explain.user;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.explain.features.ItemMetadata;
import io.recvalue.explain.shapley.StoppingRule;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code explain-user} stage's settings, from {@code explain-user.*}, the item metadata of
 * {@code explain.*} and {@code run.seed}.
 *
 * @param users user ids named (empty: {@code usersFile}, else a sample)
 * @param usersFile a file of user ids, or empty
 * @param sample users sampled when none are named
 * @param item the item id explained for every user, or empty for their top recommendations
 * @param top how many top recommendations are explained per user
 * @param estimation how each recommendation is explained
 * @param metadata item metadata (titles, genres), path not yet resolved against the input folder
 */
public record ExplainUserSettings(List<String> users, Optional<String> usersFile, int sample, Optional<String> item,
    int top, EstimationSettings estimation, Optional<ItemMetadata> metadata) {

  public ExplainUserSettings {
    if (!users.isEmpty() && usersFile.isPresent()) {
      throw new IllegalArgumentException("explain-user.users (--user) and explain-user.users-file (--users) both name"
          + " users; give one");
    }
    if (top > estimation.listSize()) {
      throw new IllegalArgumentException("explain-user.top = " + top + " explains items outside the top "
          + estimation.listSize() + " (explain-user.list-size); raise the list size or lower --top");
    }
  }

  public static ExplainUserSettings from(RecvalueConfig c) {
    List<String> users = Arrays.stream(c.getString("explain-user.users").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).distinct().collect(Collectors.toList());
    EstimationSettings estimation = new EstimationSettings(c.getInt("explain-user.max-exact-events"),
        new StoppingRule(c.getDouble("explain-user.tolerance"), c.getInt("explain-user.max-permutations")),
        c.getDouble("explain-user.pruning-tolerance"), c.getInt("explain-user.list-size"),
        c.getInt("explain-user.counterfactual-budget"), c.getInt("explain-user.counterfactual-max-events"),
        c.getLong("run.seed"));
    return new ExplainUserSettings(users, c.getOptionalString("explain-user.users-file"),
        c.getInt("explain-user.sample"), c.getOptionalString("explain-user.item"), c.getInt("explain-user.top"),
        estimation, ItemMetadata.fromConfig(c));
  }

  /** Whether users are chosen by the seeded sample (none named). */
  public boolean sampled() {
    return users.isEmpty() && usersFile.isEmpty();
  }
}
