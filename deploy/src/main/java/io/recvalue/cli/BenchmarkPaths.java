package io.recvalue.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --data} and {@code --output} of a benchmark. */
final class BenchmarkPaths {
  @Option(names = "--data", required = true, paramLabel = "PATH", order = 1,
      description = "Ratings CSV with a header: user_id,item_id,rating (gzip'd is fine; any Hadoop filesystem).")
  String data;

  @Option(names = "--output", required = true, paramLabel = "DIR", order = 2,
      description = "A local folder for the result tables (Markdown and CSV) and Spark's checkpoints.")
  String output;

  /** Option name to path, for {@link PathSafety#checkAllowed}. */
  Map<String, String> byOption() {
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("--data", data);
    paths.put("--output", output);
    return paths;
  }
}
