/**
 * Value tables and their files: the stage folder ({@link io.recvalue.valuation.output.ValueLayout}),
 * schemas ({@link io.recvalue.valuation.output.ValueSchemas}),
 * item and user aggregates ({@link io.recvalue.valuation.output.ValueAggregation}), Parquet
 * ({@link io.recvalue.valuation.output.ValueWriters}) and streamed Arrow IPC files
 * ({@link io.recvalue.valuation.output.ArrowTableWriter}).
 */
package io.recvalue.valuation.output;
