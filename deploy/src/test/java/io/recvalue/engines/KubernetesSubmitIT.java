package io.recvalue.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.recvalue.cli.ExitCodes;
import io.recvalue.core.testing.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark-submit --master k8s://... --deploy-mode cluster} of the base SparkApplication
 * ({@code deploy/k8s/base/sparkapplication.yaml}), translated to spark-submit options the way the
 * Spark operator does, against {@link RecordingApiServer}. The driver pod Spark asks for must run
 * the manifest's image, main class, jar and arguments, as its ServiceAccount, with its cores and
 * memory (plus Spark's overhead), environment and labels.
 */
@SparkTest
class KubernetesSubmitIT {

  @Test
  void driverPodCarriesTheManifest(@TempDir Path dir) throws Exception {
    JsonNode app = new ObjectMapper(new YAMLFactory())
        .readTree(TestData.projectRoot().resolve("deploy/k8s/base/sparkapplication.yaml").toFile());
    JsonNode spec = app.get("spec");
    try (RecordingApiServer api = new RecordingApiServer()) {
      Processes.Result r = SparkSubmit.run(dir, "submit.log", null, Map.of(), submitArguments(api.masterUrl(), app),
          Duration.ofMinutes(5));
      assertEquals(ExitCodes.OK, r.exitCode(), r.output());
      System.out.printf("Kubernetes cluster-mode submission: %.1f s, %d API requests%n",
          r.took().toMillis() / 1000.0, api.requests().size());

      JsonNode pod = api.requests().stream()
          .filter(q -> q.method().equals("POST") && q.path().startsWith("/api/v1/namespaces/recvalue-jobs/pods"))
          .map(RecordingApiServer.Request::body).findFirst()
          .orElseThrow(() -> new AssertionError("no driver pod created: " + api.requests() + "\n" + r.output()));
      assertEquals("recvalue", pod.at("/spec/serviceAccountName").asText());
      assertEquals("Never", pod.at("/spec/restartPolicy").asText(), "the operator, not the pod, retries");
      assertEquals("driver", pod.at("/metadata/labels/app.kubernetes.io~1component").asText());

      JsonNode container = pod.at("/spec/containers/0");
      assertEquals(spec.get("image").asText(), container.get("image").asText());
      assertEquals(spec.get("imagePullPolicy").asText(), container.get("imagePullPolicy").asText());
      List<String> args = new ArrayList<>();
      container.get("args").forEach(a -> args.add(a.asText()));
      List<String> expected = new ArrayList<>(List.of("--class", spec.get("mainClass").asText(),
          spec.get("mainApplicationFile").asText()));
      spec.get("arguments").forEach(a -> expected.add(a.asText()));
      assertEquals(expected, args.subList(args.size() - expected.size(), args.size()), "args " + args);
      assertEquals("driver", args.get(0));

      long memoryMib = mebibytes(spec.at("/driver/memory").asText());
      long withOverhead = memoryMib + Math.max((long) (0.1 * memoryMib), 384);
      JsonNode resources = container.get("resources");
      assertEquals(withOverhead + "Mi", resources.at("/requests/memory").asText(), resources.toString());
      assertEquals(resources.at("/requests/memory"), resources.at("/limits/memory"), "memory limit = request");
      assertEquals(spec.at("/driver/cores").asText(), resources.at("/requests/cpu").asText(), resources.toString());
      assertEquals(spec.at("/driver/coreLimit").asText(), resources.at("/limits/cpu").asText(), resources.toString());
      boolean ompSet = false;
      for (JsonNode env : container.get("env")) {
        ompSet |= env.get("name").asText().equals("OMP_NUM_THREADS") && env.path("value").asText().equals("1");
      }
      assertTrue(ompSet, "driver env " + container.get("env"));

      // The executors' settings travel in the ConfigMap Spark makes for the driver.
      String properties = api.requests().stream()
          .filter(q -> q.body() != null && q.body().path("kind").asText().equals("ConfigMap"))
          .map(q -> q.body().at("/data/spark.properties").asText()).findFirst()
          .orElseThrow(() -> new AssertionError("no driver ConfigMap: " + api.requests()));
      assertTrue(properties.contains("spark.executor.instances=" + spec.at("/executor/instances").asText()), properties);
      assertTrue(properties.contains("spark.executor.memory=" + spec.at("/executor/memory").asText()), properties);
      assertTrue(properties.contains("spark.executor.cores=" + spec.at("/executor/cores").asText()), properties);
      assertTrue(properties.contains("spark.kubernetes.authenticate.driver.serviceAccountName=recvalue"), properties);
    }
  }

  /** The spark-submit command line the Spark operator builds from a SparkApplication. */
  static List<String> submitArguments(String master, JsonNode app) {
    JsonNode spec = app.get("spec");
    List<String> a = new ArrayList<>(List.of("--master", master, "--deploy-mode", spec.get("mode").asText(),
        "--name", app.at("/metadata/name").asText(), "--class", spec.get("mainClass").asText()));
    List<String> conf = new ArrayList<>(List.of(
        "spark.kubernetes.namespace=recvalue-jobs",
        "spark.kubernetes.container.image=" + spec.get("image").asText(),
        "spark.kubernetes.container.image.pullPolicy=" + spec.get("imagePullPolicy").asText(),
        "spark.kubernetes.authenticate.driver.serviceAccountName=" + spec.at("/driver/serviceAccount").asText(),
        "spark.driver.cores=" + spec.at("/driver/cores").asText(),
        "spark.kubernetes.driver.limit.cores=" + spec.at("/driver/coreLimit").asText(),
        "spark.driver.memory=" + spec.at("/driver/memory").asText(),
        "spark.executor.instances=" + spec.at("/executor/instances").asText(),
        "spark.executor.cores=" + spec.at("/executor/cores").asText(),
        "spark.executor.memory=" + spec.at("/executor/memory").asText()));
    spec.at("/driver/labels").fields().forEachRemaining(e ->
        conf.add("spark.kubernetes.driver.label." + e.getKey() + "=" + e.getValue().asText()));
    spec.at("/executor/labels").fields().forEachRemaining(e ->
        conf.add("spark.kubernetes.executor.label." + e.getKey() + "=" + e.getValue().asText()));
    spec.at("/driver/env").forEach(e ->
        conf.add("spark.kubernetes.driverEnv." + e.get("name").asText() + "=" + e.get("value").asText()));
    spec.at("/executor/env").forEach(e ->
        conf.add("spark.executorEnv." + e.get("name").asText() + "=" + e.get("value").asText()));
    spec.get("sparkConf").fields().forEachRemaining(e -> conf.add(e.getKey() + "=" + e.getValue().asText()));
    // Return once the driver pod exists: there is no cluster to run it.
    conf.add("spark.kubernetes.submission.waitAppCompletion=false");
    for (String kv : conf) {
      a.add("--conf");
      a.add(kv);
    }
    a.add(spec.get("mainApplicationFile").asText());
    spec.get("arguments").forEach(x -> a.add(x.asText()));
    return a;
  }

  static long mebibytes(String size) {
    long n = Long.parseLong(size.substring(0, size.length() - 1));
    return switch (size.charAt(size.length() - 1)) {
      case 'g' -> n * 1024;
      case 'm' -> n;
      case 't' -> n * 1024 * 1024;
      default -> throw new IllegalArgumentException(size);
    };
  }
}
