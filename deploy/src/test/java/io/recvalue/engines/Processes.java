package io.recvalue.engines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command in its own process, output to a log file, with a time limit. */
public final class Processes {
  private Processes() {}

  /** The exit code and everything the process printed. */
  public record Result(int exitCode, String output, Duration took) {}

  public static Result run(List<String> command, Map<String, String> env, Path workDir, Path log,
      Duration limit) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("did not finish in " + limit + ": " + command + "\n" + tail(log));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), took);
  }

  /** The last lines of a log, for assertion messages. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
