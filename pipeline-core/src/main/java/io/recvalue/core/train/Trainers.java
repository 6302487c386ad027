package io.recvalue.core.train;

import io.recvalue.core.als.AlsParams;
import java.util.List;

/** The trainers by id. */
public final class Trainers {
  /** The ids, for configuration checks and messages. */
  public static final List<String> IDS = List.of(WeightedAlsTrainer.ID, MllibAlsTrainer.ID);

  private Trainers() {}

  /**
   * The trainer {@code id} with the ALS settings {@code params}; an unknown id fails naming
   * {@code key}, the value and the known ids.
   */
  public static Trainer of(String key, String id, AlsParams params) {
    return switch (id.trim()) {
      case WeightedAlsTrainer.ID -> new WeightedAlsTrainer(params);
      case MllibAlsTrainer.ID -> new MllibAlsTrainer(params);
      default -> throw new IllegalArgumentException(key + " must be one of " + String.join(", ", IDS)
          + "; got '" + id + "'");
    };
  }
}
