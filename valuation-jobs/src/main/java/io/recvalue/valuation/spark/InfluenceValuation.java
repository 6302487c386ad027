package io.recvalue.valuation.spark;


import io.recvalue.core.linalg.SolverBackends;
import io.recvalue.valuation.output.ValueSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Influence values of every training interaction on Spark (docs/methods.md §3):
 * {@code g = ∇L_V(θ*)}, {@code s = H⁻¹g} by block-diagonally preconditioned CG (method
 * {@code influence}) or {@code s = M⁻¹g} ({@code blockdiag}), then
 * {@code value_j = sᵀ∇ℓ_j} in one pass. Positive values help validation, negative ones hurt. The
 * result's table {@code decomposition} splits every value exactly into its fit and regularisation
 * terms ({@link InfluenceValues}).
 *
 * <p>Inputs: training interactions ({@code user_idx, item_idx, rating, weight, timestamp}),
 * validation interactions ({@code user_idx, item_idx, rating}) and the converged factors
 * ({@code user_idx, factors} and {@code item_idx, factors}). Spark jobs run in the job group
 * {@code value}.
 *
 * <p>Diagnostics keys: {@code method, validation_objective, implicit, lambda, alpha,
 * gauss_newton, damping, partitions, rank, train_rows, validation_pairs, g_norm, cg_layout,
 * cg_iterations, cg_converged, cg_residual_log, cg_true_relative_residual, cg_negative_curvature,
 * seconds_prepare, seconds_gradient, seconds_preconditioner, seconds_cg, seconds_values,
 * seconds_total}.
 */
public final class InfluenceValuation {
  private final SparkSession spark;
  private final InfluenceSettings settings;
  private final ValuationProgress progress;

  public InfluenceValuation(SparkSession spark, InfluenceSettings settings) {
    this(spark, settings, ValuationProgress.SILENT);
  }

  /** A valuation that tells {@code progress} of each conjugate-gradient iteration. */
  public InfluenceValuation(SparkSession spark, InfluenceSettings settings, ValuationProgress progress) {
    this.spark = spark;
    this.settings = settings;
    this.progress = progress;
  }

  /** Runs the valuation; the caller releases the result when done with it. */
  public ValuationResult run(Dataset<Row> train, Dataset<Row> validation,
      Dataset<Row> userFactors, Dataset<Row> itemFactors) {
    long start = System.nanoTime();
    spark.sparkContext().setJobGroup("value", "influence values (" + settings.methodId()
        + ")", false);
    Map<String, Object> d = settingsDiagnostics();
    int n = settings.partitions() > 0 ? settings.partitions()
        : spark.sparkContext().defaultParallelism();
    Partitioner up = new HashPartitioner(n);
    Partitioner ip = new HashPartitioner(n);
    int k = FactorTables.rank(userFactors);
    d.put("partitions", n);
    d.put("rank", k);
    String backend = SolverBackends.resolve(SolverBackends.AUTO);
    d.put("linalg_backend", SolverBackends.create(backend).describe());
    List<Runnable> release = new ArrayList<>();

    Stage prep = timed(d, "prepare", () -> {
      DistributedBlockVector theta = FactorTables.toVector(userFactors, itemFactors, k, up, ip)
          .persist("value.theta");
      TrainingEdges edges = TrainingEdges.build(train, theta, ip, "value.train.edges");
      return new Stage(theta, edges, DistributedObjective.of(settings.loss(), edges, theta, up,
          ip));
    });
    release.add(prep.theta::unpersist);
    release.add(prep.edges::unpersist);
    d.put("train_rows", prep.edges.count());

    DistributedValidation.Gradient grad = timed(d, "gradient", () -> gradient(validation, train,
        prep.theta, up, ip));
    release.add(grad.g()::unpersist);
    d.put("validation_pairs", grad.pairs());

    Optional<PackedSystem> packed = settings.blockDiagonal() ? Optional.empty()
        : timed(d, "preconditioner", () -> PackedSystem.of(prep.objective, settings.hessian(), backend));
    DistributedBlockVector s;
    if (packed.isPresent()) {
      release.add(packed.get()::unpersist);
      s = timed(d, "cg", () -> solvePacked(packed.get(), grad.g(), d));
    } else {
      DistributedBlockDiagonal m = timed(d, "preconditioner",
          () -> DistributedBlockDiagonal.of(prep.objective, settings.hessian(), backend));
      release.add(m::unpersist);
      s = timed(d, "cg", () -> solve(prep.objective, m, grad.g(), d));
    }
    release.add(s::unpersist);

    JavaRDD<Row> rows = timed(d, "values", () -> {
      JavaRDD<Row> r = InfluenceValues.rows(prep.edges, prep.objective.blocks(), settings.loss(), s,
          settings.methodId(), up).setName("value.values");
      r.persist(StorageLevel.MEMORY_AND_DISK()).count();
      return r;
    });
    release.add(() -> rows.unpersist(false));
    release.add(prep.objective::release);
    d.put("seconds_total", (System.nanoTime() - start) / 1e9);
    spark.sparkContext().clearJobGroup();
    // computed when written (the stage writes it beside the values), from the cached rows and s
    Dataset<Row> decomposition = spark.createDataFrame(InfluenceValues.decompositionRows(prep.edges,
        prep.objective.blocks(), settings.loss(), s, up), ValueSchemas.DECOMPOSITION);
    return new ValuationResult(spark.createDataFrame(rows, ValueSchemas.VALUES), s, d,
        () -> release.forEach(Runnable::run), Map.of(ValueSchemas.DECOMPOSITION_TABLE, decomposition));
  }

