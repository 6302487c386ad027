package io.recvalue.core.bench;

import java.nio.file.Path;

/**
 * Appends one measured row to {@code BENCHMARKS.md} through {@link BenchmarkRecord}, for benchmarks
 * that are sequences of {@code recvalue} commands (the numbers come from their outputs).
 *
 * <pre>
 *   java -cp pipeline-core/target/classes:pipeline-core/target/test-classes \
 *     io.recvalue.core.bench.AppendBenchmarkRow FILE TITLE COMMAND DATA "| h1 | h2 |" "| v1 | v2 |"
 * </pre>
 */
public final class AppendBenchmarkRow {
  private AppendBenchmarkRow() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: AppendBenchmarkRow FILE TITLE COMMAND DATA HEADER ROW");
      System.exit(2);
    }
    BenchmarkRecord.append(Path.of(args[0]), args[1], args[2], args[3], args[5], args[4]);
  }
}
