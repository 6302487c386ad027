package io.recvalue.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Locations of the data sets tests read: the bundled sample and the shared data beside the project. */
public final class TestData {
  private TestData() {}

  /** Root of the repository (set by the build; falls back to walking up from the working directory). */
  public static Path projectRoot() {
    String prop = System.getProperty("recvalue.project.root");
    Path p = (prop != null ? Paths.get(prop) : Paths.get("")).toAbsolutePath().normalize();
    while (p != null && !(Files.isDirectory(p.resolve("pipeline-core")) && Files.isDirectory(p.resolve("conf")))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root from " + Paths.get("").toAbsolutePath());
    }
    return p;
  }

  /** The shared data folder ({@code ../shared/data} beside the repository). */
  public static Path sharedData() {
    String prop = System.getProperty("recvalue.shared.data");
    if (prop != null && Files.isDirectory(Paths.get(prop))) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    return projectRoot().resolve("../shared/data").toAbsolutePath().normalize();
  }

  /** A file under the shared data folder; the calling test is skipped, with the reason, if it is absent. */
  public static Path shared(String relative) {
    Path p = sharedData().resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), "shared data set not present: " + p);
    return p;
  }

  /** MovieTweetings-small ratings as shared beside the project (the same bytes as the bundled sample). */
  public static Path movieTweetingsSmall() {
    return shared("movietweetings/small/ratings.csv.gz");
  }
}
