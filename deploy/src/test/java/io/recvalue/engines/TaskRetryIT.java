package io.recvalue.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks that fail on their first attempt and succeed on the second ({@code local[2,2]}: two
 * attempts allowed) must not change any output: whatever a task computes must depend only on its
 * input partition and seeds, never on how often it ran. The failures come from
 * {@link OneTimeTaskFailures}, a plugin loaded from a jar built here.
 */
@SparkTest
class TaskRetryIT {

  @Test
  void retriedTasksGiveTheSameOutputs(@TempDir Path dir) throws Exception {
    Path reference = LocalReference.output();
    Path pluginJar = jarOf(OneTimeTaskFailures.class, dir.resolve("failures.jar"));
    Path out = dir.resolve("out");
    Processes.Result r = SampleRun.launch(dir, "run.log",
        List.of("--master", "local[2,2]", "--jars", pluginJar.toString(),
            "--conf", "spark.plugins=" + OneTimeTaskFailures.class.getName()),
        SampleRun.runArguments(SampleRun.ratings().toString(), out.toString(), SampleRun.settings().toString()));
    assertEquals(0, r.exitCode(), r.output());
    long injected = r.output().lines().filter(l -> l.startsWith(OneTimeTaskFailures.MARK)).count();
    System.out.printf("local[2,2] run with %d injected task failures: %.1f s%n", injected, r.took().toMillis() / 1000.0);
    assertTrue(injected >= 10, "expected failures in many stages, saw " + injected + "\n" + r.output());

    Map<String, Double> worst = OutputComparison.assertSame(SparkTestSession.get(), reference.toString(),
        out.toString(), SampleRun.TOLERANCE);
    System.out.println("retried tasks vs local[2], largest relative difference per table: " + worst);
  }

  /** A jar holding one class (and its nested classes) of the test classpath. */
  static Path jarOf(Class<?> type, Path jar) throws IOException {
    Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath());
    String packageDir = type.getPackageName().replace('.', '/');
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        var listing = Files.list(classes.resolve(packageDir))) {
      for (Path p : listing.filter(p -> p.getFileName().toString().startsWith(type.getSimpleName())).toList()) {
        out.putNextEntry(new JarEntry(packageDir + "/" + p.getFileName()));
        try (InputStream in = Files.newInputStream(p)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
