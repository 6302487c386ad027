package io.recvalue.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session per test JVM, shared by every test class (Spark sessions are expensive to
 * start and the suite runs on two cores). Tests that need another master (local-cluster, YARN) start
 * their own and must not call {@link #get()} in the same JVM.
 *
 * <p>Only a test class marked {@link SparkTest} may ask for the session: {@link #get()} refuses any
 * other caller, so {@code mvn test -DexcludedGroups=spark} cannot silently start Spark.
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  /** The shared {@code local[2]} session, with a checkpoint directory under a temporary folder. */
  public static synchronized SparkSession get() {
    requireSparkTestCaller();
    if (session == null || session.sparkContext().isStopped()) {
      Path tmp;
      try {
        tmp = Files.createTempDirectory("recvalue-test-spark");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("recvalue-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.default.parallelism", "4")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.warehouse.dir", tmp.resolve("warehouse").toString())
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      session.sparkContext().setCheckpointDir(tmp.resolve("checkpoints").toString());
    }
    return session;
  }

  private static void requireSparkTestCaller() {
    boolean marked = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames.anyMatch(f -> isMarked(f.getDeclaringClass())));
    if (!marked) {
      throw new IllegalStateException("a test that starts Spark must be marked @" + SparkTest.class.getSimpleName()
          + " (so that -DexcludedGroups=" + SparkTest.TAG + " leaves it out)");
    }
  }

  private static boolean isMarked(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (k.isAnnotationPresent(SparkTest.class)) {
        return true;
      }
    }
    return false;
  }
}
