package io.recvalue.explain.jobs;

/**
 * Where the explain stage writes, under {@code <output>/explain/} (the stage's name), replaced as a
 * whole when the stage succeeds: per explained level the tables of {@link ExplainSchemas} and the
 * importance table as an Arrow IPC file.
 *
 * <pre>
 *   explain/item_attributions                per item and feature: phi, se, feature value
 *   explain/items                            per item: value, surrogate prediction, base value, convergence
 *   explain/feature_importance(.arrow)       mean |phi| per feature over the items
 *   explain/interaction_attributions         the same per interaction (explain.interactions=true)
 *   explain/interactions
 *   explain/interaction_feature_importance(.arrow)
 * </pre>
 */
public final class ExplainLayout {
  public static final String DIR = "explain";
  public static final Level ITEM = new Level("item_attributions", "items", "feature_importance");
  public static final Level INTERACTION =
      new Level("interaction_attributions", "interactions", "interaction_feature_importance");

  private ExplainLayout() {}

  /** {@code explain/<entry>}: an entry's path relative to the run folder. */
  public static String relative(String entry) {
    return DIR + "/" + entry;
  }

  /**
   * The entries of one level in the stage folder.
   *
   * @param attributions one row per explained row and feature
   * @param rows one row per explained row
   * @param importance one row per feature; also written as {@code <importance>.arrow}
   */
  public record Level(String attributions, String rows, String importance) {
    public static Level of(String level) {
      return level.equals("item") ? ITEM : INTERACTION;
    }

    public String importanceArrow() {
      return importance + ".arrow";
    }
  }
}
