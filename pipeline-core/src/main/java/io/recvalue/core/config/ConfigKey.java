package io.recvalue.core.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its name, type, valid range and documentation.
 *
 * <p>Values arrive as strings (config files, {@code --set key=value}) and are parsed and checked
 * here, so that a bad value fails before Spark starts with a message naming the key, the value and
 * where it came from.
 *
 * @param name dotted key, {@code section.name}
 * @param type how the string is parsed
 * @param min smallest allowed value (numeric types), inclusive
 * @param max largest allowed value (numeric types), inclusive
 * @param choices allowed values ({@link Type#ENUM})
 * @param unit unit for the documentation ("" when none)
 * @param doc one-sentence meaning
 */
public record ConfigKey(
    String name, Type type, double min, double max, List<String> choices, String unit, String doc) {

  /** How a key's string value is parsed. */
  public enum Type {
    INT,
    LONG,
    DOUBLE,
    /** A double, or the empty string meaning "not set". */
    OPTIONAL_DOUBLE,
    BOOLEAN,
    STRING,
    ENUM,
    /** A calendar date {@code YYYY-MM-DD}, {@code today}, or the empty string (also today). */
    DATE
  }

  public static ConfigKey intKey(String name, long min, long max, String unit, String doc) {
    return new ConfigKey(name, Type.INT, min, max, List.of(), unit, doc);
  }

  public static ConfigKey longKey(String name, long min, long max, String unit, String doc) {
    return new ConfigKey(name, Type.LONG, min, max, List.of(), unit, doc);
  }

  public static ConfigKey doubleKey(String name, double min, double max, String unit, String doc) {
    return new ConfigKey(name, Type.DOUBLE, min, max, List.of(), unit, doc);
  }

  public static ConfigKey optionalDoubleKey(String name, String unit, String doc) {
    return new ConfigKey(
        name, Type.OPTIONAL_DOUBLE, -Double.MAX_VALUE, Double.MAX_VALUE, List.of(), unit, doc);
  }

  public static ConfigKey boolKey(String name, String doc) {
    return new ConfigKey(name, Type.BOOLEAN, 0, 0, List.of(), "", doc);
  }

  public static ConfigKey stringKey(String name, String doc) {
    return new ConfigKey(name, Type.STRING, 0, 0, List.of(), "", doc);
  }

  public static ConfigKey dateKey(String name, String doc) {
    return new ConfigKey(name, Type.DATE, 0, 0, List.of(), "", doc);
  }

  public static ConfigKey enumKey(String name, List<String> choices, String doc) {
    return new ConfigKey(name, Type.ENUM, 0, 0, List.copyOf(choices), "", doc);
  }

  /**
   * Parses and checks a raw value.
   *
   * @param raw the value as written
   * @param source where it was written ({@code conf/yarn.properties:12}, {@code --set}), for messages
   * @return the typed value: Integer, Long, Double (null for an empty optional), Boolean or String
   * @throws ConfigException naming the key, the value and the source
   */
  public Object parse(String raw, String source) {
    String v = raw.trim();
    try {
      switch (type) {
        case INT:
          return (int) checkRange(Long.parseLong(v), v, source);
        case LONG:
          return (long) checkRange(Long.parseLong(v), v, source);
        case DOUBLE:
          return checkRange(parseFiniteDouble(v), v, source);
        case OPTIONAL_DOUBLE:
          return v.isEmpty() ? null : checkRange(parseFiniteDouble(v), v, source);
        case BOOLEAN:
          return parseBoolean(v, source);
        case ENUM:
          String lower = v.toLowerCase(Locale.ROOT);
          if (!choices.contains(lower)) {
            throw new ConfigException(
                name, raw, source, "must be one of " + String.join(", ", choices));
          }
          return lower;
        case DATE:
          return parseDate(v, raw, source);
        default:
          return v;
      }
    } catch (NumberFormatException e) {
      throw new ConfigException(name, raw, source, "is not " + typeDescription());
    }
  }

  /** {@code today} and the empty string stay as they are (resolved when the run starts). */
  private String parseDate(String v, String raw, String source) {
    if (v.isEmpty() || v.equalsIgnoreCase("today")) {
      return v.toLowerCase(Locale.ROOT);
    }
    try {
      return java.time.LocalDate.parse(v).toString();
    } catch (java.time.format.DateTimeParseException e) {
      throw new ConfigException(name, raw, source, "is not " + typeDescription());
    }
  }

  /** A short description of what the key accepts, for messages and the documentation. */
  public String typeDescription() {
    switch (type) {
      case INT:
      case LONG:
        return "an integer";
      case DOUBLE:
        return "a number";
      case OPTIONAL_DOUBLE:
        return "a number (or empty for none)";
      case BOOLEAN:
        return "true or false";
      case ENUM:
        return "one of " + String.join(", ", choices);
      case DATE:
        return "a date YYYY-MM-DD, or today";
      default:
        return "a string";
    }
  }

  /** The valid range as documentation text ("" when unconstrained). */
  public String rangeDescription() {
    switch (type) {
      case INT:
      case LONG:
        if (min <= Long.MIN_VALUE && max >= Long.MAX_VALUE) {
          return "any integer";
        }
        return "[" + (long) min + ", " + (long) max + "]";
      case DOUBLE:
        return "[" + trim(min) + ", " + trim(max) + "]";
      case ENUM:
        return String.join(" \\| ", choices);
      case BOOLEAN:
        return "true \\| false";
      default:
        return "";
    }
  }

  private static String trim(double d) {
    if (d == Double.MAX_VALUE) {
      return "∞";
    }
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static double parseFiniteDouble(String v) {
    double d = Double.parseDouble(v);
    if (!Double.isFinite(d)) {
      throw new NumberFormatException(v);
    }
    return d;
  }

  private Object parseBoolean(String v, String source) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("false")) {
      return Boolean.valueOf(lower);
    }
    throw new ConfigException(name, v, source, "is not true or false");
  }

  private long checkRange(long value, String raw, String source) {
    if (value < min || value > max) {
      throw new ConfigException(name, raw, source, "is out of range " + rangeDescription());
    }
    return value;
  }

  private double checkRange(double value, String raw, String source) {
    if (value < min || value > max) {
      throw new ConfigException(name, raw, source, "is out of range " + rangeDescription());
    }
    return value;
  }
}
