package io.recvalue.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One result table of a benchmark, as the benchmark renders it (a Markdown table), with its heading and
 * the name of its CSV file.
 *
 * @param heading what the table answers, {@code Cost against one training}
 * @param csvName file name of its CSV copy, {@code benchmark-value-cost.csv}
 * @param markdown the table: a header row, a separator row, the rows
 */
record ResultTable(String heading, String csvName, String markdown) {
  private static final Pattern SEPARATOR = Pattern.compile("\\|(\\s*:?-+:?\\s*\\|)+");

  /** The table as CSV (RFC 4180): one line per row, the header first; cells quoted where they need it. */
  String toCsv() {
    StringBuilder csv = new StringBuilder();
    for (String line : markdown.strip().split("\\R")) {
      String row = line.strip();
      if (!row.startsWith("|") || SEPARATOR.matcher(row).matches()) {
        continue;
      }
      List<String> cells = new ArrayList<>();
      for (String cell : row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length()).split("\\|", -1)) {
        cells.add(quoted(cell.strip()));
      }
      csv.append(String.join(",", cells)).append("\r\n");
    }
    return csv.toString();
  }

  private static String quoted(String cell) {
    if (cell.contains(",") || cell.contains("\"")) {
      return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
    return cell;
  }
}
