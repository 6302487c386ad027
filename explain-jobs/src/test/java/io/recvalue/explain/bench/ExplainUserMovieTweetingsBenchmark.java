package io.recvalue.explain.bench;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.TIMESTAMP;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
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
import io.recvalue.core.seed.Seeds;
import io.recvalue.core.testing.SparkTestSession;
import io.recvalue.core.testing.TestData;
import io.recvalue.explain.shapley.PermutationShapley;
import io.recvalue.explain.shapley.ShapleyEstimate;
import io.recvalue.explain.shapley.StoppingRule;
import io.recvalue.explain.shapley.StratifiedPermutationShapley;
import io.recvalue.explain.user.EstimationSettings;
import io.recvalue.explain.user.ExplainUserJob;
import io.recvalue.explain.user.ExplainUserSettings;
import io.recvalue.explain.user.FoldInGame;
import io.recvalue.explain.user.FoldInModel;
import io.recvalue.explain.user.RecommendationList;
import io.recvalue.explain.user.UserExplainer;
import io.recvalue.explain.user.UserExplanation;
import io.recvalue.explain.user.UserHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Event-level explanations of one recommendation on MovieTweetings-small (time split, the default
 * rank-10 model): for each user's top recommendation {@code i*}, how often removing the top-k events
 * (k = 1, 2, 3) by each ranking drops {@code i*} out of the user's top 10, re-solved by fold-in: the
 * Shapley values, k random events (20 seeded draws per user), the k most recent, the k most similar
 * to {@code i*} by cosine, Hu–Koren–Volinsky's per-event split, and leave-one-out drops. Two user
 * groups: every user with at most 12 events (exact Shapley values), and a seeded sample of 500 users
 * of any history length (exact up to 12 events, sampled above). Also the cost per user on one thread.
 * Opt-in: runs only with {@code -Drecvalue.benchmark=true}; appends its tables to {@code benchmarks/explain-user.md}
 * (or {@code -Drecvalue.benchmark.record=FILE}); {@code -Drecvalue.benchmark.run=DIR} reuses a run
 * folder that holds ingest and train output.
 */
@SparkTest
class ExplainUserMovieTweetingsBenchmark {
  private static final String TITLE = "Explaining a recommendation: event-level Shapley";
  private static final int LIST = 10;
  private static final int MAX_K = 3;
  private static final int RANDOM_DRAWS = 20;
  private static final int SAMPLE = 500;
  private static final String[] RANKINGS = {"Shapley φ", "random", "most recent", "cosine to i*", "HKV split",
      "leave-one-out"};

