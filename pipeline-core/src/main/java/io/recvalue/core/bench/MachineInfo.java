package io.recvalue.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A one-line description of the machine a benchmark ran on: CPU model, cores, memory, Java. */
public final class MachineInfo {
  private MachineInfo() {}

  public static String describe() {
    Runtime rt = Runtime.getRuntime();
    return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB RAM, Java %s",
        cpuModel(), rt.availableProcessors(), totalMemoryGiB(), System.getProperty("java.version"));
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim().replace("|", "/");
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  private static double totalMemoryGiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux: fall through
    }
    return Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0 / 1024.0;
  }
}
