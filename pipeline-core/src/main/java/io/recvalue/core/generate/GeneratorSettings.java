package io.recvalue.core.generate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link SyntheticLog} generates, validated when built (a bad value fails naming the option).
 *
 * @param interactions rows of the log, ≥ 1
 * @param users users, ≥ 1
 * @param items items, ≥ 2
 * @param rank dimension of the planted preferences, ≥ 1
 * @param noise fraction of rows that are planted noise, in [0, 1)
 * @param implicit implicit (visits, no rating column) or explicit (integer ratings 1..5)
 * @param format {@code csv} or {@code parquet}
 * @param seed root seed; the log is a pure function of the settings other than {@code partitions}
 * @param partitions Spark partitions (= output files), 0 for automatic; does not change the rows
 * @param blockRows rows per generation block: each block draws from its own seed
 * @param itemExponent power-law exponent of item popularity
 * @param userExponent power-law exponent of user activity
 * @param preference strength {@code β} of the planted preference (see {@link SyntheticLog})
 */
public record GeneratorSettings(long interactions, int users, int items, int rank, double noise,
    boolean implicit, String format, long seed, int partitions, int blockRows, double itemExponent,
    double userExponent, double preference) implements java.io.Serializable {
  public static final int RATING_MIN = 1;
  public static final int RATING_MAX = 5;
  /** Timestamps run over one year from this instant (2020-01-01T00:00:00Z). */
  public static final long START_EPOCH_SECONDS = 1_577_836_800L;
  public static final long SPAN_SECONDS = 365L * 24 * 3600;

  public GeneratorSettings {
    require(interactions >= 1, "--interactions", interactions, "must be >= 1");
    require(users >= 1, "--users", users, "must be >= 1");
    require(items >= 2, "--items", items, "must be >= 2");
    require(rank >= 1 && rank <= 1000, "--rank", rank, "must be in 1..1000");
    require(noise >= 0 && noise < 1, "--noise", noise, "must be in [0, 1)");
    format = format == null ? "" : format.toLowerCase(Locale.ROOT);
    require(format.equals("csv") || format.equals("parquet"), "--format", format,
        "must be csv or parquet");
    require(partitions >= 0, "--partitions", partitions, "must be >= 0 (0: automatic)");
    require(blockRows >= 1, "blockRows", blockRows, "must be >= 1");
    require(itemExponent >= 0 && itemExponent <= 5, "--item-exponent", itemExponent, "must be in [0, 5]");
    require(userExponent >= 0 && userExponent <= 5, "--user-exponent", userExponent, "must be in [0, 5]");
    require(preference >= 0 && preference <= 100, "preference", preference, "must be in [0, 100]");
  }

  /** Defaults for the rest: explicit, CSV, seed 42, automatic partitions, exponents 0.8 (items) and 0.5 (users). */
  public static GeneratorSettings of(long interactions, int users, int items, int rank, double noise) {
    return new GeneratorSettings(interactions, users, items, rank, noise, false, "csv", 42L, 0,
        100_000, 0.8, 0.5, 2.0);
  }

  public GeneratorSettings withFeedback(boolean isImplicit) {
    return new GeneratorSettings(interactions, users, items, rank, noise, isImplicit, format, seed,
        partitions, blockRows, itemExponent, userExponent, preference);
  }

  public GeneratorSettings withFormat(String f) {
    return new GeneratorSettings(interactions, users, items, rank, noise, implicit, f, seed,
        partitions, blockRows, itemExponent, userExponent, preference);
  }

  public GeneratorSettings withSeed(long s) {
    return new GeneratorSettings(interactions, users, items, rank, noise, implicit, format, s,
        partitions, blockRows, itemExponent, userExponent, preference);
  }

  public GeneratorSettings withPartitions(int p, int rowsPerBlock) {
    return new GeneratorSettings(interactions, users, items, rank, noise, implicit, format, seed, p,
        rowsPerBlock, itemExponent, userExponent, preference);
  }

  public GeneratorSettings withExponents(double items_, double users_) {
    return new GeneratorSettings(interactions, users, items, rank, noise, implicit, format, seed,
        partitions, blockRows, items_, users_, preference);
  }

  /** Number of generation blocks. */
  public long blocks() {
    return (interactions + blockRows - 1) / blockRows;
  }

  /** The resolved values, for the manifest. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("interactions", interactions);
    m.put("users", users);
    m.put("items", items);
    m.put("rank", rank);
    m.put("noise", noise);
    m.put("feedback", implicit ? "implicit" : "explicit");
    m.put("format", format);
    m.put("seed", seed);
    m.put("block_rows", blockRows);
    m.put("item_exponent", itemExponent);
    m.put("user_exponent", userExponent);
    m.put("preference", preference);
    return m;
  }

  private static void require(boolean ok, String option, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(option + " " + value + " " + rule);
    }
  }
}
