package io.recvalue.cli;

import java.net.URI;

/**
 * Refuses to write into or over the input log, and (with {@code safety.allowed-path-prefixes}) to
 * touch any path outside the allowed prefixes.
 */
final class PathSafety {
  static final String ALLOWED_PREFIXES = "safety.allowed-path-prefixes";

  private PathSafety() {}

  /**
   * Fails unless every path lies under one of the allowed prefixes (when the key is set). Paths and
   * prefixes are compared after normalisation (scheme, authority, absolute path, no {@code ..}), so
   * {@code /data/../etc} is not under {@code /data}.
   *
   * @param paths option name ({@code --input}) to path
   */
  static void checkAllowed(io.recvalue.core.config.RecvalueConfig config, java.util.Map<String, String> paths) {
    String raw = config.getString(ALLOWED_PREFIXES);
    java.util.List<String> prefixes = java.util.Arrays.stream(raw.split(","))
        .map(String::trim).filter(p -> !p.isEmpty()).toList();
    if (prefixes.isEmpty()) {
      return;
    }
    for (var e : paths.entrySet()) {
      String path = normalise(e.getValue());
      boolean allowed = prefixes.stream().map(PathSafety::normalise)
          .anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
      if (!allowed) {
        throw new UsageException("refusing " + e.getKey() + " " + e.getValue() + ": it is not under any of "
            + ALLOWED_PREFIXES + " = " + raw);
      }
    }
  }

  /**
   * Fails when the output folder is the input or lies inside it (writing there would mix outputs
   * into the log, or replace it).
   */
  static void checkOutputIsNotInput(String input, String output) {
    String in = normalise(input);
    String out = normalise(output);
    if (out.equals(in) || out.startsWith(in + "/")) {
      throw new UsageException(
          "refusing to write into the input: --output " + output + " is inside --input " + input);
    }
  }

  /**
   * Fails when the input lies in (or is) one of the folders a command replaces under its output, e.g.
   * {@code <output>/pruned}: the command would delete the log it is reading.
   */
  static void checkInputIsNotReplaced(String input, String output, String command, java.util.List<String> folders) {
    String in = normalise(input);
    for (String folder : folders) {
      String replaced = normalise(output.replaceAll("/+$", "") + "/" + folder);
      if (in.equals(replaced) || in.startsWith(replaced + "/")) {
        throw new UsageException("refusing to write over the input: --input " + input + " is inside "
            + output.replaceAll("/+$", "") + "/" + folder + ", which " + command + " replaces");
      }
    }
  }

  /** Whether two paths name the same folder (after normalising scheme, relative paths and trailing slashes). */
  static boolean same(String a, String b) {
    return normalise(a).equals(normalise(b));
  }

  private static String normalise(String path) {
    URI uri = URI.create(path.replace(" ", "%20")).normalize();
    String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
    String p = uri.getPath() == null ? path : uri.getPath();
    if (scheme.equals("file") && !p.startsWith("/")) {
      p = java.nio.file.Path.of(p).toAbsolutePath().normalize().toString();
    }
    String authority = uri.getAuthority() == null ? "" : uri.getAuthority();
    return scheme + "://" + authority + p.replaceAll("/+$", "");
  }
}
