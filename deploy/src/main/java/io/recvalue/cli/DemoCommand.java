package io.recvalue.cli;

import io.recvalue.core.run.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code recvalue demo}: every stage on the bundled MovieTweetings sample. The sample ships inside
 * the jar; it is copied (with its licence) to {@code <output>/input/movietweetings-small/}, and the
 * run reads it from there, so the output folder shows exactly what went in.
 */
final class DemoCommand extends StageCommand {
  static final String SAMPLE = "sample/movietweetings-small/";
  static final List<String> SAMPLE_FILES =
      List.of("ratings.csv.gz", "items.csv.gz", "LICENSE", "README.md", "recvalue.properties");

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "run every stage on the bundled MovieTweetings sample (no cluster needed)";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: recvalue demo [--output DIR] [--config FILE]... [--set key=value]...",
        "",
        "Runs " + String.join(", ", Pipeline.names(Pipeline.all())) + " on the MovieTweetings sample bundled",
        "in the jar (44,613 ratings, MIT licence) and prints a summary with the paths it wrote.",
        "",
        "  --output DIR       where the outputs go (default: recvalue-demo)",
        commonOptionsHelp());
  }

  @Override
  List<Stage> stages() {
    return Pipeline.all();
  }

  @Override
  boolean replacesWholeRun() {
    return true;
  }

  @Override
  boolean needsInput() {
    return true;
  }

  @Override
  String defaultOutput() {
    return "recvalue-demo";
  }

  @Override
  List<Path> configFiles(List<Path> userFiles, String outputDir) {
    List<Path> files = new ArrayList<>();
    files.add(sampleDir(outputDir).resolve("recvalue.properties"));
    files.addAll(userFiles);
    return files;
  }

  @Override
  String defaultInput(String outputDir) {
    return sampleDir(outputDir).resolve("ratings.csv.gz").toAbsolutePath().toString();
  }

  /** Copies the bundled sample under the output folder (once) and returns its folder. */
  static Path sampleDir(String outputDir) {
    Path dir = Path.of(outputDir.replaceFirst("^file:", ""), "input", "movietweetings-small");
    try {
      Files.createDirectories(dir);
      for (String f : SAMPLE_FILES) {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(SAMPLE + f)) {
          if (in == null) {
            throw new IllegalStateException("bundled sample file missing from the jar: " + SAMPLE + f);
          }
          Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the bundled sample to " + dir, e);
    }
    return dir;
  }
}
