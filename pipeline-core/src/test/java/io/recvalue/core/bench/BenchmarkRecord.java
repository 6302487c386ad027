package io.recvalue.core.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Appends benchmark results to a Markdown file ({@code BENCHMARKS.md}): one section per benchmark,
 * one table row per run, each row with the date, the command that produced it, the data and the
 * machine, so every number in the file can be reproduced.
 */
public final class BenchmarkRecord {
  private BenchmarkRecord() {}

  /**
   * Appends a row under {@code ## title}, creating the section (with the header row) when absent.
   *
   * @param header the Markdown header of the result columns, e.g. {@code | a | b |} (a separator line
 *     after it is ignored: the section's own is built from the full column count)
   * @param row the result columns, e.g. {@code | 1.0 | 2.0 |}
   */
  public static void append(Path file, String title, String command, String data, String row, String header)
      throws IOException {
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
    String heading = "## " + title + "\n";
    String headerLine = header.lines().findFirst().orElse("").strip();
    String fullHeader = "| date | machine | data | command " + headerLine + "\n";
    long columns = fullHeader.chars().filter(c -> c == '|').count() - 1;
    String separator = "|" + "---|".repeat((int) columns) + "\n";
    String fullRow = "| " + LocalDate.now(ZoneOffset.UTC) + " | " + MachineInfo.describe() + " | " + data
        + " | `" + command + "` " + row + "\n";
    Files.writeString(file, appendToSection(text, heading, "\n" + fullHeader + separator + fullRow, fullRow),
        StandardCharsets.UTF_8);
  }

  /**
   * {@code text} with {@code addition} at the end of the section under {@code heading}, or, when there is
   * no such section, with the heading and {@code firstContent} appended at the end of the file.
   */
  private static String appendToSection(String text, String heading, String firstContent, String addition) {
    int at = text.indexOf(heading);
    if (at < 0) {
      return text.stripTrailing() + "\n\n" + heading + firstContent;
    }
    int next = text.indexOf("\n## ", at + heading.length());
    int end = next < 0 ? text.length() : next + 1;
    String section = text.substring(at, end).stripTrailing() + "\n" + addition;
    return text.substring(0, at) + section + (next < 0 ? "" : "\n" + text.substring(end));
  }

  /**
   * Appends a whole result table under {@code ## title} (created when absent), preceded by a line with
   * the date, machine, data and command: for benchmarks whose result is several rows.
   */
  public static void appendTable(Path file, String title, String command, String data, String table)
      throws IOException {
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
    String heading = "## " + title + "\n";
    String block = "\n" + LocalDate.now(ZoneOffset.UTC) + ", " + MachineInfo.describe() + ", data " + data
        + ", command `" + command + "`:\n\n" + table.stripTrailing() + "\n";
    Files.writeString(file, appendToSection(text, heading, block, block), StandardCharsets.UTF_8);
  }
}
