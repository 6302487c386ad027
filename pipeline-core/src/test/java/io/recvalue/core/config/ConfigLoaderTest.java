package io.recvalue.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void defaultsLoadWithTypedValues() {
    RecvalueConfig c = ConfigLoader.load(List.of(), List.of());
    assertEquals(10, c.getInt("train.rank"));
    assertEquals(0.1, c.getDouble("train.lambda"));
    assertEquals(42L, c.getLong("run.seed"));
    assertEquals("latest", c.getString("ingest.duplicates"));
    assertTrue(c.getOptionalDouble("ingest.rating-min").isEmpty());
    assertTrue(c.getOptionalString("input.weight-col").isEmpty());
    assertTrue(c.sources().get("train.rank").matches("defaults:\\d+"), c.sources().get("train.rank"));
  }

  @Test
  void laterLayersWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "# a job\ntrain.rank = 16\ntrain.lambda=0.5\n", StandardCharsets.UTF_8);
    RecvalueConfig c = ConfigLoader.load(List.of(file), List.of("train.rank=32", "spark.foo=bar"));
    assertEquals(32, c.getInt("train.rank"));
    assertEquals(0.5, c.getDouble("train.lambda"));
    assertEquals(file + ":3", c.sources().get("train.lambda"));
    assertEquals(Map.of("spark.foo", "bar"), c.sparkSettings());
  }

  @Test
  void outOfRangeValueNamesKeyValueAndSource() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(), List.of("train.rank=0")));
    assertEquals("train.rank = 0 (from --set) is out of range [1, 1000]", e.getMessage());
    assertEquals("train.rank", e.key());
  }

  @Test
  void runDateIsAnIsoDateOrToday() {
    assertEquals("2026-11-22", ConfigLoader.load(List.of(), List.of("run.date=2026-11-22")).getString("run.date"));
    assertEquals("today", ConfigLoader.load(List.of(), List.of("run.date=Today")).getString("run.date"));
    assertEquals("", ConfigLoader.load(List.of(), List.of()).getString("run.date"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(List.of(), List.of("run.date=2026-13-01")));
    assertEquals("run.date = 2026-13-01 (from --set) is not a date YYYY-MM-DD, or today", e.getMessage());
  }

  @Test
  void unknownKeySuggestsTheClosest() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(), List.of("train.rnak=16")));
    assertEquals(
        "train.rnak = 16 (from --set) is not a known key; did you mean train.rank?", e.getMessage());
  }

  @Test
  void wrongTypesAreRejected() {
    assertEquals(
        "train.lambda = abc (from --set) is not a number",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(), List.of("train.lambda=abc")))
            .getMessage());
    assertEquals(
        "train.lambda = NaN (from --set) is not a number",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(), List.of("train.lambda=NaN")))
            .getMessage());
    assertEquals(
        "ingest.duplicates = first (from --set) must be one of latest, mean, sum",
        assertThrows(
                ConfigException.class, () -> ConfigLoader.load(List.of(), List.of("ingest.duplicates=first")))
            .getMessage());
    assertEquals(
        "train.compare-mllib = yes (from --set) is not true or false",
        assertThrows(
                ConfigException.class, () -> ConfigLoader.load(List.of(), List.of("train.compare-mllib=yes")))
            .getMessage());
    assertEquals(
        "--set expects key=value, got 'train.rank' (e.g. --set train.rank=16)",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(), List.of("train.rank")))
            .getMessage());
  }

  @Test
  void badFileLineAndMissingFileAreReported(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "train.rank = 8\nthis line has no equals sign\n", StandardCharsets.UTF_8);
    assertEquals(
        file + ":2: expected 'key = value', got 'this line has no equals sign'",
        assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(file), List.of())).getMessage());
    Path missing = dir.resolve("nope.properties");
    assertEquals(
        "config file not found: " + missing,
        assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(missing), List.of()))
            .getMessage());
  }

  @Test
  void secretsAreRedactedButStillHashed() {
    RecvalueConfig a =
        ConfigLoader.load(List.of(), List.of("spark.hadoop.fs.s3a.secret.key=hunter2", "spark.x.password=p"));
    RecvalueConfig b = ConfigLoader.load(List.of(), List.of("spark.hadoop.fs.s3a.secret.key=other", "spark.x.password=p"));
    Map<String, String> shown = a.toRedactedMap();
    assertEquals("*****", shown.get("spark.hadoop.fs.s3a.secret.key"));
    assertEquals("*****", shown.get("spark.x.password"));
    assertFalse(shown.toString().contains("hunter2"));
    assertEquals("hunter2", a.sparkSettings().get("spark.hadoop.fs.s3a.secret.key"));
    assertNotEquals(a.hash(), b.hash());
    assertEquals(a.hash(), ConfigLoader.load(List.of(), List.of(
        "spark.x.password=p", "spark.hadoop.fs.s3a.secret.key=hunter2")).hash());
  }

  @Test
  void differencesFromTheDefaultsAreTheChangedValuesOnlyWithSecretsRedacted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "train.rank = 10\ntrain.lambda = 0.10\ntrain.max-iter = 7\n", StandardCharsets.UTF_8);
    ConfigLoader loader = new ConfigLoader().addFile(file).addOverride("spark.hadoop.fs.s3a.secret.key=abc")
        .addOverride("value.method", "ep", "--method");
    RecvalueConfig c = loader.load();
    assertEquals(Map.of("train.max-iter", "7", "value.method", "ep", "spark.hadoop.fs.s3a.secret.key", "*****"),
        c.redactedDifferencesFrom(ConfigLoader.defaults()));
    assertEquals("--method", c.sources().get("value.method"));
    assertEquals(file + ":3", c.sources().get("train.max-iter"));
    assertTrue(ConfigLoader.defaults().redactedDifferencesFrom(ConfigLoader.defaults()).isEmpty());
  }

  @Test
  void anOverrideFromAnOptionIsNamedInItsError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new ConfigLoader().addOverride("value.method", "magic", "--method").load());
    assertEquals("value.method = magic (from --method) must be one of influence, blockdiag, ep, pg, residual", e.getMessage());
  }

  @Test
  void overlaysInConfFolderAllLoad() throws Exception {
    Path conf = TestData.projectRoot().resolve("conf");
    for (String overlay : List.of("local.properties", "local-1e8-value.properties", "yarn.properties", "yarn-1e9.properties",
        "k8s.properties")) {
      RecvalueConfig c = ConfigLoader.load(List.of(conf.resolve(overlay)), List.of());
      assertFalse(c.hash().isEmpty(), overlay);
    }
  }

  @Test
  void defaultsFileSchemaAndReadmeAgree() throws Exception {
    Set<String> schema = ConfigSchema.keys().stream().map(ConfigKey::name).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(schema, new TreeSet<>(ConfigDocs.packagedDefaults().keySet()));
    String readme = Files.readString(TestData.projectRoot().resolve("conf/README.md"), StandardCharsets.UTF_8);
    String generated = ConfigDocs.keyTable();
    assertTrue(
        readme.contains(ConfigDocs.BEGIN + "\n" + generated + ConfigDocs.END),
        "conf/README.md is stale: regenerate it with io.recvalue.core.config.ConfigDocs");
  }
}