  @Test
  void eventLevelShapleyOnMovieTweetingsSmall() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("recvalue.benchmark"), "benchmark not requested");
    Path ratings = TestData.movieTweetingsSmall();
    Path record = Path.of(System.getProperty("recvalue.benchmark.record",
        TestData.projectRoot().resolve("benchmarks/explain-user.md").toString()));
    SparkSession spark = SparkTestSession.get();
    String reuse = System.getProperty("recvalue.benchmark.run", "");
    Path out = reuse.isEmpty() ? Files.createTempDirectory("recvalue-explain-user-benchmark") : Path.of(reuse);
    RecvalueConfig config = ConfigLoader.load(List.of(), List.of("input.timestamp-format=epoch-seconds",
        "ingest.rating-min=0", "ingest.rating-max=10", "train.compare-mllib=false"));
    StageContext context = new StageContext(spark, config, out.toString(), Optional.of(ratings.toString()),
        new RunManifest("benchmark", List.of(), config), Console.standard());
    if (reuse.isEmpty()) {
      StageRunner.run(context, List.of(new IngestJob(), new TrainJob()));
    }
    SplitTables split = SplitTables.read(context);
    FoldInModel model = ExplainUserJob.model(config,
        spark.read().parquet(context.path("train", "item_factors")).select(col(ITEM_IDX), col("factors")));
    Map<Integer, UserHistory> histories = histories(split);
    ExplainUserSettings settings = ExplainUserSettings.from(config);
    UserExplainer explainer = new UserExplainer(model, settings.estimation());
    long root = config.getLong("run.seed");

    List<Integer> byDraw = new ArrayList<>(histories.keySet());
    byDraw.sort(Comparator.comparingDouble((Integer u) -> Seeds.uniform(root, "benchmark.explain-user", u))
        .thenComparing(u -> u));
    List<Integer> light = byDraw.stream().filter(u -> histories.get(u).size() <= 12).sorted().toList();
    List<Integer> sample = byDraw.subList(0, Math.min(SAMPLE, byDraw.size())).stream().sorted().toList();

    String command = "mvn -B -o -pl explain-jobs -am test -Dtest=ExplainUserMovieTweetingsBenchmark"
        + " -Dsurefire.failIfNoSpecifiedTests=false -Drecvalue.benchmark=true";
    String data = "MovieTweetings-small, time split (" + histories.size() + " users with training events), rank "
        + model.rank() + ", default train.* settings";
    Group a = group(explainer, model, histories, light, root);
    Group b = group(explainer, model, histories, sample, root);
    String table = "Drop-out rate: share of users whose top recommendation leaves their top " + LIST
        + " when the k events a ranking puts first are removed (re-solved by fold-in; ± one binomial standard error;"
        + " random: the mean over " + RANDOM_DRAWS + " seeded draws per user).\n\n"
        + a.table("every user with at most 12 events (exact Shapley values)")
        + "\n" + b.table("a seeded sample of " + sample.size() + " users of any history length (exact up to 12 events,"
            + " sampled above at max SE / range <= " + settings.estimation().rule().tolerance() + ", at most "
            + settings.estimation().rule().maxPermutations() + " permutations)")
        + "\n" + costTable(a, b)
        + "\n" + estimatorTable(model, histories, sample, explainer, settings);
    System.out.println("BENCHMARK explain-user\n" + table);
    BenchmarkRecord.appendTable(record, TITLE, command, data, table);
  }

  /** Every user's events from the training table, newest first. */
  private static Map<Integer, UserHistory> histories(SplitTables split) {
    Map<Integer, List<Row>> rows = new TreeMap<>();
    for (Row r : split.train().filter(col(WEIGHT).gt(0))
        .select(col(USER_IDX), col(ITEM_IDX), col(RATING).cast("double"), col(WEIGHT).cast("double"), col(TIMESTAMP))
        .collectAsList()) {
      rows.computeIfAbsent(r.getInt(0), u -> new ArrayList<>()).add(r);
    }
    Map<Integer, UserHistory> h = new TreeMap<>();
    rows.forEach((u, list) -> h.put(u, ExplainUserJob.history(u, list)));
    return h;
  }

  /** Explains each user's top recommendation and removes the top-k events of every ranking. */
  private static Group group(UserExplainer explainer, FoldInModel model, Map<Integer, UserHistory> histories,
      List<Integer> users, long root) {
    Group g = new Group(users.size());
    for (int u : users) {
      UserHistory h = histories.get(u);
      int item = explainer.top(h, 1)[0];
      UserExplanation x = explainer.explain(h, null, item);
      g.cost(x);
      FoldInGame game = FoldInGame.of(model, h, item);
      RecommendationList list = explainer.list(h);
      int n = h.size();
      Map<String, int[]> orders = new LinkedHashMap<>();
      orders.put(RANKINGS[0], descending(n, e -> x.phi()[e]));
      orders.put(RANKINGS[2], IntStream.range(0, n).toArray());
      orders.put(RANKINGS[3], descending(n, e -> x.cosine()[e]));
      orders.put(RANKINGS[4], descending(n, e -> x.hkv()[e]));
      orders.put(RANKINGS[5], descending(n, e -> x.leaveOneOut()[e]));
      for (int k = 1; k <= MAX_K; k++) {
        for (Map.Entry<String, int[]> o : orders.entrySet()) {
          g.add(o.getKey(), k, dropped(game, list, item, Arrays.copyOf(o.getValue(), k)) ? 1 : 0);
        }
        SplittableRandom r = new SplittableRandom(Seeds.derive(root, "benchmark.explain-user.random", u * 4L + k));
        double drops = 0;
        for (int d = 0; d < RANDOM_DRAWS; d++) {
          drops += dropped(game, list, item, randomEvents(n, k, r)) ? 1 : 0;
        }
        g.add(RANKINGS[1], k, drops / RANDOM_DRAWS);
      }
    }
    return g;
  }

  private static boolean dropped(FoldInGame game, RecommendationList list, int item, int[] removed) {
    boolean[] in = new boolean[game.players()];
    Arrays.fill(in, true);
    for (int e : removed) {
      in[e] = false;
    }
    return !list.inTop(game.factor(in), item, LIST);
  }

  /** Events by a score, highest first, ties newest first. */
  private static int[] descending(int n, ToDoubleFunction<Integer> score) {
    return IntStream.range(0, n).boxed()
        .sorted(Comparator.<Integer>comparingDouble(e -> -score.applyAsDouble(e)).thenComparingInt(e -> e))
        .mapToInt(Integer::intValue).toArray();
  }

  private static int[] randomEvents(int n, int k, SplittableRandom r) {
    int[] all = IntStream.range(0, n).toArray();
    for (int q = 0; q < k; q++) {
      int j = q + r.nextInt(n - q);
      int t = all[q];
      all[q] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, k);
  }

  /**
   * The users of the sample with more than 12 events, explained by plain antithetic permutations and by
   * the stratified estimator the stage uses, under the same rule and seeds.
   */
  private static String estimatorTable(FoldInModel model, Map<Integer, UserHistory> histories, List<Integer> users,
      UserExplainer explainer, ExplainUserSettings settings) {
    StoppingRule rule = settings.estimation().rule();
    List<Integer> plainPermutations = new ArrayList<>();
    List<Integer> stratifiedPermutations = new ArrayList<>();
    List<Double> plainSeconds = new ArrayList<>();
    List<Double> stratifiedSeconds = new ArrayList<>();
    int plainConverged = 0;
    int stratifiedConverged = 0;
    for (int u : users) {
      UserHistory h = histories.get(u);
      if (h.size() <= settings.estimation().maxExactPlayers()) {
        continue;
      }
      int item = explainer.top(h, 1)[0];
      FoldInGame game = FoldInGame.of(model, h, item);
      long seed = Seeds.derive(settings.estimation().rootSeed(), "explain-user.shapley", ((long) u << 32) | item);
      long t0 = System.nanoTime();
      ShapleyEstimate plain = PermutationShapley.estimate(
          Collections.nCopies(EstimationSettings.PAIRS_PER_ROUND, game), rule, seed);
      plainSeconds.add((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      ShapleyEstimate stratified = StratifiedPermutationShapley.estimate(game, rule, EstimationSettings.PAIRS_PER_ROUND,
          seed);
      stratifiedSeconds.add((System.nanoTime() - t0) / 1e9);
      plainPermutations.add(plain.permutations());
      stratifiedPermutations.add(stratified.permutations());
      plainConverged += plain.converged() ? 1 : 0;
      stratifiedConverged += stratified.converged() ? 1 : 0;
    }
    int n = plainPermutations.size();
    return "Estimators on the " + n + " users of the sample with more than " + settings.estimation().maxExactPlayers()
        + " events (max SE / range <= " + rule.tolerance() + ", at most " + rule.maxPermutations()
        + " permutations, the same seeds):\n\n| estimator | users at the tolerance | permutations median / p90 |"
        + " seconds median / p90 / max |\n|---|---|---|---|\n"
        + String.format(Locale.ROOT, "| antithetic permutations | %d of %d | %s / %s | %.4f / %.4f / %.4f |%n",
            plainConverged, n, Group.quantileOf(plainPermutations, 0.5), Group.quantileOf(plainPermutations, 0.9),
            Group.quantile(plainSeconds, 0.5), Group.quantile(plainSeconds, 0.9), Group.quantile(plainSeconds, 1))
        + String.format(Locale.ROOT, "| stratified by coalition size (the stage's) | %d of %d | %s / %s | %.4f / %.4f /"
            + " %.4f |%n", stratifiedConverged, n, Group.quantileOf(stratifiedPermutations, 0.5),
            Group.quantileOf(stratifiedPermutations, 0.9), Group.quantile(stratifiedSeconds, 0.5),
            Group.quantile(stratifiedSeconds, 0.9), Group.quantile(stratifiedSeconds, 1));
  }

  private static String costTable(Group a, Group b) {
    return "Cost per user on one thread (the attributions with HKV and leave-one-out; then the counterfactual search):\n\n"
        + "| users | events median / max | exact | sampled, at the tolerance | permutations median (sampled) |"
        + " Shapley seconds median / p90 / max | exact users: Shapley seconds median / max |"
        + " counterfactual seconds median / max | counterfactual found / proved minimal / median size |\n"
        + "|---|---|---|---|---|---|---|---|---|\n" + a.costRow("every user with ≤ 12 events") + b.costRow("sample");
  }

  /** Outcomes and costs of one group of users. */
  private static final class Group {
    final int users;
    final Map<String, double[]> drops = new LinkedHashMap<>();
    final List<Double> seconds = new ArrayList<>();
    final List<Double> exactSeconds = new ArrayList<>();
    final List<Double> cfSeconds = new ArrayList<>();
    final List<Integer> events = new ArrayList<>();
    final List<Integer> permutations = new ArrayList<>();
    final List<Integer> cfSizes = new ArrayList<>();
    int exact;
    int converged;
    int cfFound;
    int cfMinimal;

    Group(int users) {
      this.users = users;
      for (String r : RANKINGS) {
        drops.put(r, new double[MAX_K + 1]);
      }
    }

    void add(String ranking, int k, double drop) {
      drops.get(ranking)[k] += drop;
    }

    void cost(UserExplanation x) {
      seconds.add(x.secondsShapley());
      cfSeconds.add(x.secondsCounterfactual());
      events.add(x.history().size());
      if (x.exact()) {
        exact++;
        exactSeconds.add(x.secondsShapley());
      } else {
        permutations.add(x.permutations());
        converged += x.converged() ? 1 : 0;
      }
      if (x.counterfactual().found()) {
        cfFound++;
        cfSizes.add(x.counterfactual().removed().length);
      }
      cfMinimal += x.counterfactual().minimal() ? 1 : 0;
    }

    String table(String who) {
      StringBuilder sb = new StringBuilder("Users: " + who + ", " + users + " users.\n\n| k |");
      for (String r : RANKINGS) {
        sb.append(' ').append(r).append(" |");
      }
      sb.append(" Shapley / random |\n|---|").append("---|".repeat(RANKINGS.length + 1)).append('\n');
      for (int k = 1; k <= MAX_K; k++) {
        sb.append("| ").append(k).append(" |");
        for (String r : RANKINGS) {
          double p = drops.get(r)[k] / users;
          sb.append(String.format(Locale.ROOT, " %.3f ± %.3f |", p, Math.sqrt(p * (1 - p) / users)));
        }
        sb.append(String.format(Locale.ROOT, " %.2f |%n", drops.get(RANKINGS[0])[k] / drops.get(RANKINGS[1])[k]));
      }
      return sb.toString();
    }

    String costRow(String who) {
      return String.format(Locale.ROOT, "| %s (%d) | %s / %s | %d | %d, %d | %s | %.4f / %.4f / %.4f | %.4f / %.4f |"
          + " %.4f / %.4f | %d / %d / %s |%n", who, users, median(events), max(events), exact, permutations.size(),
          converged, permutations.isEmpty() ? "–" : median(permutations), quantile(seconds, 0.5),
          quantile(seconds, 0.9), quantile(seconds, 1), quantile(exactSeconds, 0.5), quantile(exactSeconds, 1),
          quantile(cfSeconds, 0.5), quantile(cfSeconds, 1), cfFound, cfMinimal, cfSizes.isEmpty() ? "–" : median(cfSizes));
    }

    private static String median(List<Integer> v) {
      int[] s = v.stream().mapToInt(Integer::intValue).sorted().toArray();
      return Integer.toString(s[s.length / 2]);
    }

    private static String max(List<Integer> v) {
      return Integer.toString(v.stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    static String quantileOf(List<Integer> v, double q) {
      int[] s = v.stream().mapToInt(Integer::intValue).sorted().toArray();
      return s.length == 0 ? "–" : Integer.toString(s[(int) Math.min(s.length - 1, Math.floor(q * s.length))]);
    }

    static double quantile(List<Double> v, double q) {
      if (v.isEmpty()) {
        return Double.NaN;
      }
      double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))];
    }
  }
}