  private DistributedValidation.Gradient gradient(Dataset<Row> validation, Dataset<Row> train,
      DistributedBlockVector theta, Partitioner up, Partitioner ip) {
    int numItems = settings.validationObjective() == ValidationKind.MSE ? 0
        : theta.items().keys().treeAggregate(-1, Math::max, Math::max) + 1;
    DistributedValidation.Gradient g = DistributedValidation.gradient(
        settings.validationObjective(), validation, train, theta,
        settings.negativesPerPositive(), settings.seed(), numItems, up, ip);
    g.g().persist("value.validation.gradient");
    g.g().materialize();
    return g;
  }

  private DistributedBlockVector solve(DistributedObjective f, DistributedBlockDiagonal m,
      DistributedBlockVector g, Map<String, Object> d) {
    d.put("g_norm", g.norm());
    if (settings.blockDiagonal()) {
      DistributedBlockVector s = m.apply(g).persist("value.direction");
      s.materialize();
      d.put("cg_iterations", 0);
      return s;
    }
    d.put("cg_layout", "entity");
    DistributedCgResult<DistributedBlockVector> r = new DistributedConjugateGradient<
        DistributedBlockVector>(v -> f.hvp(v, settings.hessian()), m::apply, settings.cg(),
        settings.checkpointInterval(), progress).solve(g);
    record(r, d);
    return r.solution();
  }

  /**
   * {@code s = H⁻¹g} by CG on the packed layout ({@link PackedSystem}); the solution comes back
   * under entity keys, cached.
   */
  private DistributedBlockVector solvePacked(PackedSystem system, DistributedBlockVector g,
      Map<String, Object> d) {
    d.put("g_norm", g.norm());
    d.put("cg_layout", "packed");
    PackedBlockVector pg = system.pack(g).persist("value.cg.g");
    pg.materialize();
    DistributedCgResult<PackedBlockVector> r = new DistributedConjugateGradient<
        PackedBlockVector>(system::hvp, system::precondition, settings.cg(),
        settings.checkpointInterval(), progress).solve(pg);
    record(r, d);
    DistributedBlockVector s = system.unpack(r.solution()).persist("value.direction");
    s.materialize();
    r.solution().unpersist();
    pg.unpersist();
    return s;
  }

  private static void record(DistributedCgResult<?> r, Map<String, Object> d) {
    d.put("cg_iterations", r.iterations());
    d.put("cg_converged", r.converged());
    List<Double> log = new ArrayList<>();
    for (double x : r.residualLog()) {
      log.add(x);
    }
    d.put("cg_residual_log", log);
    d.put("cg_true_relative_residual", r.trueRelativeResidual());
    d.put("cg_negative_curvature", r.negativeCurvature());
  }

  private Map<String, Object> settingsDiagnostics() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("method", settings.methodId());
    d.put("validation_objective", settings.validationObjective().id());
    d.put("implicit", settings.implicit());
    d.put("lambda", settings.lambda());
    d.put("alpha", settings.alpha());
    d.put("gauss_newton", settings.gaussNewton());
    d.put("damping", settings.damping());
    return d;
  }

  private <T> T timed(Map<String, Object> d, String step, Supplier<T> body) {
    spark.sparkContext().setJobDescription("value: " + step);
    long t0 = System.nanoTime();
    T out = body.get();
    // a step that runs twice (the preconditioner, when the packed layout declines) adds up
    d.merge("seconds_" + step, (System.nanoTime() - t0) / 1e9,
        (a, b) -> (Double) a + (Double) b);
    return out;
  }

  /** The prepared inputs: {@code θ*}, the enriched training rows and the objective. */
  private record Stage(DistributedBlockVector theta, TrainingEdges edges,
      DistributedObjective objective) {}
}
