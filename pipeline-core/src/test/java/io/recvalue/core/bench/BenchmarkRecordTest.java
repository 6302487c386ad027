package io.recvalue.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkRecordTest {
  @Test
  void appendsRowsUnderOneWellFormedTablePerSection(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    Files.writeString(file, "# Benchmarks\n\nIntro.\n");
    String header = "| a | b |\n|---:|---:|";
    BenchmarkRecord.append(file, "First", "cmd one", "data", "| 1 | 2 |", header);
    BenchmarkRecord.append(file, "Second", "cmd two", "data", "| 5 |", "| c |");
    BenchmarkRecord.append(file, "First", "cmd three", "data", "| 3 | 4 |", header);

    List<String> lines = Files.readAllLines(file);
    int first = lines.indexOf("## First");
    int second = lines.indexOf("## Second");
    assertTrue(first > 0 && second > first, String.join("\n", lines));
    assertEquals("| date | machine | data | command | a | b |", lines.get(first + 2));
    assertEquals("|---|---|---|---|---|---|", lines.get(first + 3));
    assertTrue(lines.get(first + 4).endsWith("| data | `cmd one` | 1 | 2 |"), lines.get(first + 4));
    assertTrue(lines.get(first + 5).endsWith("| data | `cmd three` | 3 | 4 |"), lines.get(first + 5));
    assertEquals("", lines.get(first + 6));
    assertEquals("|---|---|---|---|---|", lines.get(second + 3));
    for (int n = first + 2; n <= first + 5; n++) {
      assertEquals(7, lines.get(n).chars().filter(c -> c == '|').count(), lines.get(n));
    }
    for (int n = second + 2; n <= second + 4; n++) {
      assertEquals(6, lines.get(n).chars().filter(c -> c == '|').count(), lines.get(n));
    }
  }

  @Test
  void appendsWholeTablesUnderTheirSectionWithoutTouchingOthers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    BenchmarkRecord.append(file, "Rows", "cmd", "data", "| 1 |", "| a |");
    BenchmarkRecord.appendTable(file, "Tables", "cmd t1", "d1", "| x |\n|---|\n| 1 |\n");
    BenchmarkRecord.appendTable(file, "Tables", "cmd t2", "d2", "| x |\n|---|\n| 2 |");
    String text = java.nio.file.Files.readString(file);
    org.junit.jupiter.api.Assertions.assertEquals(1, text.split("## Tables", -1).length - 1, text);
    int first = text.indexOf("command `cmd t1`");
    int second = text.indexOf("command `cmd t2`");
    org.junit.jupiter.api.Assertions.assertTrue(first > text.indexOf("## Tables") && second > first, text);
    org.junit.jupiter.api.Assertions.assertTrue(text.indexOf("| 2 |") > second, text);
    org.junit.jupiter.api.Assertions.assertTrue(text.indexOf("## Rows") < text.indexOf("## Tables"), text);
  }
}
