package io.recvalue.engines;

import io.recvalue.core.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark "home" made from the jars Maven resolved: {@code deploy/target/spark-home/jars/} holds a
 * link to every jar of {@code target/spark-classpath.txt} (Spark with YARN and Kubernetes support,
 * Hadoop's client, Arrow), which is all of a distribution that executors started by a
 * {@code local-cluster} worker, a YARN container or {@code SparkSubmit} itself need.
 */
public final class SparkHome {
  private static Path home;

  private SparkHome() {}

  /** The home folder, (re)built once per JVM from the classpath file the build wrote. */
  public static synchronized Path get() {
    if (home == null) {
      Path root = TestData.projectRoot();
      Path classpath = root.resolve("deploy/target/spark-classpath.txt");
      Path dir = root.resolve("deploy/target/spark-home");
      try {
        String entries = Files.readString(classpath, StandardCharsets.UTF_8).strip();
        deleteTree(dir);
        Path jars = Files.createDirectories(dir.resolve("jars"));
        for (String entry : entries.split(java.io.File.pathSeparator)) {
          Path jar = Path.of(entry);
          Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot build a Spark home from " + classpath
            + " (run 'mvn package' first)", e);
      }
      home = dir;
    }
    return home;
  }

  /** Spark's jars as a Java classpath wildcard. */
  public static String jarsClasspath() {
    return get().resolve("jars").toAbsolutePath() + "/*";
  }

  /**
   * The environment every Spark JVM needs here: the home, the Scala version (without it executors
   * look for a source build), loopback only, and this JVM's Java.
   */
  public static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_HOME", get().toAbsolutePath().toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("JAVA_HOME", javaHome());
    env.put("OMP_NUM_THREADS", "1");
    return env;
  }

  /** The Java installation running the tests. */
  public static String javaHome() {
    return Path.of(System.getProperty("java.home")).toAbsolutePath().toString();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
