package io.recvalue.explain.groups;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.seed.Seeds;

/**
 * The group game's settings, from {@code explain.groups*} (and {@code run.seed}).
 *
 * @param enabled whether the explain stage plays the group game
 * @param by how interactions are grouped ({@link DataGroups})
 * @param count most groups (players)
 * @param downWeight {@code ρ}: a group outside a coalition keeps {@code 1 − ρ} of its weight
 * @param sweeps warm-started ALS sweeps per re-solve
 * @param fitCoalitions re-solves the learnt surrogate is fitted on
 * @param heldoutCoalitions re-solves it is judged on, when coalitions are sampled
 * @param enumerateUpTo every coalition is re-solved (exact Shapley values) when {@code 2^count} is at most this
 * @param ridge the surrogate's ridge ({@link PairwiseSurrogate})
 * @param broadcastMb budget of one side's broadcast factors per batch of re-solves, MiB
 * @param minLds below this linear datamodeling score the explanation carries a warning
 * @param seed seed of the coalitions
 */
public record GroupSettings(boolean enabled, String by, int count, double downWeight, int sweeps, int fitCoalitions,
    int heldoutCoalitions, int enumerateUpTo, double ridge, int broadcastMb, double minLds, long seed) {

  public static GroupSettings from(RecvalueConfig c) {
    return new GroupSettings(c.getBoolean("explain.groups"), c.getString("explain.groups.by"),
        c.getInt("explain.groups.count"), c.getDouble("explain.groups.down-weight"),
        c.getInt("explain.groups.sweeps"), c.getInt("explain.groups.fit-coalitions"),
        c.getInt("explain.groups.heldout-coalitions"), c.getInt("explain.groups.enumerate-up-to"),
        c.getDouble("explain.groups.ridge"), c.getInt("explain.groups.broadcast-mb"),
        c.getDouble("explain.groups.min-lds"), Seeds.derive(c.getLong("run.seed"), "explain.groups"));
  }
}
