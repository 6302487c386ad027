package io.recvalue.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.cli.ExitCodes;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.valuation.output.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly job as users schedule it: {@code spark-submit --master yarn --deploy-mode cluster}
 * of the application jar, the log on HDFS, the outputs written to HDFS, the settings file shipped
 * with {@code --files}. HDFS and YARN run in this JVM ({@link MiniClusters}); the driver runs in
 * YARN's application master, the executors in two YARN containers. Two applications, about a
 * minute each on a quiet machine: a good run, whose outputs must equal local mode's, and a bad
 * input, which must fail the application with recvalue's bad-input status (3).
 */
@SparkTest
class YarnHdfsIT {

  /** spark-submit options for the mini cluster: Spark's jars from the local disk, small containers. */
  static List<String> yarnOptions(String name) {
    String sparkJars = "local:" + SparkHome.get().resolve("jars").toAbsolutePath() + "/*";
    List<String> options = new ArrayList<>(List.of(
        "--master", "yarn", "--deploy-mode", "cluster", "--name", name,
        "--class", "io.recvalue.cli.RecvalueCli",
        "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "512m",
        "--driver-memory", "768m",
        "--files", SampleRun.settings().toString()));
    for (String kv : List.of(
        "spark.yarn.jars=" + sparkJars,
        "spark.yarn.maxAppAttempts=1",
        "spark.executor.memoryOverhead=256m",
        "spark.driver.memoryOverhead=256m",
        "spark.driver.extraJavaOptions=" + SparkSubmit.JAVA17_OPENS,
        "spark.yarn.appMasterEnv.JAVA_HOME=" + SparkHome.javaHome(),
        "spark.executorEnv.JAVA_HOME=" + SparkHome.javaHome(),
        "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
        "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
        "spark.yarn.appMasterEnv.OMP_NUM_THREADS=1",
        "spark.executorEnv.OMP_NUM_THREADS=1",
        "spark.ui.enabled=false")) {
      options.add("--conf");
      options.add(kv);
    }
    options.add(SparkSubmit.applicationJar().toString());
    return options;
  }

  static Processes.Result submit(Path dir, String name, List<String> recvalueArgs) throws Exception {
    MiniClusters clusters = MiniClusters.get();
    List<String> args = new ArrayList<>(yarnOptions(name));
    args.addAll(recvalueArgs);
    Processes.Result r = SparkSubmit.run(dir, name + ".log", clusters.confDir(), clusters.clientEnvironment(), args,
        Duration.ofMinutes(30));
    System.out.printf("YARN application %s: exit code %d, %.1f s%n", name, r.exitCode(), r.took().toMillis() / 1000.0);
    return r;
  }

  @Test
  void clusterModeOnHdfsGivesTheSameOutputsAsLocalMode(@TempDir Path dir) throws Exception {
    Path reference = LocalReference.output();
    MiniClusters clusters = MiniClusters.get();
    FileSystem fs = clusters.hdfs();
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path("/logs/2026-11-22/ratings.csv.gz");
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(SampleRun.ratings().toUri()), log);
    // The sample's explain.item-metadata is relative: it resolves beside the input, i.e. next to the
    // dated folder, where date-partitioned logs keep their one copy of the item metadata.
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(SampleRun.sampleDir().resolve("items.csv.gz").toUri()),
        new org.apache.hadoop.fs.Path("/logs/items.csv.gz"));
    String input = clusters.hdfsUri() + "/logs/2026-11-22/";
    String output = clusters.hdfsUri() + "/recvalue/out";

    // The settings file travels with --files and is named by its bare name, as on a real cluster.
    Processes.Result r = submit(dir, "recvalue-yarn-run",
        SampleRun.runArguments(input, output, SampleRun.settings().getFileName().toString()));
    assertEquals(ExitCodes.OK, r.exitCode(), r.output());
    ApplicationReport report = lastApplication("recvalue-yarn-run");
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
    String values = ValueLayout.table(output, ValueLayout.INTERACTIONS);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(values, "_SUCCESS")), "values written to HDFS");
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(output, "manifest.json")), "manifest written to HDFS");

    Path copy = dir.resolve("from-hdfs");
    fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(output), new org.apache.hadoop.fs.Path(copy.toUri()), true);
    Map<String, Double> worst = OutputComparison.assertSame(SparkTestSession.get(), reference.toString(),
        copy.toString(), SampleRun.TOLERANCE);
    System.out.println("YARN cluster mode vs local[2], largest relative difference per table: " + worst);
  }

  @Test
  void badInputFailsTheApplicationWithTheBadInputStatus(@TempDir Path dir) throws Exception {
    MiniClusters clusters = MiniClusters.get();
    FileSystem fs = clusters.hdfs();
    org.apache.hadoop.fs.Path bad = new org.apache.hadoop.fs.Path("/logs/broken/ratings.csv");
    try (FSDataOutputStream out = fs.create(bad, true)) {
      out.write("user_id,item_id,score,timestamp\nu1,i1,3,1600000000\nu2,i1,4,1600000001\n"
          .getBytes(StandardCharsets.UTF_8));
    }
    Processes.Result r = submit(dir, "recvalue-yarn-bad-input", List.of("ingest",
        "--input", clusters.hdfsUri() + bad, "--output", clusters.hdfsUri() + "/recvalue/broken",
        "--config", SampleRun.settings().getFileName().toString()));
    // Spark's YARN client exits 1 for every failed application; the application itself carries
    // recvalue's exit code.
    assertNotEquals(ExitCodes.OK, r.exitCode(), r.output());
    ApplicationReport report = lastApplication("recvalue-yarn-bad-input");
    assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus(), report.getDiagnostics());
    assertTrue(report.getDiagnostics().contains("User application exited with status " + ExitCodes.BAD_INPUT),
        "diagnostics: " + report.getDiagnostics() + "\n" + r.output());
    assertTrue(r.output().contains("User application exited with status " + ExitCodes.BAD_INPUT), r.output());
  }

  /** The latest finished application of that name, as {@code yarn application -list} shows it. */
  static ApplicationReport lastApplication(String name) throws Exception {
    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(MiniClusters.get().conf());
      client.start();
      return client.getApplications(EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED,
              YarnApplicationState.KILLED)).stream()
          .filter(a -> a.getName().equals(name))
          .max((a, b) -> Long.compare(a.getFinishTime(), b.getFinishTime()))
          .orElseThrow(() -> new AssertionError("no finished YARN application named " + name));
    }
  }
}
