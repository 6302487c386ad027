package io.recvalue.core.run;

/** The version of recvalue in use, read from the jar's manifest (or "dev" when run from classes). */
public final class RecvalueVersion {
  private RecvalueVersion() {}

  public static String get() {
    String v = RecvalueVersion.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}
