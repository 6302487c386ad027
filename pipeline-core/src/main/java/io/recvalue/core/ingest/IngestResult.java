package io.recvalue.core.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of a successful ingest: the counts, where the tables are, and the tables themselves,
 * read back from the written Parquet (so later stages start from materialised data, not from the
 * lineage of the whole ingest).
 *
 * @param inputPath the input as given
 * @param format the format the input was read as
 * @param inputFiles the data files read
 * @param outputDir {@code <output>/ingest}
 * @param splitMethod the split method used (auto resolved)
 * @param counts where every row went
 * @param train train interactions ({@link io.recvalue.core.data.InteractionColumns} layout)
 * @param validation validation interactions (same layout)
 * @param test test interactions (same layout)
 * @param userIndex {@code user_idx int, user_id}
 * @param itemIndex {@code item_idx int, item_id}
 */
public record IngestResult(
    String inputPath,
    InputFormat format,
    List<String> inputFiles,
    String outputDir,
    SplitMethod splitMethod,
    IngestCounts counts,
    Dataset<Row> train,
    Dataset<Row> validation,
    Dataset<Row> test,
    Dataset<Row> userIndex,
    Dataset<Row> itemIndex) {

  public IngestResult {
    inputFiles = List.copyOf(inputFiles);
  }

  /** Inputs, paths and counts for the run manifest (no datasets). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", inputPath);
    m.put("input_format", format.toString());
    m.put("input_files", inputFiles.size());
    m.put("output", outputDir);
    m.put("split_method", splitMethod.toString());
    m.putAll(counts.toMap());
    return m;
  }
}
