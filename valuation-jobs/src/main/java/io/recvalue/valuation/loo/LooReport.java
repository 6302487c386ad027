package io.recvalue.valuation.loo;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * What a leave-one-out check measured: rows of {@link LooSchemas#INTERACTIONS},
 * {@link LooSchemas#GROUPS} and {@link LooSchemas#SUMMARY}, and diagnostics for the manifest.
 */
public record LooReport(List<Row> interactions, List<Row> groups, List<Row> summary,
    Map<String, Object> diagnostics) {}
