package io.recvalue.explain.bench;

import static org.apache.spark.sql.functions.col;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.bench.BenchmarkRecord;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.IngestJob;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import io.recvalue.core.run.StageRunner;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.testing.TestData;
import io.recvalue.explain.features.ExplainTarget;
import io.recvalue.explain.features.FeatureTable;
import io.recvalue.explain.features.ItemFeatures;
import io.recvalue.explain.features.ItemMetadata;
import io.recvalue.explain.jobs.ExplainJob;
import io.recvalue.explain.shapley.PermutationShapley;
import io.recvalue.explain.shapley.ShapleyEstimate;
import io.recvalue.explain.shapley.StoppingRule;
import io.recvalue.explain.spark.BackgroundSample;
import io.recvalue.explain.surrogate.Surrogate;
import io.recvalue.explain.surrogate.SurrogateKind;
import io.recvalue.explain.surrogate.SurrogateSettings;
import io.recvalue.explain.surrogate.SurrogateTrainer;
import io.recvalue.valuation.jobs.ValueInteractionsJob;
import io.recvalue.valuation.output.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The explain stage on MovieTweetings-small with the bundled item metadata (years, genres): values
 * from the real ingest, train and value stages (defaults), then (1) the surrogate's held-out R² for
 * GBT (depths 3 and 5) and random forest, value sum and value mean, (2) permutations 30 items need to
 * reach max SE / range ≤ 0.01 with an uncapped rule, and (3) wall time per item of the distributed
 * explain stage (background 100, at most 2,000 permutations). Opt-in: runs only with {@code -Drecvalue.benchmark=true}; appends its rows to
 * {@code benchmarks/explain.md} (or {@code -Drecvalue.benchmark.record=FILE}).
 */
@SparkTest
class ExplainMovieTweetingsBenchmark {
  private static String command = "mvn -B -o -pl explain-jobs -am test -Dtest=ExplainMovieTweetingsBenchmark"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Drecvalue.benchmark=true";

