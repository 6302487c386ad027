package io.recvalue.valuation.method;

import io.recvalue.valuation.pg.PgMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of valuation methods, keyed by id. Every caller looks a method up here; nothing else
 * names the methods.
 */
public final class ValuationMethods {
  private static final Map<String, ValuationMethod> METHODS = new LinkedHashMap<>();

  static {
    register(new InfluenceMethod(false));
    register(new InfluenceMethod(true));
    register(new EpMethod());
    register(new PgMethod());
    register(new ResidualMethod());
  }

  private ValuationMethods() {}

  private static void register(ValuationMethod m) {
    if (METHODS.put(m.id(), m) != null) {
      throw new IllegalStateException("two valuation methods share the id " + m.id());
    }
  }

  /** Every method, in registration order. */
  public static List<ValuationMethod> all() {
    return List.copyOf(METHODS.values());
  }

  /** The ids of every method, in registration order. */
  public static List<String> ids() {
    return List.copyOf(METHODS.keySet());
  }

  /**
   * The method with this id (case and surrounding blanks ignored); an unknown id fails with a message
   * that names {@code key}, the value and the known ids.
   */
  public static ValuationMethod get(String key, String id) {
    ValuationMethod m = id == null ? null : METHODS.get(id.trim().toLowerCase(Locale.ROOT));
    if (m == null) {
      throw new IllegalArgumentException(key + " must be one of " + String.join(", ", ids()) + "; got '"
          + id + "'");
    }
    return m;
  }

  /**
   * A comma-separated list of ids ({@code all}: every method), each checked as by {@link #get};
   * blank entries are skipped, an empty list fails naming {@code key}.
   */
  public static List<ValuationMethod> list(String key, String spec) {
    if (spec.trim().equalsIgnoreCase("all")) {
      return all();
    }
    List<ValuationMethod> out = new ArrayList<>();
    for (String id : spec.split(",")) {
      if (!id.isBlank()) {
        ValuationMethod m = get(key, id);
        if (!out.contains(m)) {
          out.add(m);
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(key + " names no method; known: " + String.join(", ", ids()));
    }
    return out;
  }
}
