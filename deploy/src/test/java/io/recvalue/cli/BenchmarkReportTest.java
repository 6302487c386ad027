package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A benchmark's tables as files under its --output: Markdown with the context, one CSV per table. */
class BenchmarkReportTest {
  private static final String COST = """
      | method | seconds | detail |
      |---|---:|---|
      | training (10 sweeps) | 12.5 | 80 rows, rank 10, 2 cores |
      | say "hi" | 1.0 | none |
      """;

  @Test
  void aMarkdownTableBecomesRfc4180Csv() {
    assertEquals("method,seconds,detail\r\ntraining (10 sweeps),12.5,\"80 rows, rank 10, 2 cores\"\r\n"
        + "\"say \"\"hi\"\"\",1.0,none\r\n", new ResultTable("Cost", "cost.csv", COST).toCsv());
  }

  @Test
  void writesTheMarkdownWithItsContextAndACsvPerTableAndReplacesThemOnARerun(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("results");
    List<ResultTable> tables = List.of(new ResultTable("Cost against one training", "b-cost.csv", COST),
        new ResultTable("Beta sweep", "b-beta.csv", "| beta |\n|---:|\n| 1e-02 |\n"));
    BenchmarkReport.write(out, "b", "Values", "ratings.csv", "recvalue benchmark value --data ratings.csv", tables);
    List<Path> written = BenchmarkReport.write(out, "b", "Values", "ratings.csv",
        BenchmarkReport.commandLine("benchmark value", List.of("--data", "ratings.csv", "--set",
            "spark.hadoop.fs.s3a.secret.key=abc")), tables);
    assertEquals(List.of(out.resolve("b.md"), out.resolve("b-cost.csv"), out.resolve("b-beta.csv")), written);
    String md = Files.readString(out.resolve("b.md"), StandardCharsets.UTF_8);
    assertTrue(md.startsWith("# Values\n\n- date: "), md);
    assertTrue(md.contains("\n- data: `ratings.csv`\n- command: `recvalue benchmark value --data ratings.csv --set"
        + " spark.hadoop.fs.s3a.secret.key=*****`\n\n## Cost against one training\n\n| method | seconds | detail |\n"),
        md);
    assertTrue(md.endsWith("\n## Beta sweep\n\n| beta |\n|---:|\n| 1e-02 |\n"), md);
    assertEquals(1, md.split("# Values", -1).length - 1, "a rerun replaces the file");
    assertEquals("beta\r\n1e-02\r\n", Files.readString(out.resolve("b-beta.csv"), StandardCharsets.UTF_8));
  }
}
