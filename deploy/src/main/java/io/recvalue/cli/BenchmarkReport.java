package io.recvalue.cli;

import io.recvalue.core.bench.MachineInfo;
import io.recvalue.core.run.RunManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's result as files a user keeps and compares: {@code DIR/<name>.md} (a title, the date,
 * machine, data and command, then each table under its heading) and one CSV per table beside it.
 * Running the benchmark again replaces them.
 */
final class BenchmarkReport {
  private BenchmarkReport() {}

  /** The command as recorded beside the results, secrets redacted: {@code recvalue benchmark als --data ...}. */
  static String commandLine(String command, List<String> arguments) {
    return "recvalue " + command + " " + String.join(" ", RunManifest.redactedArguments(arguments));
  }

  /** Writes the Markdown file and the CSV files; returns their paths, the Markdown first. */
  static List<Path> write(Path dir, String name, String title, String data, String command, List<ResultTable> tables)
      throws IOException {
    Files.createDirectories(dir);
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n")
        .append("- date: ").append(LocalDate.now(ZoneOffset.UTC)).append('\n')
        .append("- machine: ").append(MachineInfo.describe()).append('\n')
        .append("- data: `").append(data).append("`\n")
        .append("- command: `").append(command).append("`\n");
    List<Path> written = new ArrayList<>();
    Path markdown = dir.resolve(name + ".md");
    written.add(markdown);
    for (ResultTable t : tables) {
      md.append("\n## ").append(t.heading()).append("\n\n").append(t.markdown().strip()).append('\n');
      Path csv = dir.resolve(t.csvName());
      Files.writeString(csv, t.toCsv(), StandardCharsets.UTF_8);
      written.add(csv);
    }
    Files.writeString(markdown, md.toString(), StandardCharsets.UTF_8);
    return written;
  }
}
