package io.recvalue.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.recvalue.core.testing.SparkTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.recvalue.core.run.Console;
import io.recvalue.core.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests under {@code deploy/k8s} and {@code deploy/Dockerfile}: every YAML file
 * parses; every SparkApplication (and the nightly ScheduledSparkApplication's template) uses only
 * fields of the Spark operator's v1beta2 API with the right types and enum values, names a main
 * class that exists, the jar path the Dockerfile creates and the Spark version the build uses, runs
 * as the ServiceAccount defined beside it, and passes arguments the command line accepts
 * ({@code --check}: parsed, configuration resolved and validated, nothing run) with config files
 * that exist in {@code conf/} and are in the ConfigMap; no file holds a secret. Where
 * {@code kubectl} is installed, every kustomization is also rendered and checked the same way.
 */
@SparkTest
class KubernetesManifestsTest {
  private static final Path ROOT = TestData.projectRoot();
  private static final Path K8S = ROOT.resolve("deploy/k8s");
  private static final String CONF_MOUNT = "/opt/recvalue/conf/";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Set<String> SPEC_FIELDS = Set.of("type", "sparkVersion", "mode", "proxyUser", "image",
      "imagePullPolicy", "imagePullSecrets", "mainClass", "mainApplicationFile", "arguments", "sparkConf",
      "hadoopConf", "sparkConfigMap", "hadoopConfigMap", "volumes", "driver", "executor", "deps",
      "restartPolicy", "nodeSelector", "failureRetries", "retryInterval", "memoryOverheadFactor", "monitoring",
      "batchScheduler", "timeToLiveSeconds", "batchSchedulerOptions", "sparkUIOptions", "dynamicAllocation");
  private static final Set<String> POD_FIELDS = Set.of("cores", "coreLimit", "coreRequest", "memory",
      "memoryOverhead", "gpu", "image", "configMaps", "secrets", "env", "envFrom", "labels", "annotations",
      "volumeMounts", "affinity", "tolerations", "podSecurityContext", "securityContext", "schedulerName",
      "sidecars", "initContainers", "hostNetwork", "nodeSelector", "dnsConfig", "terminationGracePeriodSeconds",
      "serviceAccount", "hostAliases", "shareProcessNamespace", "javaOptions", "priorityClassName",
      "podName", "serviceAnnotations", "serviceLabels", "lifecycle", "ports", "instances", "deleteOnTermination");
  private static final Set<String> RESTART_FIELDS = Set.of("type", "onSubmissionFailureRetries",
      "onFailureRetries", "onSubmissionFailureRetryInterval", "onFailureRetryInterval");
  private static final Set<String> SCHEDULE_FIELDS = Set.of("schedule", "template", "suspend",
      "concurrencyPolicy", "successfulRunHistoryLimit", "failedRunHistoryLimit");

  @Test
  void everyYamlFileParses() throws IOException {
    List<Path> files = yamlFiles();
    assertTrue(files.size() >= 10, "manifests found: " + files);
    for (Path f : files) {
      List<JsonNode> docs = documents(Files.readString(f));
      assertFalse(docs.isEmpty(), f + " is empty");
    }
  }

  @Test
  void sparkApplicationsAreValidAndRunnable() throws Exception {
    List<JsonNode> specs = new ArrayList<>();
    for (Path f : yamlFiles()) {
      for (JsonNode doc : documents(Files.readString(f))) {
        collectSpecs(doc, f.toString(), specs);
      }
    }
    assertEquals(2, specs.size(), "the base SparkApplication and the nightly template");
    for (JsonNode spec : specs) {
      checkSpec(spec, "manifest");
    }
    // Overlays replace the arguments: each replacement must be a command line the CLI accepts.
    // (A patch file is a list of operations; reading YAML documents yields them one by one.)
    int overlays = 0;
    for (Path f : yamlFiles()) {
      for (JsonNode op : documents(Files.readString(f))) {
        if (op.path("op").asText().equals("replace") && op.path("path").asText().equals("/spec/arguments")) {
          checkArguments(strings(op.get("value")), f.toString());
          overlays++;
        }
      }
    }
    assertEquals(3, overlays, "ingest, train and value overlays");
  }

  @Test
  void nightlyRunIsTheBaseRunOnASchedule() throws IOException {
    JsonNode base = documents(Files.readString(K8S.resolve("base/sparkapplication.yaml"))).get(0);
    JsonNode nightly = documents(Files.readString(K8S.resolve("nightly/scheduledsparkapplication.yaml"))).get(0);
    assertEquals("ScheduledSparkApplication", nightly.get("kind").asText());
    JsonNode spec = nightly.get("spec");
    assertKnownFields(spec, SCHEDULE_FIELDS, "ScheduledSparkApplication.spec");
    assertEquals("Forbid", spec.get("concurrencyPolicy").asText(), "never two nightly runs at once");
    assertTrue(spec.get("schedule").asText().matches("^\\S+( \\S+){4}$"), "a five-field cron schedule");
    assertTrue(spec.get("successfulRunHistoryLimit").isInt() && spec.get("successfulRunHistoryLimit").asInt() >= 1);
    assertTrue(spec.get("failedRunHistoryLimit").isInt() && spec.get("failedRunHistoryLimit").asInt() >= 1);
    assertEquals(base.get("spec"), spec.get("template"), "the nightly template must equal the base spec");
  }

  @Test
  void serviceAccountRoleAndConfigMapAreDefined() throws IOException {
    Map<String, JsonNode> byKind = new java.util.HashMap<>();
    for (JsonNode doc : documents(Files.readString(K8S.resolve("common/serviceaccount.yaml")))) {
      byKind.put(doc.get("kind").asText(), doc);
    }
    assertEquals("recvalue", byKind.get("ServiceAccount").at("/metadata/name").asText());
    JsonNode binding = byKind.get("RoleBinding");
    assertEquals(byKind.get("Role").at("/metadata/name").asText(), binding.at("/roleRef/name").asText());
    assertEquals("recvalue", binding.at("/subjects/0/name").asText());
    Set<String> resources = new LinkedHashSet<>(strings(byKind.get("Role").at("/rules/0/resources")));
    assertTrue(resources.containsAll(Set.of("pods", "services", "configmaps")), "a driver manages " + resources);

    for (String file : configMapFiles()) {
      assertTrue(Files.isRegularFile(K8S.resolve("common").resolve(file).normalize()), file + " exists");
    }
  }

  @Test
  void noSecretsInFiles() throws IOException {
    Pattern secretish = Pattern.compile("(?i)(password|secret|token|access\\.key|secret\\.key|credential)\\s*[:=]");
    List<Path> files = new ArrayList<>(yamlFiles());
    files.add(ROOT.resolve("deploy/Dockerfile"));
    for (Path f : files) {
      String text = Files.readString(f);
      assertFalse(secretish.matcher(text).find(), f + " looks like it holds a secret");
      assertFalse(text.contains("kind: Secret"), f + " defines a Secret");
    }
  }

  @Test
  void dockerfileBuildsOnTheSparkVersionAndPlacesTheJar() throws IOException {
    String docker = Files.readString(ROOT.resolve("deploy/Dockerfile"));
    Matcher from = Pattern.compile("(?m)^FROM apache/spark:(\\S+)").matcher(docker);
    assertTrue(from.find(), "FROM an official apache/spark image");
    assertTrue(from.group(1).startsWith(sparkVersion() + "-") || from.group(1).equals(sparkVersion()),
        "image tag " + from.group(1) + " is Spark " + sparkVersion());
    assertTrue(from.group(1).contains("java17"), "Java 17, as the build");
    assertTrue(docker.contains("deploy/target/recvalue.jar /opt/recvalue/recvalue.jar"), "the jar is copied");
    assertTrue(docker.matches("(?s).*\\nUSER spark\\s*$"), "runs as the image's unprivileged user");
  }

  @Test
  void kustomizationsRenderToValidApplications() throws Exception {
    Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed; the kustomizations are not rendered");
    for (String dir : List.of("base", "overlays/ingest", "overlays/train", "overlays/value", "nightly")) {
      Process p = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor", "LoadRestrictionsNone",
          K8S.resolve(dir).toString()).redirectErrorStream(true).start();
      String rendered = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize " + dir + " did not finish");
      assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + ":\n" + rendered);
      List<JsonNode> specs = new ArrayList<>();
      Set<String> kinds = new LinkedHashSet<>();
      for (JsonNode doc : documents(rendered)) {
        kinds.add(doc.get("kind").asText());
        collectSpecs(doc, dir, specs);
      }
      assertTrue(kinds.containsAll(Set.of("ServiceAccount", "Role", "RoleBinding", "ConfigMap")), dir + ": " + kinds);
      assertEquals(1, specs.size(), dir + " renders one application");
      checkSpec(specs.get(0), dir);
      String command = strings(specs.get(0).get("arguments")).get(0);
      String expected = dir.startsWith("overlays/") ? dir.substring("overlays/".length()) : "run";
      assertEquals(expected, command, dir + " runs " + expected);
    }
  }

  // ---- checks

  private static void collectSpecs(JsonNode doc, String where, List<JsonNode> specs) {
    String kind = doc.path("kind").asText();
    if (kind.equals("SparkApplication") || kind.equals("ScheduledSparkApplication")) {
      assertEquals("sparkoperator.k8s.io/v1beta2", doc.get("apiVersion").asText(), where);
      assertTrue(doc.at("/metadata/name").asText().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), where + ": name");
      specs.add(kind.equals("SparkApplication") ? doc.get("spec") : doc.at("/spec/template"));
    }
  }

  private static void checkSpec(JsonNode spec, String where) throws Exception {
    assertKnownFields(spec, SPEC_FIELDS, where + " spec");
    assertKnownFields(spec.get("driver"), POD_FIELDS, where + " driver");
    assertKnownFields(spec.get("executor"), POD_FIELDS, where + " executor");
    assertKnownFields(spec.get("restartPolicy"), RESTART_FIELDS, where + " restartPolicy");
    assertOneOf(spec, "type", Set.of("Java", "Scala", "Python", "R"), where);
    assertOneOf(spec, "mode", Set.of("cluster", "client"), where);
    assertOneOf(spec, "imagePullPolicy", Set.of("Always", "IfNotPresent", "Never"), where);
    assertOneOf(spec.get("restartPolicy"), "type", Set.of("Never", "Always", "OnFailure"), where);
    assertEquals(sparkVersion(), spec.get("sparkVersion").asText(), where + ": sparkVersion");
    assertEquals("local:///opt/recvalue/recvalue.jar", spec.get("mainApplicationFile").asText(), where);

    Class<?> main = Class.forName(spec.get("mainClass").asText());
    Method m = main.getMethod("main", String[].class);
    assertTrue(Modifier.isStatic(m.getModifiers()), where + ": static main");

    for (String pod : List.of("driver", "executor")) {
      JsonNode p = spec.get(pod);
      assertTrue(p.get("cores").isInt() && p.get("cores").asInt() >= 1, where + " " + pod + ".cores is an integer");
      assertTrue(p.get("memory").isTextual() && p.get("memory").asText().matches("\\d+[kmgt]"),
          where + " " + pod + ".memory is a Spark size such as 4g");
    }
    assertTrue(spec.at("/executor/instances").isInt(), where + ": executor.instances is an integer");
    assertEquals("recvalue", spec.at("/driver/serviceAccount").asText(), where + ": the driver's ServiceAccount");
    spec.get("sparkConf").fields().forEachRemaining(e ->
        assertTrue(e.getValue().isTextual(), where + ": sparkConf " + e.getKey() + " must be a string"));
    JsonNode mount = spec.at("/driver/volumeMounts/0");
    assertEquals(CONF_MOUNT, mount.get("mountPath").asText() + "/", where + ": settings mounted");
    assertEquals("recvalue-conf", spec.at("/volumes/0/configMap/name").asText(), where);
    assertEquals(mount.get("name").asText(), spec.at("/volumes/0/name").asText(), where);

    checkArguments(strings(spec.get("arguments")), where);
  }

  /** The CLI accepts the arguments ({@code --check}) with the ConfigMap's files taken from conf/. */
  private static void checkArguments(List<String> arguments, String where) throws IOException {
    List<String> local = new ArrayList<>();
    Set<String> mapped = configMapFiles().stream().map(f -> Path.of(f).getFileName().toString())
        .collect(java.util.stream.Collectors.toSet());
    for (int n = 0; n < arguments.size(); n++) {
      String a = arguments.get(n);
      if (n > 0 && arguments.get(n - 1).equals("--config")) {
        assertTrue(a.startsWith(CONF_MOUNT), where + ": --config " + a + " is read from the ConfigMap mount");
        String file = a.substring(CONF_MOUNT.length());
        assertTrue(mapped.contains(file), where + ": " + file + " is in the ConfigMap " + mapped);
        Path inConf = ROOT.resolve("conf").resolve(file);
        assertTrue(Files.isRegularFile(inConf), where + ": conf/" + file + " exists");
        a = inConf.toString();
      }
      local.add(a);
    }
    local.add("--check");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = new RecvalueCli(new Console(print, print)).run(local.toArray(String[]::new));
    assertEquals(ExitCodes.OK, code, where + ": " + arguments + "\n" + out.toString(StandardCharsets.UTF_8));
    assertTrue(SparkSession.getActiveSession().isEmpty(), "--check starts no Spark session");
  }

  private static void assertKnownFields(JsonNode node, Set<String> known, String where) {
    assertTrue(node != null && node.isObject(), where + " is missing");
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      assertTrue(known.contains(f), where + ": unknown field '" + f + "'");
    }
  }

  private static void assertOneOf(JsonNode node, String field, Set<String> allowed, String where) {
    String v = node.path(field).asText();
    assertTrue(allowed.contains(v), where + ": " + field + " = '" + v + "' is not one of " + allowed);
  }

  // ---- reading

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(K8S)) {
      return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static List<String> configMapFiles() throws IOException {
    JsonNode k = documents(Files.readString(K8S.resolve("common/kustomization.yaml"))).get(0);
    List<String> files = strings(k.at("/configMapGenerator/0/files"));
    assertFalse(files.isEmpty(), "the ConfigMap is made from files in conf/");
    for (String f : files) {
      assertTrue(K8S.resolve("common").resolve(f).normalize().startsWith(ROOT.resolve("conf")), f + " is in conf/");
    }
    return files;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array == null || !array.isArray()) {
      fail("expected a list, got " + array);
    }
    array.forEach(v -> {
      assertTrue(v.isTextual(), "expected a string, got " + v);
      out.add(v.asText());
    });
    return out;
  }

  private static String sparkVersion() throws IOException {
    Matcher m = Pattern.compile("<spark.version>([^<]+)</spark.version>").matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertTrue(m.find());
    return m.group(1);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
