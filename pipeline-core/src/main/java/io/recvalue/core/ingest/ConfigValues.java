package io.recvalue.core.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parsing of the enumerated settings from their config spelling ({@code "iso-8601"}, {@code "latest"}). */
final class ConfigValues {
  private ConfigValues() {}

  /** The config spelling of a constant: lower case, underscores as hyphens. */
  static String spelling(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The constant whose spelling matches {@code text} (case-insensitive; {@code _} and {@code -} are the
   * same).
   *
   * @throws IllegalArgumentException naming the setting, the bad value and the valid ones
   */
  static <E extends Enum<E>> E parse(Class<E> type, String setting, String text) {
    if (text != null) {
      String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (E e : type.getEnumConstants()) {
        if (spelling(e).equals(wanted)) {
          return e;
        }
      }
    }
    String valid =
        Arrays.stream(type.getEnumConstants()).map(ConfigValues::spelling).collect(Collectors.joining("|"));
    throw new IllegalArgumentException(setting + "='" + text + "' is not one of " + valid);
  }
}