  @Test
  void explainMovieTweetingsSmall() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("recvalue.benchmark"), "benchmark not requested");
    Path ratings = TestData.movieTweetingsSmall();
    Path items = TestData.projectRoot().resolve("deploy/src/main/resources/sample/movietweetings-small/items.csv.gz");
    Path record = Path.of(System.getProperty("recvalue.benchmark.record",
        TestData.projectRoot().resolve("benchmarks/explain.md").toString()));
    SparkSession spark = SparkTestSession.get();
    // -Drecvalue.benchmark.run=DIR reuses a run folder that holds values (e.g. one 'recvalue demo' wrote)
    String reuse = System.getProperty("recvalue.benchmark.run", "");
    Path out = reuse.isEmpty() ? Files.createTempDirectory("recvalue-explain-benchmark") : Path.of(reuse);
    RecvalueConfig config = ConfigLoader.load(List.of(), List.of("input.timestamp-format=epoch-seconds",
        "ingest.rating-min=0", "ingest.rating-max=10", "train.compare-mllib=false",
        "explain.item-metadata=" + items, "explain.background-size=100", "explain.max-permutations=2000"));
    StageContext context = new StageContext(spark, config, out.toString(), Optional.of(ratings.toString()),
        new RunManifest("benchmark", List.of(), config), Console.standard());
    if (!reuse.isEmpty()) {
      ValueLayout.rejectOldLayout(out.toString(), spark.sparkContext().hadoopConfiguration());
      command += " -Drecvalue.benchmark.run=DIR (DIR written by 'deploy/bin/recvalue demo --output DIR')";
    }
    if (reuse.isEmpty()) {
      StageRunner.run(context, List.of(new IngestJob(), new TrainJob(), new ValueInteractionsJob()));
    }
    String data = "MovieTweetings-small, values by the default value stage" + (reuse.isEmpty() ? "" : " of a demo run")
        + ", items.csv.gz metadata";

    surrogateFits(spark, context, items, record, data);
    long rootSeed = config.getLong("run.seed");
    permutationsToTolerance(spark, context, items, rootSeed, record, data);

    long start = System.nanoTime();
    StageRunner.run(context, List.of(new ExplainJob()));
    double seconds = (System.nanoTime() - start) / 1e9;
    @SuppressWarnings("unchecked")
    Map<String, Object> item = (Map<String, Object>) context.manifest().stage("explain").get("item");
    String row = String.format(Locale.ROOT, "| %d | %d | %s | %s | %s / %s / %s | %s | %.1f | %.4f |",
        ((List<?>) item.get("features")).size(), ((Number) item.get("rows")).longValue(),
        fmt(item.get("surrogate_r2_heldout")), item.get("background_size"), item.get("permutations_min"),
        item.get("permutations_median"), item.get("permutations_max"), item.get("converged_rows"),
        seconds, ((Number) item.get("seconds_shapley")).doubleValue() / ((Number) item.get("rows")).doubleValue());
    System.out.println("BENCHMARK explain stage " + item);
    BenchmarkRecord.append(record, "Explain stage: wall time per item (background 100, at most 2,000 permutations, local[2])", command, data, row,
        "| features | items | held-out R² | background | permutations min / median / max | items at SE/range ≤ 0.01 |"
            + " stage seconds | Shapley seconds per item |");
  }

  /** Held-out R² of surrogate variants on the same item features and split. */
  private static void surrogateFits(SparkSession spark, StageContext context, Path items, Path record, String data)
      throws Exception {
    long root = context.config().getLong("run.seed");
    for (ExplainTarget target : ExplainTarget.values()) {
      FeatureTable table = table(spark, context, items, target, root);
      table.rows().cache();
      for (SurrogateKind kind : SurrogateKind.values()) {
        for (int depth : kind == SurrogateKind.GBT ? new int[] {3, 5} : new int[] {8}) {
          long start = System.nanoTime();
          Surrogate s = SurrogateTrainer.fit(table, new SurrogateSettings(kind, 60, depth, 0.1, 7));
          double seconds = (System.nanoTime() - start) / 1e9;
          String row = String.format(Locale.ROOT, "| %s | %s | 60 | %d | %d | %d | %.4f | %.4f | %.1f |", target.id(),
              kind.id(), depth, s.train().rows(), s.heldout().rows(), s.r2Train(), s.r2Heldout(), seconds);
          System.out.println("BENCHMARK surrogate " + row);
          BenchmarkRecord.append(record, "Explain: surrogate R² on MovieTweetings-small items", command, data, row,
              "| target | surrogate | trees | depth | train items | held-out items | train R² | held-out R² | fit seconds |");
        }
      }
      table.rows().unpersist();
    }
  }

  /** Permutations each of 30 items needs to reach max SE / range ≤ 0.01 (cap far out of reach). */
  private static void permutationsToTolerance(SparkSession spark, StageContext context, Path items, long root,
      Path record, String data) throws java.io.IOException {
    FeatureTable table = table(spark, context, items, ExplainTarget.VALUE_SUM, root);
    Surrogate s = SurrogateTrainer.fit(table, new SurrogateSettings(SurrogateKind.GBT, 100, 5, 0.1, 7));
    double[][] background = BackgroundSample.draw(table, 100, root);
    List<Row> rows = table.rows().orderBy(col(FeatureTable.KEY_HASH)).limit(30).collectAsList();
    int[] used = new int[rows.size()];
    int reached = 0;
    long start = System.nanoTime();
    for (int k = 0; k < rows.size(); k++) {
      double[] x = rows.get(k).<Double>getList(rows.get(k).fieldIndex(FeatureTable.FEATURES)).stream()
          .mapToDouble(Double::doubleValue).toArray();
      ShapleyEstimate e = PermutationShapley.estimate(s.model(), x, background, new StoppingRule(0.01, 1_000_000),
          rows.get(k).getLong(rows.get(k).fieldIndex(FeatureTable.KEY_HASH)));
      used[k] = e.permutations();
      reached += e.converged() ? 1 : 0;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int[] sorted = used.clone();
    Arrays.sort(sorted);
    String row = String.format(Locale.ROOT, "| %d | %d | 100 | %d | %d | %d | %d | %d | %.4f |", table.width(),
        rows.size(), reached, sorted[0], sorted[sorted.length / 2], sorted[(int) Math.floor(0.9 * (sorted.length - 1))],
        sorted[sorted.length - 1], seconds / rows.size());
    System.out.println("BENCHMARK permutations " + row + " features " + table.featureNames());
    BenchmarkRecord.append(record, "Explain: permutations to reach max SE / range ≤ 0.01", command, data, row,
        "| features | items | background | reached | permutations min | median | p90 | max | seconds per item (one thread) |");
  }

  private static FeatureTable table(SparkSession spark, StageContext context, Path items, ExplainTarget target,
      long root) {
    SplitTables split = SplitTables.read(context);
    Dataset<Row> values = spark.read().parquet(ValueLayout.table(context.outputDir(), ValueLayout.INTERACTIONS));
    Dataset<Row> itemValues = spark.read().parquet(ValueLayout.table(context.outputDir(), ValueLayout.ITEMS));
    Dataset<Row> users = spark.read().parquet(context.path("train", "user_factors")).select("user_idx", "factors");
    Dataset<Row> itemFactors = spark.read().parquet(context.path("train", "item_factors")).select("item_idx", "factors");
    return ItemFeatures.build(spark, values, split.validation(), itemValues, users, itemFactors,
        Optional.of(new ItemMetadata(items.toString(), "item_id", "year", "title", "genres", "|", 8)), target, root, 0.2);
  }

  private static String fmt(Object v) {
    return v instanceof Number ? String.format(Locale.ROOT, "%.4f", ((Number) v).doubleValue()) : String.valueOf(v);
  }
}
