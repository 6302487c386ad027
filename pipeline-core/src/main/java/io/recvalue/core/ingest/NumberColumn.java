package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Checks and parsing of a numeric column (rating or weight).
 *
 * <p>Text (CSV, or a Parquet string) must be a plain decimal number after trimming:
 * {@code [+-]digits[.digits][e[+-]digits]}; {@code NaN}, {@code Infinity} and {@code inf} (any case,
 * any sign) are rejected as not finite, as is a number too large for a double. A Parquet number is
 * cast to double and rejected when NaN or infinite. Nothing is turned into NaN or null silently.
 */
final class NumberColumn {
  static final String NUMBER = "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$";
  static final String NON_FINITE = "(?i)^[+-]?(nan|inf|infinity)$";

  private final String name;
  private final String role;
  private final boolean text;
  private final String parsed;

  private NumberColumn(String name, String role, boolean text, String parsed) {
    this.name = name;
    this.role = role;
    this.text = text;
    this.parsed = parsed;
  }

  /**
   * The column {@code name} in the role {@code role} ({@code "rating"}, {@code "weight"}), whose
   * {@link #value()} the caller adds as column {@code parsed} before applying the {@link #checks()}.
   */
  static NumberColumn of(StructType schema, String name, String role, String parsed) {
    return new NumberColumn(name, role, SchemaCheck.isString(schema, name), parsed);
  }

  /** The parsed value column (after the caller has added it). */
  Column parsed() {
    return col(parsed);
  }

  /** The parsed value as a double; null where the text is not a number. */
  Column value() {
    Column c = RowValidator.quoted(name);
    if (!text) {
      return c.cast(DataTypes.DoubleType);
    }
    Column t = trim(c);
    return when(t.rlike(NUMBER), t.cast(DataTypes.DoubleType));
  }

  /** Missing, not finite, not a number — in that order. */
  List<RowValidator.Check> checks() {
    Column c = RowValidator.quoted(name);
    Column v = parsed();
    Column notFinite = isnan(v).or(abs(v).equalTo(lit(Double.POSITIVE_INFINITY)));
    String missing = "missing_" + role;
    String infinite = role + "_not_finite";
    if (!text) {
      return List.of(
          new RowValidator.Check(c.isNull(), missing, lit("column '" + name + "' is empty")),
          rule(notFinite, infinite, "is not a finite number"));
    }
    Column t = trim(c);
    return List.of(
        new RowValidator.Check(c.isNull().or(t.equalTo("")), missing,
            lit("column '" + name + "' is empty")),
        rule(t.rlike(NON_FINITE), infinite, "is not a finite number"),
        rule(t.rlike(NUMBER).unary_$bang(), role + "_not_numeric", "is not a number"),
        rule(notFinite, infinite, "is not a finite number"));
  }

  /** A check on the parsed value whose message is {@code column 'x' value 'v' <what>}. */
  RowValidator.Check rule(Column failed, String reason, String what) {
    return new RowValidator.Check(failed, reason,
        concat(RowValidator.valueText(name), lit(" " + what)));
  }
}
