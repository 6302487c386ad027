package io.recvalue.explain.bench;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.AlsParams;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.core.bench.BenchmarkRecord;
import io.recvalue.core.config.ConfigLoader;
import io.recvalue.core.config.RecvalueConfig;
import io.recvalue.core.jobs.SplitTables;
import io.recvalue.core.jobs.TrainJob;
import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.explain.features.ItemMetadata;
import io.recvalue.explain.groups.CoalitionResolver;
import io.recvalue.explain.groups.DataGroups;
import io.recvalue.explain.groups.GroupExplanation;
import io.recvalue.explain.groups.GroupSettings;
import io.recvalue.valuation.output.ValueLayout;
import io.recvalue.valuation.spark.FactorTables;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The group game on a run folder written by {@code recvalue run} (ingest, train, value): for each
 * {@code groups:ρ} of the grid, the learnt surrogate's LDS on held-out re-solves, the first-order
 * LDS, agreement with the exact Shapley values where every coalition is re-solved, and the wall time
 * of all re-solves against one training from scratch with the run's settings, timed in the same
 * process. Opt-in ({@code -Drecvalue.benchmark=true}); the run folder, its config file and input log
 * and a label come from {@code -Drecvalue.benchmark.run}, {@code .config}, {@code .input}, {@code .data};
 * {@code --set} overrides (comma-separated) from {@code .set}; the grid from {@code -Drecvalue.benchmark.grid}
 * ({@code groups:ρ[:enumerate-up-to]}, default {@code 8:0.2,8:0.1,8:0.5,12:0.2}). Rows go
 * to {@code benchmarks/explain.md} (or {@code -Drecvalue.benchmark.record=FILE}).
 */
@SparkTest
class GroupGameBenchmark {
  private static final String COMMAND = "mvn -B -o -pl explain-jobs -am test -Dtest=GroupGameBenchmark"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Drecvalue.benchmark=true -Drecvalue.benchmark.run=DIR"
      + " -Drecvalue.benchmark.config=FILE -Drecvalue.benchmark.input=LOG -Drecvalue.benchmark.data=NAME";

  @Test
  void groupGame() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("recvalue.benchmark"), "benchmark not requested");
    String run = System.getProperty("recvalue.benchmark.run");
    Assumptions.assumeTrue(run != null, "no -Drecvalue.benchmark.run");
    String configFile = System.getProperty("recvalue.benchmark.config");
    String input = System.getProperty("recvalue.benchmark.input");
    String data = System.getProperty("recvalue.benchmark.data", run);
    Path record = Path.of(System.getProperty("recvalue.benchmark.record",
        Path.of("..", "benchmarks", "explain.md").toString()));
    SparkSession spark = SparkTestSession.get();
    String sets = System.getProperty("recvalue.benchmark.set", "");
    RecvalueConfig config = ConfigLoader.load(configFile == null ? List.of() : List.of(Path.of(configFile)),
        sets.isEmpty() ? List.of() : List.of(sets.split(",")));
    SplitTables split = SplitTables.read(spark, run);
    Dataset<Row> valued = spark.read().parquet(ValueLayout.table(run, ValueLayout.INTERACTIONS));
    Dataset<Row> userFactors = spark.read().parquet(run + "/train/user_factors");
    Dataset<Row> itemFactors = spark.read().parquet(run + "/train/item_factors");
    Optional<ItemMetadata> metadata = ItemMetadata.fromConfig(config)
        .map(m -> m.resolvedAgainst(Optional.ofNullable(input)));
    int partitions = spark.sparkContext().defaultParallelism();
    AlsParams als = TrainJob.params(config, partitions);
    int rank = FactorTables.rank(userFactors);

    long t0 = System.nanoTime();
    AlsModel trained = WeightedAls.fit(spark, split.train(), als.withMaxIter(als.maxIter()), null, null);
    trained.userFactors().count();
    double trainingSeconds = (System.nanoTime() - t0) / 1e9;
    trained.userFactors().unpersist();
    trained.itemFactors().unpersist();

    GroupSettings base = GroupSettings.from(config);
    List<String> rows = new ArrayList<>();
    for (String cell : System.getProperty("recvalue.benchmark.grid", "8:0.2,8:0.1,8:0.5,12:0.2").split(",")) {
      int count = Integer.parseInt(cell.split(":")[0]);
      double rho = Double.parseDouble(cell.split(":")[1]);
      int enumerate = cell.split(":").length > 2 ? Integer.parseInt(cell.split(":")[2]) : base.enumerateUpTo();
      GroupSettings s = new GroupSettings(true, base.by(), count, rho, base.sweeps(), base.fitCoalitions(),
          base.heldoutCoalitions(), enumerate, base.ridge(), base.broadcastMb(), base.minLds(), base.seed());
      DataGroups.Assignment a = DataGroups.assign(spark, split.train(), split.itemIndex(), metadata, s.by(), count);
      CoalitionResolver resolver = CoalitionResolver.build(spark, a.rows(), a.groups().size(), split.validation(),
          userFactors, itemFactors, (int) split.userIndex().count(), (int) split.itemIndex().count(), als.seed(),
          partitions, new CoalitionResolver.Settings(rank, als.lambda(), als.implicit(), als.alpha(), rho, s.sweeps(),
              (long) s.broadcastMb() << 20));
      try {
        Map<String, Object> d = GroupExplanation.run(a, valued, resolver, s, rho).diagnostics();
        System.out.println("BENCHMARK group game " + cell + " " + d);
        double seconds = ((Number) d.get("seconds_resolve")).doubleValue();
        rows.add(String.format(Locale.ROOT, "| %s | %d | %.2f | %s | %d / %d | %s | %s | %s | %s | %s | %.1f | %.1f | %.2f |",
            a.by(), a.groups().size(), rho, d.get("sweeps"), ((Number) d.get("coalitions_fit")).intValue(),
            ((Number) d.get("coalitions_heldout")).intValue(), f(d.get("lds_learnt")), f(d.get("lds_first_order")),
            f(d.get("exact_vs_learnt_spearman")), f(d.get("exact_vs_learnt_max_error_over_range")),
            d.getOrDefault("exact_vs_learnt_within_3se", "–"), seconds, trainingSeconds, seconds / trainingSeconds));
      } finally {
        resolver.release();
      }
    }
    BenchmarkRecord.appendTable(record, "Explain: group Shapley with a learnt utility surrogate", COMMAND, data,
        "| groups by | groups | ρ | sweeps | re-solves fit / held out | LDS learnt | LDS first order |"
            + " exact vs learnt Spearman | max error / range | groups within 3 SE | re-solve seconds |"
            + " one training seconds | ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            + String.join("\n", rows) + "\n");
  }

  private static String f(Object v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.3f", ((Number) v).doubleValue());
  }
}
