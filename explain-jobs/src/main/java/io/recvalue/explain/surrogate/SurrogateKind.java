package io.recvalue.explain.surrogate;

import java.util.Locale;

/** The surrogate regressor: Spark MLlib's gradient-boosted trees (default) or random forest. */
public enum SurrogateKind {
  GBT("gbt"),
  RANDOM_FOREST("random-forest");

  private final String id;

  SurrogateKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static SurrogateKind parse(String key, String value) {
    for (SurrogateKind k : values()) {
      if (k.id.equals(value.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException(key + "=" + value + " is not one of gbt, random-forest");
  }
}
