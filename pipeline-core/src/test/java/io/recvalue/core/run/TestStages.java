package io.recvalue.core.run;

import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Stages and a stage context for tests of {@link StageRunner}'s failure handling. */
final class TestStages {
  private TestStages() {}

  /** A context on the test session writing to {@code dir}, with a silent console. */
  static StageContext context(Path dir, RecvalueConfig config) {
    Console console = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return new StageContext(SparkTestSession.get(), config, dir.toString(), Optional.empty(),
        new RunManifest("test", List.of(), config), console);
  }

  /** A stage named {@code name} that runs {@code body}. */
  static Stage stage(String name, Runnable body) {
    return new Stage() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run(StageContext context) {
        body.run();
      }
    };
  }
}
