package io.recvalue.valuation.loo;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import io.recvalue.core.seed.Seeds;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.valuation.math.AlsResult;
import io.recvalue.valuation.math.BlockDiagonal;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.spark.EpSettings;
import io.recvalue.valuation.spark.FactorTables;
import io.recvalue.valuation.spark.InfluenceSettings;
import io.recvalue.valuation.method.Progress;
import io.recvalue.valuation.method.ValuationMethod;
import io.recvalue.valuation.spark.ValuationResult;
import io.recvalue.valuation.output.ValueSchemas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The leave-one-out check (docs/methods.md §8.1–8.2): the oracle the value methods are
 * judged by.
 *
 * <ol>
 *   <li>The training set and the trained factors come to the driver ({@link LooProblem}; refused above
 *       {@link LooSettings#maxInteractions}), and {@code θ*} is converged tightly there, by local Newton
 *       steps or ALS sweeps ({@link LooSolver}).</li>
 *   <li>Each method values every interaction on Spark at that {@code θ*}
 *       (the same code as the {@code value} stage).</li>
 *   <li>A sample of interactions (half at random, half with the largest {@code |value|} of the first
 *       method) and groups of a few percent (random, lowest-valued, highest-valued) are left out one at
 *       a time: each retrain is a task on an executor (the problem is broadcast), warm-started at
 *       {@code θ*} and run by the same solver to the same tolerance; the actual change of {@code L_V} is compared with
 *       each method's prediction (its value; for a group, the sum of its values).</li>
 * </ol>
 *
 * Every retrain is deterministic, so the results do not depend on how the tasks are partitioned.
 */
public final class LeaveOneOut {
  /** Runs one valuation method at the given factors and returns its values (cached). */
  public interface Valuator {
    ValuationResult value(ValuationMethod method, Dataset<Row> userFactors, Dataset<Row> itemFactors);
  }

  private final SparkSession spark;
  private final LooSettings settings;
  private final Progress progress;

  public LeaveOneOut(SparkSession spark, LooSettings settings) {
    this(spark, settings, Progress.NONE);
  }

  /** @param progress where the retrains' progress lines go */
  public LeaveOneOut(SparkSession spark, LooSettings settings, Progress progress) {
    this.spark = spark;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * @param train {@code user_idx, item_idx, rating, weight}
   * @param validation {@code user_idx, item_idx, rating}
   * @param influence the valuation settings (loss, validation objective, negatives, seed)
   */
  public LooReport run(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> userFactors,
      Dataset<Row> itemFactors, InfluenceSettings influence, Valuator valuator) {
    Map<String, Object> d = new LinkedHashMap<>();
    long rows = train.count();
    if (rows > settings.maxInteractions()) {
      throw new IllegalArgumentException("verify-loo holds the whole training set in every executor; "
          + rows + " training interactions exceed verify-loo.max-interactions=" + settings.maxInteractions()
          + " (run it on a sample of the log, or raise the limit if executors have the memory)");
    }
    LooProblem problem = timed(d, "collect", () -> problem(train, validation, userFactors, itemFactors, influence));
    d.put("train_rows", problem.size());
    AlsResult theta = timed(d, "converge_theta",
        () -> settings.solver().convergeTheta(problem, settings.tolerance(), settings.maxSweeps()));
    d.put("solver", settings.solver().id());
    d.put("theta_sweeps", theta.sweeps());
    d.put("theta_relative_change", theta.relativeChange());
    d.put("theta_converged", theta.converged());
    d.put("tolerance", settings.tolerance());

    Map<ValuationMethod, double[]> values = new LinkedHashMap<>();
    for (ValuationMethod m : settings.methods()) {
      values.put(m, timed(d, "value_" + m.id(), () -> valueAll(problem, m, valuator, d)));
    }
    double[] primary = values.get(settings.methods().get(0));
    int[] sample = sample(primary, problem.size());
    int randomHalf = Math.min(settings.sample() / 2, problem.size());
    List<int[]> groups = new ArrayList<>();
    List<String[]> groupNames = new ArrayList<>();
    for (double f : settings.groupFractions()) {
      int size = Math.max(1, (int) Math.round(f * problem.size()));
      groups.add(randomGroup(size, problem.size(), f));
      groupNames.add(new String[] {"random", Double.toString(f)});
      groups.add(rankedGroup(primary, size, true));
      groupNames.add(new String[] {"lowest_value", Double.toString(f)});
      groups.add(rankedGroup(primary, size, false));
      groupNames.add(new String[] {"highest_value", Double.toString(f)});
    }
    List<int[]> tasks = new ArrayList<>();
    for (int j : sample) {
      tasks.add(new int[] {j});
    }
    tasks.addAll(groups);
    List<LooProblem.Retrain> retrains = timed(d, "retrains", () -> retrain(problem, tasks));
    d.put("retrains", tasks.size());
    d.put("retrain_sweeps_max", retrains.stream().mapToInt(LooProblem.Retrain::sweeps).max().orElse(0));
    d.put("retrain_sweeps_mean", retrains.stream().mapToInt(LooProblem.Retrain::sweeps).average().orElse(0));
    d.put("retrains_not_converged", retrains.stream().filter(r -> !r.converged()).count());

    List<Row> interactionRows = new ArrayList<>();
    List<Row> summary = new ArrayList<>();
    double[] actual = new double[sample.length];
    for (int t = 0; t < sample.length; t++) {
      actual[t] = retrains.get(t).change();
    }
    double[] leverage = timed(d, "leverage", () -> leverage(problem));
    boolean[] unflagged = new boolean[sample.length];
    int flagged = 0;
    for (int t = 0; t < sample.length; t++) {
      unflagged[t] = leverage[sample[t]] <= BlockDiagonal.UNRELIABLE_LEVERAGE;
      flagged += unflagged[t] ? 0 : 1;
    }
    d.put("flagged", flagged);
    for (Map.Entry<ValuationMethod, double[]> e : values.entrySet()) {
      double[] predicted = new double[sample.length];
      for (int t = 0; t < sample.length; t++) {
        int j = sample[t];
        predicted[t] = e.getValue()[j];
        LooProblem.Retrain r = retrains.get(t);
        interactionRows.add(RowFactory.create(problem.user(j), problem.item(j), t < randomHalf ? "random" : "largest_abs_value",
            e.getKey().id(), predicted[t], r.change(), r.sweeps(), r.converged(), leverage[j]));
      }
      summary.add(RowFactory.create(e.getKey().id(), sample.length, Correlation.pearson(predicted, actual),
          Correlation.spearman(predicted, actual),
          Correlation.pearson(Arrays.copyOf(predicted, randomHalf), Arrays.copyOf(actual, randomHalf)),
          Correlation.spearman(Arrays.copyOf(predicted, randomHalf), Arrays.copyOf(actual, randomHalf)),
          Correlation.pearson(Arrays.copyOfRange(predicted, randomHalf, sample.length), Arrays.copyOfRange(actual, randomHalf, sample.length)),
          Correlation.spearman(Arrays.copyOfRange(predicted, randomHalf, sample.length), Arrays.copyOfRange(actual, randomHalf, sample.length)),
          flagged, Correlation.pearson(select(predicted, unflagged), select(actual, unflagged)),
          Correlation.spearman(select(predicted, unflagged), select(actual, unflagged))));
    }
    List<Row> groupRows = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      LooProblem.Retrain r = retrains.get(sample.length + g);
      for (Map.Entry<ValuationMethod, double[]> e : values.entrySet()) {
        double predicted = 0;
        for (int j : groups.get(g)) {
          predicted += e.getValue()[j];
        }
        groupRows.add(RowFactory.create(groupNames.get(g)[0], Double.parseDouble(groupNames.get(g)[1]),
            groups.get(g).length, e.getKey().id(), predicted, r.change(), r.sweeps(), r.converged()));
      }
    }
    return new LooReport(interactionRows, groupRows, summary, d);
  }

  /**
   * Each interaction's leverage at {@code θ*}, {@code max(h_u, h_i)} in the exact Hessian's diagonal
   * blocks ({@link BlockDiagonal#leverage}): how far the interaction alone pins its user's or item's
   * factor, where a first-order value understates the change its removal makes.
   */
  static double[] leverage(LooProblem p) {
    BlockVector theta = p.theta();
    double[] h = BlockDiagonal.of(p.interactions(), p.loss(), theta, HessianOptions.EXACT)
        .leverage(p.interactions(), p.loss(), theta, new JavaCholeskySolver());
    double[] out = new double[p.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = Math.max(h[2 * j], h[2 * j + 1]);
    }
    return out;
  }

  private static double[] select(double[] a, boolean[] keep) {
    double[] out = new double[a.length];
    int n = 0;
    for (int t = 0; t < a.length; t++) {
      if (keep[t]) {
        out[n++] = a[t];
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The training set, validation pairs and factors on the driver, as one {@link LooProblem}; its
   * interactions are in {@code (user_idx, item_idx)} order.
   */
  public static LooProblem problem(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> userFactors,
      Dataset<Row> itemFactors, InfluenceSettings s) {
    List<Row> t = train.select(USER_IDX, ITEM_IDX, RATING, WEIGHT).orderBy(USER_IDX, ITEM_IDX).collectAsList();
    List<Row> v = validation.select(USER_IDX, ITEM_IDX, RATING).orderBy(USER_IDX, ITEM_IDX).collectAsList();
    int n = t.size();
    int[] u = new int[n];
    int[] i = new int[n];
    double[] r = new double[n];
    double[] w = new double[n];
    int maxUser = -1;
    int maxTrainItem = -1;
    for (int j = 0; j < n; j++) {
      Row row = t.get(j);
      u[j] = row.getInt(0);
      i[j] = row.getInt(1);
      r[j] = row.getDouble(2);
      w[j] = row.getDouble(3);
      maxUser = Math.max(maxUser, u[j]);
      maxTrainItem = Math.max(maxTrainItem, i[j]);
    }
    int[] vu = new int[v.size()];
    int[] vi = new int[v.size()];
    double[] vr = new double[v.size()];
    int maxItem = maxTrainItem;
    for (int p = 0; p < vu.length; p++) {
      vu[p] = v.get(p).getInt(0);
      vi[p] = v.get(p).getInt(1);
      vr[p] = v.get(p).getDouble(2);
      maxUser = Math.max(maxUser, vu[p]);
      maxItem = Math.max(maxItem, vi[p]);
    }
    int k = FactorTables.rank(userFactors);
    double[] x = flat(userFactors, USER_IDX, maxUser + 1, k);
    double[] y = flat(itemFactors, ITEM_IDX, maxItem + 1, k);
    return new LooProblem(maxUser + 1, maxTrainItem + 1, k, u, i, r, w, s.implicit(), s.lambda(), s.alpha(),
        s.validationObjective(), vu, vi, vr, s.negativesPerPositive(), s.seed(), x, y);
  }

  private static double[] flat(Dataset<Row> factors, String idx, int rows, int k) {
    double[] out = new double[rows * k];
    for (Row row : factors.select(idx, FactorTables.FACTORS).collectAsList()) {
      int e = row.getInt(0);
      if (e < rows) {
        List<Double> f = row.getList(1);
        for (int a = 0; a < k; a++) {
          out[e * k + a] = f.get(a);
        }
      }
    }
    return out;
  }

  /** Values of every training interaction by {@code method} at the converged {@code θ*}, in problem order. */
  private double[] valueAll(LooProblem p, ValuationMethod method, Valuator valuator, Map<String, Object> d) {
    int k = p.rank();
    Dataset<Row> users = factorTable(p.theta().users(), k, USER_IDX, trainedRows(p, true));
    Dataset<Row> items = factorTable(p.theta().items(), k, ITEM_IDX, trainedRows(p, false));
    ValuationResult r = valuator.value(method, users, items);
    try {
      Map<Long, Integer> index = new HashMap<>();
      long stride = p.theta().items().length / k + 1L;
      for (int j = 0; j < p.size(); j++) {
        index.put(p.user(j) * stride + p.item(j), j);
      }
      double[] out = new double[p.size()];
      Arrays.fill(out, Double.NaN);
      for (Row row : r.values().select(USER_IDX, ITEM_IDX, ValueSchemas.VALUE).collectAsList()) {
        Integer j = index.get(row.getInt(0) * stride + row.getInt(1));
        if (j != null) {
          out[j] = row.getDouble(2);
        }
      }
      for (int j = 0; j < out.length; j++) {
        if (Double.isNaN(out[j])) {
          throw new IllegalStateException(method.id() + " gave no value for training interaction (user_idx "
              + p.user(j) + ", item_idx " + p.item(j) + ")");
        }
      }
      Object cg = r.diagnostics().get("cg_iterations");
      if (cg != null) {
        d.put("cg_iterations_" + method.id(), cg);
      }
      return out;
    } finally {
      r.release();
    }
  }

  private static boolean[] trainedRows(LooProblem p, boolean users) {
    int rows = (users ? p.theta().users().length : p.theta().items().length) / p.rank();
    boolean[] has = new boolean[rows];
    for (int j = 0; j < p.size(); j++) {
      has[users ? p.user(j) : p.item(j)] = true;
    }
    return has;
  }

  private Dataset<Row> factorTable(double[] flat, int k, String idx, boolean[] keep) {
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < keep.length; e++) {
      if (keep[e]) {
        List<Double> f = new ArrayList<>(k);
        for (int a = 0; a < k; a++) {
          f.add(flat[e * k + a]);
        }
        rows.add(RowFactory.create(e, f));
      }
    }
    StructType schema = new StructType().add(idx, DataTypes.IntegerType, false)
        .add(FactorTables.FACTORS, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    return spark.createDataFrame(rows, schema);
  }

  /** Half at random (seeded), then the largest {@code |value|} not yet chosen. */
  private int[] sample(double[] primary, int n) {
    int want = Math.min(settings.sample(), n);
    int random = Math.min(settings.sample() / 2, n);
    LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(settings.seed(), "verify-loo.sample"));
    while (chosen.size() < random) {
      chosen.add(rnd.nextInt(n));
    }
    Integer[] byAbs = order(primary, Comparator.comparingDouble(j -> -Math.abs(primary[j])));
    for (int t = 0; t < byAbs.length && chosen.size() < want; t++) {
      chosen.add(byAbs[t]);
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  private int[] randomGroup(int size, int n, double fraction) {
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(settings.seed(), "verify-loo.group." + fraction));
    LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
    while (chosen.size() < size) {
      chosen.add(rnd.nextInt(n));
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] rankedGroup(double[] values, int size, boolean lowest) {
    Integer[] order = order(values, Comparator.comparingDouble(j -> lowest ? values[j] : -values[j]));
    int[] g = new int[size];
    for (int t = 0; t < size; t++) {
      g[t] = order[t];
    }
    return g;
  }

  private static Integer[] order(double[] values, Comparator<Integer> by) {
    Integer[] idx = new Integer[values.length];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = j;
    }
    Arrays.sort(idx, by.thenComparingInt(j -> j));
    return idx;
  }

  private List<LooProblem.Retrain> retrain(LooProblem problem, List<int[]> tasks) {
    double tol = settings.tolerance();
    int cap = settings.maxSweeps();
    LooSolver solver = settings.solver();
    return onExecutors(spark, problem, tasks, (p, removed) -> solver.retrainWithout(p, removed, tol, cap), progress);
  }

  /** One retrain of a broadcast problem without a set of its interactions. */
  @FunctionalInterface
  public interface RetrainMethod extends java.io.Serializable {
    LooProblem.Retrain without(LooProblem problem, int[] removed);
  }

  /** The most Spark tasks the retrains are spread over. */
  private static final int MAX_TASKS = 4096;
  /** How often a progress line may be printed while the retrains run. */
  private static final long PROGRESS_MILLIS = 15_000;

  /** {@link #onExecutors(SparkSession, LooProblem, List, RetrainMethod, Progress)} without progress lines. */
  public static List<LooProblem.Retrain> onExecutors(SparkSession spark, LooProblem problem, List<int[]> tasks,
      RetrainMethod method) {
    return onExecutors(spark, problem, tasks, method, Progress.NONE);
  }

  /**
   * Runs the retrains as Spark tasks over the broadcast problem (each executor holds all of it), one
   * retrain per task up to {@link #MAX_TASKS}: retrains differ in cost tenfold and more, so small tasks
   * balance the executors, and the finished tasks count the retrains done for a progress line every
   * {@link #PROGRESS_MILLIS} ms. Results come back in the order of {@code tasks}.
   */
  public static List<LooProblem.Retrain> onExecutors(SparkSession spark, LooProblem problem, List<int[]> tasks,
      RetrainMethod method, Progress progress) {
    return onExecutors(spark, problem, tasks, method, progress, PROGRESS_MILLIS);
  }

  /** As above, with a progress line at most every {@code progressMillis} ms. */
  static List<LooProblem.Retrain> onExecutors(SparkSession spark, LooProblem problem, List<int[]> tasks,
      RetrainMethod method, Progress progress, long progressMillis) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<LooProblem> b = jsc.broadcast(problem);
    try {
      int slices = Math.max(1, Math.min(tasks.size(), MAX_TASKS));
      JavaFutureAction<List<LooProblem.Retrain>> job =
          jsc.parallelize(tasks, slices).map(t -> method.without(b.value(), t)).collectAsync();
      return awaitReporting(jsc, job, tasks.size(), slices, progress, progressMillis);
    } finally {
      b.destroy();
    }
  }

  private static <T> T awaitReporting(JavaSparkContext jsc, JavaFutureAction<T> job, int retrains, int slices,
      Progress progress, long progressMillis) {
    long start = System.nanoTime();
    long reported = -1;
    while (true) {
      try {
        return job.get(progressMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        long done = completedTasks(jsc, job) * retrains / slices;
        if (done != reported) {
          progress.line("retrains: %d of %d done, %.0f s", done, retrains, (System.nanoTime() - start) / 1e9);
          reported = done;
        }
      } catch (InterruptedException e) {
        job.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the retrains ran", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("the retrains failed: " + cause.getMessage(), cause);
      }
    }
  }

  private static long completedTasks(JavaSparkContext jsc, JavaFutureAction<?> job) {
    long done = 0;
    for (int id : job.jobIds()) {
      SparkJobInfo info = jsc.statusTracker().getJobInfo(id);
      if (info == null) {
        continue;
      }
      for (int stage : info.stageIds()) {
        SparkStageInfo s = jsc.statusTracker().getStageInfo(stage);
        done += s == null ? 0 : s.numCompletedTasks();
      }
    }
    return done;
  }

  private <T> T timed(Map<String, Object> d, String step, Supplier<T> body) {
    spark.sparkContext().setJobDescription("verify-loo: " + step);
    long t0 = System.nanoTime();
    T out = body.get();
    d.put("seconds_" + step, (System.nanoTime() - t0) / 1e9);
    return out;
  }
}
