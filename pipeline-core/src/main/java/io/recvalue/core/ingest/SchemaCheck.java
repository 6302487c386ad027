package io.recvalue.core.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Checks, before any row is read, that every configured column exists (by exact, case-sensitive name)
 * and, for Parquet, has a type its role accepts (CSV columns are all text, checked row by row). The
 * accepted Parquet types are: ids — string or an integer type; rating and weight — a number;
 * timestamp — a number (epoch seconds), a timestamp, a date or a string. A Parquet
 * rating stored as a string is rejected: a typed file that stores numbers as text is a producer bug
 * worth fixing at the source, not row by row.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** One configured column: its role (the setting that names it) and the types it accepts. */
  private enum Role {
    userColumn("a string or an integer (int, long)"),
    itemColumn("a string or an integer (int, long)"),
    ratingColumn("a number (int, long, float, double, decimal)"),
    weightColumn("a number (int, long, float, double, decimal)"),
    timestampColumn("epoch seconds (a number), a timestamp, a date or an ISO-8601 string");

    final String expected;

    Role(String expected) {
      this.expected = expected;
    }

    boolean accepts(DataType t) {
      return switch (this) {
        case userColumn, itemColumn -> t instanceof StringType || t instanceof IntegralType;
        case ratingColumn, weightColumn -> t instanceof NumericType;
        case timestampColumn -> t instanceof NumericType || t instanceof TimestampType
            || t instanceof TimestampNTZType || t instanceof DateType || t instanceof StringType;
      };
    }
  }

  /**
   * @throws IngestException naming the input, the column and the columns that do exist, or the
   *     column's type and the accepted ones
   */
  static void check(StructType schema, IngestSettings s, InputResolver.ResolvedInput in) {
    String[] columns = {s.userColumn(), s.itemColumn(), s.ratingColumn(), s.weightColumn(),
        s.timestampColumn()};
    for (Role role : Role.values()) {
      String name = columns[role.ordinal()];
      if (name != null) {
        checkOne(schema, role, name, in);
      }
    }
  }

  private static void checkOne(
      StructType schema, Role role, String name, InputResolver.ResolvedInput in) {
    StructField field = find(schema, name);
    if (field == null) {
      throw IngestException.badInput("input " + in.describe() + ": column '" + name + "' ("
          + role + ") not found" + suggestion(schema, name) + "; the columns are: "
          + String.join(", ", userColumns(schema)));
    }
    if (in.format() == InputFormat.PARQUET && !role.accepts(field.dataType())) {
      throw IngestException.badInput("input " + in.describe() + ": column '" + name + "' ("
          + role + ") has type " + field.dataType().simpleString() + "; expected " + role.expected);
    }
  }

  private static StructField find(StructType schema, String name) {
    return Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).findFirst().orElse(null);
  }

  /** A hint when the name differs from an existing column only in case or surrounding blanks. */
  private static String suggestion(StructType schema, String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (String c : userColumns(schema)) {
      if (c.trim().toLowerCase(Locale.ROOT).equals(key)) {
        return " (did you mean '" + c + "'?)";
      }
    }
    return "";
  }

  /** The columns of the log itself, without the internal ones the reader adds. */
  static List<String> userColumns(StructType schema) {
    List<String> names = new ArrayList<>();
    for (String n : schema.fieldNames()) {
      if (!n.equals(LogReader.SOURCE_FILE) && !n.equals(LogReader.CORRUPT)
          && !n.equals(LogReader.ROW_ID)) {
        names.add(n);
      }
    }
    return names;
  }

  /** Whether the column holds text (CSV, or a Parquet string), as opposed to a typed value. */
  static boolean isString(StructType schema, String name) {
    return find(schema, name).dataType().equals(DataTypes.StringType);
  }

  /** The type of a column that {@link #check} has accepted. */
  static DataType typeOf(StructType schema, String name) {
    return find(schema, name).dataType();
  }
}
