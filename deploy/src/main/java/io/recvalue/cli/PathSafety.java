package io.recvalue.cli;

import java.net.URI;

/** Refuses to write into or over the input log. */
final class PathSafety {
  private PathSafety() {}

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
