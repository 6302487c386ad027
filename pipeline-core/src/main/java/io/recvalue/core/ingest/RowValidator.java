package io.recvalue.core.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Checks every row of the raw log and parses its values, in Spark SQL expressions (no exceptions,
 * no dependence on ANSI mode: a value is cast only after it has been checked).
 *
 * <p>The checks run in a fixed order — row shape, user id, item id, rating, weight, timestamp — and the
 * first that fails gives the row its reason code and message ({@link #REASON}, {@link #DETAIL}); a
 * valid row has a null reason. Every row gets the parsed values {@link #USER}, {@link #ITEM},
 * {@link #RATING}, {@link #WEIGHT}, {@link #TS} (meaningful only when the reason is null). The reason
 * codes are listed in {@code pipeline-core/INGEST.md}.
 */
final class RowValidator {
  static final String REASON = "__reason";
  static final String DETAIL = "__detail";
  static final String USER = "__user";
  static final String ITEM = "__item";
  static final String RATING = "__rating";
  static final String WEIGHT = "__weight";
  static final String TS = "__ts";

  /** One check: rows where {@code failed} is true get {@code reason} and the message {@code detail}. */
  record Check(Column failed, String reason, Column detail) {}

  private RowValidator() {}

  /**
   * The raw rows with the parsed values added first (each parsed once per row), then the reason and
   * message of the first failing check.
   */
  static Dataset<Row> validate(Dataset<Row> raw, IngestSettings s) {
    StructType schema = raw.schema();
    List<Check> checks = new ArrayList<>();
    if (List.of(schema.fieldNames()).contains(LogReader.CORRUPT)) {
      Column line = col(LogReader.CORRUPT);
      checks.add(new Check(line.isNotNull(), "malformed_row",
          concat(lit("line does not have the header's " + SchemaCheck.userColumns(schema).size()
              + " fields: '"), line, lit("'"))));
    }
    checks.add(missingId(s.userColumn(), "missing_user_id"));
    checks.add(missingId(s.itemColumn(), "missing_item_id"));
    Dataset<Row> parsed = raw.withColumn(USER, quoted(s.userColumn()))
        .withColumn(ITEM, quoted(s.itemColumn()))
        .withColumn(RATING, lit(1.0))
        .withColumn(WEIGHT, lit(1.0))
        .withColumn(TS, lit(null).cast(DataTypes.LongType));
    if (s.ratingColumn() != null) {
      NumberColumn r = NumberColumn.of(schema, s.ratingColumn(), "rating", RATING);
      parsed = parsed.withColumn(RATING, r.value());
      checks.addAll(r.checks());
      checks.addAll(ratingRules(r, s));
    }
    if (s.weightColumn() != null) {
      NumberColumn w = NumberColumn.of(schema, s.weightColumn(), "weight", WEIGHT);
      parsed = parsed.withColumn(WEIGHT, w.value());
      checks.addAll(w.checks());
      checks.add(w.rule(w.parsed().lt(0), "weight_negative", "is negative"));
    }
    if (s.timestampColumn() != null) {
      TimestampColumn t = TimestampColumn.of(schema, s.timestampColumn(), s.timestampFormat(), TS);
      parsed = parsed.withColumn(TS, t.value());
      checks.addAll(t.checks());
    }
    return parsed.withColumn(REASON, firstFailing(checks, true))
        .withColumn(DETAIL, firstFailing(checks, false));
  }

  /** Implicit counts must not be negative; explicit ratings must lie within the configured bounds. */
  private static List<Check> ratingRules(NumberColumn r, IngestSettings s) {
    List<Check> rules = new ArrayList<>();
    if (s.feedback() == FeedbackMode.IMPLICIT) {
      rules.add(r.rule(r.parsed().lt(0), "rating_negative",
          "is negative (implicit feedback needs counts >= 0)"));
    }
    if (s.ratingMin() != null) {
      rules.add(r.rule(r.parsed().lt(s.ratingMin()), "rating_out_of_range",
          "is below ratingMin=" + s.ratingMin()));
    }
    if (s.ratingMax() != null) {
      rules.add(r.rule(r.parsed().gt(s.ratingMax()), "rating_out_of_range",
          "is above ratingMax=" + s.ratingMax()));
    }
    return rules;
  }

  private static Check missingId(String name, String reason) {
    Column c = quoted(name);
    Column missing = c.isNull().or(trim(c.cast(DataTypes.StringType)).equalTo(""));
    return new Check(missing, reason, lit("column '" + name + "' is empty"));
  }

  /** CASE WHEN over the checks in order: the reason (or message) of the first that fails, else null. */
  private static Column firstFailing(List<Check> checks, boolean reason) {
    Column out = null;
    for (Check c : checks) {
      Column value = reason ? lit(c.reason()) : c.detail();
      out = out == null ? when(c.failed(), value) : out.when(c.failed(), value);
    }
    return out;
  }

  /** A column reference that tolerates dots, blanks and back-ticks in the name. */
  static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  /** The message prefix naming the column and its value: {@code column 'rating' value 'abc'}. */
  static Column valueText(String name) {
    return concat(lit("column '" + name + "' value '"), quoted(name).cast(DataTypes.StringType),
        lit("'"));
  }
}
