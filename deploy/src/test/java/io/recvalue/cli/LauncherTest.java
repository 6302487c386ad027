package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/bin/recvalue} with {@code SPARK_HOME} set: what it hands to the distribution's
 * {@code spark-submit} (a stand-in that records its arguments): spark-submit options from anywhere on
 * the line, recvalue's arguments after the jar, and the driver's logging configuration, shipped with
 * {@code --files} in YARN cluster mode. Without {@code SPARK_HOME}, against a stand-in JVM: exit
 * statuses pass through, and status 52 (an out-of-memory end in local mode) gets a line saying what
 * to change.
 */
class LauncherTest {
  private static final Path ROOT = TestData.projectRoot();
  private static final Path SCRIPT = ROOT.resolve("deploy/bin/recvalue");
  private static final String JAR = ROOT.resolve("deploy/target/recvalue.jar").toString();
  private static final String LOGGING = ROOT.resolve("deploy/conf/log4j2.properties").toString();
  /** A line of the launcher's option patterns: {@code --master|--deploy-mode|...|\} or {@code ...)}. */
  private static final Pattern PATTERN_LINE = Pattern.compile("^\\s*--[a-z-]+(\\|--[a-z-]+)*(\\|\\\\|\\))\\s*$");

  /** The options the launcher passes to spark-submit, read from its option patterns. */
  static Set<String> sparkSubmitOptions() throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(SCRIPT, StandardCharsets.UTF_8)) {
      if (PATTERN_LINE.matcher(line).matches()) {
        Matcher m = Pattern.compile("--[a-z-]+").matcher(line);
        while (m.find()) {
          out.add(m.group());
        }
      }
    }
    return out;
  }

  @Test
  void theScriptParses() throws Exception {
    Process p = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
  }

  @Test
  void clientModeGivesTheDriverTheLoggingConfigurationByItsPath(@TempDir Path dir) throws Exception {
    assertEquals(List.of("--master", "local[2]", "--driver-memory", "2g",
            "--driver-java-options", "-Dlog4j2.configurationFile=" + LOGGING,
            "--class", "io.recvalue.cli.RecvalueCli", JAR, "run", "--input", "in.csv", "--output", "out"),
        submitted(dir, "run", "--input", "in.csv", "--master", "local[2]", "--output", "out",
            "--driver-memory", "2g"));
  }

  @Test
  void withoutAMasterItRunsLocallyAndTheUsersDriverOptionsComeAfterTheLogging(@TempDir Path dir) throws Exception {
    assertEquals(List.of("--master", "local[*]", "--conf", "spark.executor.memory=2g",
            "--driver-java-options", "-Dlog4j2.configurationFile=" + LOGGING + " -Da=1 -Db=2",
            "--class", "io.recvalue.cli.RecvalueCli", JAR, "demo", "--set", "train.rank=4"),
        submitted(dir, "demo", "--driver-java-options", "-Da=1", "--set", "train.rank=4",
            "--conf", "spark.executor.memory=2g", "--conf", "spark.driver.extraJavaOptions=-Db=2"));
  }

  @Test
  void yarnClusterModeShipsTheLoggingConfigurationWithTheFiles(@TempDir Path dir) throws Exception {
    assertEquals(List.of("--master", "yarn", "--deploy-mode", "cluster", "--num-executors", "4",
            "--files", "conf/yarn.properties," + LOGGING,
            "--driver-java-options", "-Dlog4j2.configurationFile=log4j2.properties",
            "--class", "io.recvalue.cli.RecvalueCli", JAR, "run", "--input", "hdfs:///logs", "--output",
            "hdfs:///out", "--config", "yarn.properties"),
        submitted(dir, "--master", "yarn", "--deploy-mode", "cluster", "run", "--input", "hdfs:///logs",
            "--files", "conf/yarn.properties", "--output", "hdfs:///out", "--num-executors", "4",
            "--config", "yarn.properties"));
  }

  @Test
  void kubernetesClusterModeLeavesTheDriversLoggingToItsImage(@TempDir Path dir) throws Exception {
    assertEquals(List.of("--master", "k8s://https://api:6443", "--deploy-mode", "cluster",
            "--class", "io.recvalue.cli.RecvalueCli", JAR, "run", "--input", "s3a://b/logs", "--output", "s3a://b/out"),
        submitted(dir, "--master", "k8s://https://api:6443", "--deploy-mode", "cluster", "run", "--input",
            "s3a://b/logs", "--output", "s3a://b/out"));
  }

  @Test
  void aJvmThatRanOutOfMemorySaysWhatToChangeInItsLastLine(@TempDir Path dir) throws Exception {
    Launched r = withStandInJava(dir, 52, "3g", "run", "--input", "x", "--output", "y");
    assertEquals(52, r.status(), r.output());
    String[] lines = r.output().strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(last.startsWith("recvalue: the JVM ran out of memory (exit status 52)"), r.output());
    assertTrue(last.contains("RECVALUE_DRIVER_MEMORY, now 3g") && last.contains("train.rows-per-block"), last);
    assertTrue(r.output().contains("stand-in JVM read: from stdin"), "standard input reaches the JVM: " + r.output());
  }

  @Test
  void otherExitStatusesPassThroughWithoutTheMemoryLine(@TempDir Path dir) throws Exception {
    for (int status : new int[] {0, 1, 3}) {
      Launched r = withStandInJava(dir.resolve("s" + status), status, "4g", "demo");
      assertEquals(status, r.status(), r.output());
      assertFalse(r.output().contains("ran out of memory"), r.output());
    }
  }

  private record Launched(int status, String output) {}

  /**
   * The launcher run against a copy of itself whose {@code JAVA_HOME} holds a stand-in {@code java}
   * that echoes its standard input and exits with {@code status}.
   */
  private static Launched withStandInJava(Path dir, int status, String memory, String... args)
      throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("deploy/bin"));
    Files.copy(SCRIPT, bin.resolve("recvalue"));
    Files.createDirectories(dir.resolve("deploy/target"));
    Files.writeString(dir.resolve("deploy/target/recvalue.jar"), "");
    Files.writeString(dir.resolve("deploy/target/spark-classpath.txt"), "");
    Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
    Files.writeString(java, "#!/usr/bin/env bash\necho \"stand-in JVM read: $(cat)\"\nexit " + status + "\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new ArrayList<>(List.of("bash", bin.resolve("recvalue").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("RECVALUE_SKIP_BUILD", "1");
    pb.environment().put("RECVALUE_DRIVER_MEMORY", memory);
    pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
    Process p = pb.start();
    p.getOutputStream().write("from stdin".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new Launched(p.exitValue(), output);
  }

  /** The arguments the launcher gave a stand-in {@code $SPARK_HOME/bin/spark-submit}. */
  private static List<String> submitted(Path dir, String... args) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("spark/bin"));
    Path record = dir.resolve("arguments.txt");
    Path submit = Files.writeString(bin.resolve("spark-submit"),
        "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"$RECORD\"\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("SPARK_HOME", dir.resolve("spark").toString());
    pb.environment().put("RECORD", record.toString());
    pb.environment().put("RECVALUE_SKIP_BUILD", "1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), output);
    return Files.readAllLines(record, StandardCharsets.UTF_8);
  }
}
