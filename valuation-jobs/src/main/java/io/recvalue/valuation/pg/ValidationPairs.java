package io.recvalue.valuation.pg;

import io.recvalue.core.seed.Seeds;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * The validation pairs of a quadratic validation loss ({@code user, item, target}), split once into
 * the reward split, which the policy is trained on, and a held-out split it never sees (which stops
 * the search): pair {@code (u, i)} is held out when a seeded uniform of the pair falls below the
 * held-out fraction, whatever the partitioning. Each split's loss is its own mean, so a pair's weight
 * is one over its split's size.
 */
public final class ValidationPairs implements Serializable {
  private static final long serialVersionUID = 1L;
  private final transient JavaRDD<double[]> pairs;
  private final long rewardPairs;
  private final long heldoutPairs;

  private ValidationPairs(JavaRDD<double[]> pairs, long rewardPairs, long heldoutPairs) {
    this.pairs = pairs;
    this.rewardPairs = rewardPairs;
    this.heldoutPairs = heldoutPairs;
  }

  /**
   * @param targets {@code {user, item, target}} rows
   * @return rows {@code {user, item, target, weight, heldout (1 or 0)}}, cached
   */
  public static ValidationPairs split(JavaRDD<double[]> targets, double heldoutFraction, long seed) {
    long splitSeed = Seeds.derive(seed, "value.pg.heldout");
    JavaRDD<double[]> flagged = targets.map(t -> new double[] {t[0], t[1], t[2], 0,
        heldout(splitSeed, (int) t[0], (int) t[1], heldoutFraction) ? 1 : 0});
    flagged.persist(StorageLevel.MEMORY_AND_DISK());
    long held = flagged.filter(t -> t[4] == 1).count();
    long total = flagged.count();
    long reward = total - held;
    if (reward == 0 || held == 0) {
      flagged.unpersist(false);
      throw new IllegalArgumentException("value.pg-heldout-fraction=" + heldoutFraction + " leaves "
          + reward + " validation pairs for the reward and " + held + " held out; both need at least one"
          + " (the validation split has " + total + " pairs)");
    }
    double wr = 1.0 / reward;
    double wh = 1.0 / held;
    JavaRDD<double[]> weighted = flagged.map(t -> new double[] {t[0], t[1], t[2], t[4] == 1 ? wh : wr, t[4]});
    weighted.setName("value.pg.validation").persist(StorageLevel.MEMORY_AND_DISK()).count();
    flagged.unpersist(false);
    return new ValidationPairs(weighted, reward, held);
  }

  static boolean heldout(long splitSeed, int user, int item, double fraction) {
    return (Seeds.mix(splitSeed + EpisodeMasks.pairKey(user, item)) >>> 11) * 0x1.0p-53 < fraction;
  }

  /** {@code {user, item, target, weight, heldout}}, cached. */
  public JavaRDD<double[]> pairs() {
    return pairs;
  }

  public long rewardPairs() {
    return rewardPairs;
  }

  public long heldoutPairs() {
    return heldoutPairs;
  }

  public void unpersist() {
    pairs.unpersist(false);
  }
}
