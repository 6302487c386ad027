package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Checks and parsing of the timestamp column into epoch seconds ({@code long}).
 *
 * <p>Text goes through {@link TimestampParser} (the configured format; independent of the session
 * time zone). Parquet integers are epoch seconds; Parquet floating and decimal numbers are epoch
 * seconds with the fraction dropped (NaN and infinities rejected); a Parquet timestamp is converted
 * exactly; a timestamp without time zone is read as UTC, and a date as midnight UTC.
 */
final class TimestampColumn {
  private static final double LONG_LIMIT = 9.2e18;

  private final String name;
  private final DataType type;
  private final TimestampFormat format;
  private final String parsed;

  private TimestampColumn(String name, DataType type, TimestampFormat format, String parsed) {
    this.name = name;
    this.type = type;
    this.format = format;
    this.parsed = parsed;
  }

  /** The column {@code name}; the caller adds its {@link #value()} as {@code parsed} before the checks. */
  static TimestampColumn of(StructType schema, String name, TimestampFormat format, String parsed) {
    return new TimestampColumn(name, SchemaCheck.typeOf(schema, name), format, parsed);
  }

  /** Epoch seconds; null where the value is missing or cannot be read. */
  Column value() {
    Column c = RowValidator.quoted(name);
    if (type.equals(DataTypes.StringType)) {
      return parser(format).apply(c);
    }
    if (type instanceof TimestampNTZType) {
      return parser(TimestampFormat.ISO_8601).apply(c.cast(DataTypes.StringType));
    }
    if (type instanceof TimestampType) {
      return unix_seconds(c);
    }
    if (type instanceof DateType) {
      return unix_date(c).cast(DataTypes.LongType).multiply(86_400L);
    }
    if (type instanceof IntegralType) {
      return c.cast(DataTypes.LongType);
    }
    return when(finite(c), floor(c).cast(DataTypes.LongType));
  }

  /** Missing (null or blank), then unreadable. */
  List<RowValidator.Check> checks() {
    Column c = RowValidator.quoted(name);
    Column missing = type.equals(DataTypes.StringType) ? c.isNull().or(trim(c).equalTo("")) : c.isNull();
    String what = type.equals(DataTypes.StringType)
        ? "is not " + TimestampParser.expected(format)
        : "is not a finite number of epoch seconds";
    return List.of(
        new RowValidator.Check(missing, "missing_timestamp", lit("column '" + name + "' is empty")),
        new RowValidator.Check(col(parsed).isNull(), "timestamp_unparsable",
            concat(RowValidator.valueText(name), lit(" " + what))));
  }

  private static Column finite(Column c) {
    Column d = c.cast(DataTypes.DoubleType);
    return isnan(d).unary_$bang().and(abs(d).lt(LONG_LIMIT));
  }

  private static UserDefinedFunction parser(TimestampFormat format) {
    UDF1<String, Long> f = text -> TimestampParser.parse(text, format);
    return udf(f, DataTypes.LongType).withName("parse_timestamp_" + format.name().toLowerCase(Locale.ROOT));
  }
}
