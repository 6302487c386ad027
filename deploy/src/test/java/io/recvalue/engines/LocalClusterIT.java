package io.recvalue.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole pipeline on {@code local-cluster[2,1,1024]}: a standalone master and two executor JVMs
 * started by Spark, the application jar shipped to them as on a real cluster. This is what
 * {@code local[N]} hides: serialisation of every closure and record, the jar on the executors'
 * classpath, state kept in static fields. The outputs must equal local mode's, with Spark's default
 * serializer and with Kryo (the serializer the {@code conf/} overlays choose for clusters, which cannot
 * write Java records without {@link io.recvalue.core.run.KryoRecords}, loaded here in the executor JVMs).
 */
@SparkTest
class LocalClusterIT {

  @ParameterizedTest(name = "spark.serializer={0}")
  @ValueSource(strings = {"org.apache.spark.serializer.JavaSerializer", "org.apache.spark.serializer.KryoSerializer"})
  void twoExecutorJvmsGiveTheSameOutputsAsLocalMode(String serializer, @TempDir Path dir) throws Exception {
    Path reference = LocalReference.output();
    Path out = dir.resolve("out");
    Processes.Result r = SampleRun.launch(dir, "run.log",
        List.of("--master", "local-cluster[2,1,1024]", "--executor-memory", "768m", "--conf", "spark.serializer=" + serializer),
        SampleRun.runArguments(SampleRun.ratings().toString(), out.toString(), SampleRun.settings().toString()));
    assertEquals(0, r.exitCode(), r.output());
    System.out.printf("local-cluster[2,1,1024] run with %s: %.1f s%n", serializer, r.took().toMillis() / 1000.0);
    assertTrue(r.output().contains("recvalue run: succeeded"), r.output());

    Map<String, Double> worst = OutputComparison.assertSame(SparkTestSession.get(), reference.toString(),
        out.toString(), SampleRun.TOLERANCE);
    System.out.println("local-cluster (" + serializer + ") vs local[2], largest relative difference per table: " + worst);
  }
}
