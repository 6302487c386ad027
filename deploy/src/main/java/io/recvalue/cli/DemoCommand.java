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
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recvalue demo}: every stage on the bundled MovieTweetings sample. The sample ships inside
 * the jar; it is copied (with its licence) to {@code <output>/input/movietweetings-small/}, and the
 * run reads it from there, so the output folder shows exactly what went in.
 */
@Command(name = "demo",
    description = {"Run every stage on the bundled MovieTweetings sample (no cluster needed).",
        "",
        "Runs ingest, train, value, explain, explain-user (a few sampled users' recommendations explained by their"
            + " past ratings) and report on the MovieTweetings sample bundled in the jar (44,613 ratings, MIT"
            + " licence), with the settings in its recvalue.properties, and prints a summary with the paths it"
            + " wrote."},
    footer = {"", RecvalueCommand.SPARK_OPTIONS})
final class DemoCommand extends StageCommand {
  static final String SAMPLE = "sample/movietweetings-small/";
  static final List<String> SAMPLE_FILES =
      List.of("ratings.csv.gz", "items.csv.gz", "LICENSE", "README.md", "recvalue.properties");

  @Option(names = "--output", paramLabel = "DIR", order = 2, defaultValue = "recvalue-demo",
      description = "Where the outputs go (default ${DEFAULT-VALUE}).")
  String output;

  @Override
  String output() {
    return output;
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
  List<Path> configFiles(List<Path> userFiles, String outputDir) {
    List<Path> files = new ArrayList<>();
    files.add(sampleDir(outputDir).resolve("recvalue.properties"));
    files.addAll(userFiles);
    return files;
  }

  @Override
  Optional<String> input(String outputDir) {
    return Optional.of(sampleDir(outputDir).resolve("ratings.csv.gz").toAbsolutePath().toString());
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
