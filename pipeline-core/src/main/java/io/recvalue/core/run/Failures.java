package io.recvalue.core.run;

/** What a failure is, read off it and its causes: Spark reports an executor's error in a message, not as an object. */
final class Failures {
  private Failures() {}

  /**
   * Whether {@code e} or one of its causes is an instance of one of {@code kinds}, or has a message containing one
   * of {@code signs}.
   */
  static boolean matches(Throwable e, String[] signs, Class<?>... kinds) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<?> kind : kinds) {
        if (kind.isInstance(t)) {
          return true;
        }
      }
      String m = t.getMessage();
      if (m != null) {
        for (String sign : signs) {
          if (m.contains(sign)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
