package io.recvalue.engines;

import io.recvalue.core.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spark-submit} as a Spark distribution runs it: {@code org.apache.spark.deploy.SparkSubmit}
 * in its own JVM on the Spark home's jars, with an extra classpath folder in front (a Hadoop client
 * configuration) and the environment given.
 */
public final class SparkSubmit {
  /** Spark's module list for Java 17, for the submitting JVM and cluster-mode drivers. */
  public static final String JAVA17_OPENS = String.join(" ",
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");

  private SparkSubmit() {}

  /** The application jar this build packaged. */
  public static Path applicationJar() {
    return TestData.projectRoot().resolve("deploy/target/recvalue.jar");
  }

  public static Processes.Result run(Path workDir, String logName, Path extraClasspath, Map<String, String> env,
      List<String> arguments, Duration limit) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(SparkHome.javaHome(), "bin", "java").toString());
    cmd.addAll(List.of(JAVA17_OPENS.split(" ")));
    cmd.add("-Xmx512m");
    cmd.add("-Dlog4j2.configurationFile=" + TestData.projectRoot().resolve("deploy/conf/log4j2.properties"));
    cmd.add("-cp");
    cmd.add((extraClasspath == null ? "" : extraClasspath + java.io.File.pathSeparator) + SparkHome.jarsClasspath());
    cmd.add("org.apache.spark.deploy.SparkSubmit");
    cmd.addAll(arguments);
    Map<String, String> all = new LinkedHashMap<>(SparkHome.environment());
    all.putAll(env);
    Files.createDirectories(workDir);
    return Processes.run(cmd, all, workDir, workDir.resolve(logName), limit);
  }
}
