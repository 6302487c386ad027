package io.recvalue.valuation.spark;


import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.recvalue.core.linalg.SolverBackends;
import io.recvalue.valuation.math.CgResult;
import io.recvalue.valuation.output.ValueSchemas;
import java.util.ArrayList;
import java.util.Arrays;
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
 * gauss_newton, damping, partitions, rank, blocks_reused} (whether the blocks of an objective given to
 * {@code run}, the polish's, were used instead of built again){@code , train_rows, cg_checkpoint_interval} (the CG iterations between checkpoints,
 * {@link CheckpointInterval}){@code , validation_pairs, g_norm, cg_layout} ({@code driver}: CG on the driver,
 * {@link DriverSolver}, with {@link InfluenceSettings#solveOnDriver} and a problem that fits there, the rows'
 * collection counted in {@code seconds_prepare}; {@code packed} or {@code entity}: on Spark){@code ,
 * cg_iterations, cg_converged, cg_residual_log, cg_true_relative_residual, cg_negative_curvature,
 * seconds_prepare, seconds_gradient, seconds_preconditioner, seconds_cg, seconds_values,
 * seconds_total}.
 */
public final class InfluenceValuation {
  private final SparkSession spark;
  private final InfluenceSettings settings;
  private final ValuationProgress progress;
  private final Optional<ValidationSegments> segments;

  public InfluenceValuation(SparkSession spark, InfluenceSettings settings) {
    this(spark, settings, ValuationProgress.SILENT);
  }

  /** A valuation that tells {@code progress} of each conjugate-gradient iteration. */
  public InfluenceValuation(SparkSession spark, InfluenceSettings settings, ValuationProgress progress) {
    this(spark, settings, progress, Optional.empty());
  }

  /**
   * A valuation that also splits every value by segments of the validation loss: one solve
   * {@code s_G = H⁻¹∇L_{V_G}} per segment, {@code s = Σ_G s_G}, and the table
   * {@code validation_segments} of {@code value_j^(G) = s_Gᵀ∇ℓ_j}, which add up to {@code value_j}.
   */
  public InfluenceValuation(SparkSession spark, InfluenceSettings settings, ValuationProgress progress,
      Optional<ValidationSegments> segments) {
    this.spark = spark;
    this.settings = settings;
    this.progress = progress;
    this.segments = segments;
  }

  /** Runs the valuation; the caller releases the result when done with it. */
  public ValuationResult run(Dataset<Row> train, Dataset<Row> validation,
      Dataset<Row> userFactors, Dataset<Row> itemFactors) {
    return run(train, validation, userFactors, itemFactors, null);
  }

  /**
   * As above, at factors whose objective is already built ({@code at}, e.g. by {@link ThetaPolish}; may be
   * null): its rows, factors and blocks are used where they are laid out as this valuation's partitions,
   * instead of building them again. They stay the caller's to release.
   */
  public ValuationResult run(Dataset<Row> train, Dataset<Row> validation,
      Dataset<Row> userFactors, Dataset<Row> itemFactors, DistributedObjective at) {
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

    boolean reuse = at != null && at.edges() != null && at.userPartitioner().equals(up)
        && at.itemPartitioner().equals(ip) && at.loss().equals(settings.loss());
    Stage prep = timed(d, "prepare", () -> {
      if (reuse) {
        return new Stage(at.theta(), at.edges(), at);
      }
      DistributedBlockVector theta = FactorTables.toVector(userFactors, itemFactors, k, up, ip)
          .persist("value.theta");
      TrainingEdges edges = TrainingEdges.build(train, ip, "value.train.edges");
      return new Stage(theta, edges, DistributedObjective.of(settings.loss(), edges, theta, up,
          ip));
    });
    d.put("blocks_reused", reuse);
    if (!reuse) {
      release.add(prep.theta::unpersist);
      release.add(prep.edges::unpersist);
    }
    d.put("train_rows", prep.edges.count());
    int interval = CheckpointInterval.resolve(settings.checkpointInterval(), prep.edges.count());
    d.put("cg_checkpoint_interval", interval);

    Optional<DriverSolver> driver = settings.blockDiagonal() || !settings.solveOnDriver() ? Optional.empty()
        : timed(d, "prepare", () -> DriverSolver.of(prep.objective, DriverSolver.maxNumbers(), backend));
    Optional<PackedSystem> packed = settings.blockDiagonal() || driver.isPresent() ? Optional.empty()
        : timed(d, "preconditioner", () -> PackedSystem.of(prep.objective, settings.hessian(), backend));
    DistributedBlockDiagonal[] blockDiagonal = new DistributedBlockDiagonal[1];
    java.util.function.Function<DistributedBlockVector, DistributedBlockVector> solver = g -> {
      if (driver.isPresent()) {
        return timed(d, "cg", () -> solveOnDriver(driver.get(), prep.theta, g, d));
      }
      if (packed.isPresent()) {
        return timed(d, "cg", () -> solvePacked(packed.get(), g, d, interval));
      }
      if (blockDiagonal[0] == null) {
        blockDiagonal[0] = timed(d, "preconditioner",
            () -> DistributedBlockDiagonal.of(prep.objective, settings.hessian(), backend));
        release.add(blockDiagonal[0]::unpersist);
      }
      return timed(d, "cg", () -> solve(prep.objective, blockDiagonal[0], g, d, interval));
    };
    packed.ifPresent(p -> release.add(p::unpersist));

    DistributedBlockVector s;
    List<String> segmentNames = new ArrayList<>();
    List<DistributedBlockVector> segmentDirections = new ArrayList<>();
    if (segments.isEmpty()) {
      DistributedValidation.Gradient grad = timed(d, "gradient", () -> gradient(validation, train,
          prep.theta, up, ip));
      release.add(grad.g()::unpersist);
      d.put("validation_pairs", grad.pairs());
      s = solver.apply(grad.g());
    } else {
      ValidationSegments.Assignment a = segments.get().assign(train, validation, 1 + (segments.get().byUser()
          ? prep.theta.users().keys().treeAggregate(-1, Math::max, Math::max)
          : prep.theta.items().keys().treeAggregate(-1, Math::max, Math::max)));
      DistributedValidation.Gradient[] parts = timed(d, "gradient", () -> segmentedGradient(validation, train,
          prep.theta, up, ip, a));
      List<Map<String, Object>> perSegment = new ArrayList<>();
      DistributedBlockVector sum = null;
      long pairs = 0;
      for (int q = 0; q < parts.length; q++) {
        release.add(parts[q].g()::unpersist);
        pairs += parts[q].pairs();
        DistributedBlockVector sq = parts[q].pairs() == 0 ? parts[q].g() : solver.apply(parts[q].g());
        release.add(sq::unpersist);
        segmentNames.add(a.names().get(q));
        segmentDirections.add(sq);
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("segment", a.names().get(q));
        one.put("pairs", parts[q].pairs());
        one.put("cg_iterations", parts[q].pairs() == 0 ? 0 : d.get("cg_iterations"));
        perSegment.add(one);
        sum = sum == null ? sq : sum.axpy(1.0, sq);
      }
      s = sum.persist("value.direction.sum");
      s.materialize();
      d.put("validation_pairs", pairs);
      d.put("validation_segments", perSegment);
      d.put("cg_iterations", perSegment.stream().mapToInt(m -> ((Number) m.get("cg_iterations")).intValue()).sum());
    }
    release.add(s::unpersist);

    JavaRDD<Row> rows = timed(d, "values", () -> {
      JavaRDD<Row> r = InfluenceValues.rows(prep.objective, s, settings.methodId()).setName("value.values");
      r.persist(StorageLevel.MEMORY_AND_DISK()).count();
      return r;
    });
    release.add(() -> rows.unpersist(false));
    if (!reuse) {
      release.add(prep.objective::release);
    }
    d.put("seconds_total", (System.nanoTime() - start) / 1e9);
    spark.sparkContext().clearJobGroup();
    // computed when written (the stage writes it beside the values), from the cached rows and s
    Dataset<Row> decomposition = spark.createDataFrame(InfluenceValues.decompositionRows(prep.objective, s),
        ValueSchemas.DECOMPOSITION);
    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(ValueSchemas.DECOMPOSITION_TABLE, decomposition);
    tables.put(ValueSchemas.LEVERAGE_TABLE, DistributedLeverage.table(spark, prep.objective));
    if (!segmentDirections.isEmpty()) {
      Dataset<Row> split = null;
      for (int q = 0; q < segmentDirections.size(); q++) {
        Dataset<Row> part = spark.createDataFrame(InfluenceValues.rows(prep.objective, segmentDirections.get(q),
            settings.methodId()), ValueSchemas.VALUES)
            .select(col(USER_IDX), col(ITEM_IDX), lit(segmentNames.get(q)).as(ValueSchemas.SEGMENT),
                col(ValueSchemas.VALUE));
        split = split == null ? part : split.union(part);
      }
      tables.put(ValueSchemas.VALIDATION_SEGMENTS_TABLE, split);
    }
    return new ValuationResult(spark.createDataFrame(rows, ValueSchemas.VALUES), s, d,
        () -> release.forEach(Runnable::run), tables);
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

  private DistributedValidation.Gradient[] segmentedGradient(Dataset<Row> validation, Dataset<Row> train,
      DistributedBlockVector theta, Partitioner up, Partitioner ip, ValidationSegments.Assignment a) {
    int numItems = settings.validationObjective() == ValidationKind.MSE ? 0
        : theta.items().keys().treeAggregate(-1, Math::max, Math::max) + 1;
    return DistributedValidation.segmented(settings.validationObjective(), validation, train, theta,
        settings.negativesPerPositive(), settings.seed(), numItems, up, ip, a.segmentOf(), segments.get().byUser(),
        a.names().size());
  }

  private DistributedBlockVector solve(DistributedObjective f, DistributedBlockDiagonal m,
      DistributedBlockVector g, Map<String, Object> d, int checkpointInterval) {
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
        checkpointInterval, progress).solve(g);
    record(r, d);
    return r.solution();
  }

  /**
   * {@code s = H⁻¹g} by CG on the packed layout ({@link PackedSystem}); the solution comes back
   * under entity keys, cached.
   */
  private DistributedBlockVector solvePacked(PackedSystem system, DistributedBlockVector g,
      Map<String, Object> d, int checkpointInterval) {
    d.put("g_norm", g.norm());
    d.put("cg_layout", "packed");
    PackedBlockVector pg = system.pack(g).persist("value.cg.g");
    DistributedCgResult<PackedBlockVector> r = new DistributedConjugateGradient<
        PackedBlockVector>(system::hvp, system::precondition, settings.cg(),
        checkpointInterval, progress).solve(pg);
    record(r, d);
    DistributedBlockVector s = system.unpack(r.solution()).persist("value.direction");
    s.materialize();
    r.solution().unpersist();
    pg.unpersist();
    return s;
  }

  /**
   * {@code s = H⁻¹g} by CG on the driver ({@link DriverSolver}, its own preconditioner); the solution goes back
   * to Spark under entity keys, cached.
   */
  private DistributedBlockVector solveOnDriver(DriverSolver driver, DistributedBlockVector theta,
      DistributedBlockVector g, Map<String, Object> d) {
    d.put("g_norm", g.norm());
    d.put("cg_layout", "driver");
    CgResult r = driver.solve(driver.local(theta), driver.rightHandSide(g), settings.hessian(), settings.cg());
    record(r.iterations(), r.converged(), r.residualLog(), r.trueRelativeResidual(), r.negativeCurvature(), d);
    return driver.distributed(r.solution(), g, "value.direction");
  }

  private static void record(DistributedCgResult<?> r, Map<String, Object> d) {
    record(r.iterations(), r.converged(), r.residualLog(), r.trueRelativeResidual(), r.negativeCurvature(), d);
  }

  private static void record(int iterations, boolean converged, double[] residualLog, double trueRelativeResidual,
      boolean negativeCurvature, Map<String, Object> d) {
    d.put("cg_iterations", iterations);
    d.put("cg_converged", converged);
    d.put("cg_residual_log", Arrays.stream(residualLog).boxed().toList());
    d.put("cg_true_relative_residual", trueRelativeResidual);
    d.put("cg_negative_curvature", negativeCurvature);
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

  /** The prepared inputs: {@code θ*}, the training rows and the objective. */
  private record Stage(DistributedBlockVector theta, TrainingEdges edges,
      DistributedObjective objective) {}
}
