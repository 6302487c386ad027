package io.recvalue.valuation.loo;

/**
 * Where the {@code verify-loo} stage writes, under {@code <output>/verify-loo/} (the stage's name),
 * replaced as a whole when the stage succeeds: the Parquet tables of {@link LooSchemas}.
 *
 * <pre>
 *   verify-loo/interactions   one row per left-out interaction and method, with the original ids
 *   verify-loo/groups         one row per removed group and method
 *   verify-loo/summary        the correlations per method
 * </pre>
 */
public final class LooLayout {
  public static final String DIR = "verify-loo";
  public static final String INTERACTIONS = "interactions";
  public static final String GROUPS = "groups";
  public static final String SUMMARY = "summary";

  private LooLayout() {}
}
