package io.recvalue.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recvalue.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The reference every engine is compared with: {@link SampleRun} in Spark local mode
 * ({@code local[2]}), run once per test JVM through the launcher and kept under
 * {@code deploy/target/engines/local-reference/out}.
 */
public final class LocalReference {
  private static Path output;

  private LocalReference() {}

  public static synchronized Path output() throws IOException, InterruptedException {
    if (output == null) {
      Path dir = TestData.projectRoot().resolve("deploy/target/engines/local-reference");
      SparkHome.deleteTree(dir);
      Path out = dir.resolve("out");
      Processes.Result r = SampleRun.launch(dir, "run.log", List.of("--master", "local[2]"),
          SampleRun.runArguments(SampleRun.ratings().toString(), out.toString(), SampleRun.settings().toString()));
      assertEquals(0, r.exitCode(), "the local[2] reference run failed:\n" + r.output());
      System.out.printf("local[2] reference run: %.1f s%n", r.took().toMillis() / 1000.0);
      output = out;
    }
    return output;
  }
}
