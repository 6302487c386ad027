package io.recvalue.valuation.spark;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.FactorIterates;
import io.recvalue.core.als.NudgedProblem;
import io.recvalue.core.als.PackedFactors;
import io.recvalue.core.als.TrainingHistory;
import io.recvalue.core.als.TwinCopies;
import io.recvalue.core.als.WeightedAls;
import io.recvalue.valuation.math.ReducedRankExtrapolation;
import io.recvalue.valuation.output.ValueSchemas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Values by centred equilibrium propagation on Spark (docs/methods.md §4): no Hessian,
 * two weighted-ALS phases warm-started at {@code θ*},
 *
 * <pre>
 *   θ_{±β} = argmin_θ F(θ, 1) ± β L_V(θ),      value_j = −(ℓ_j(θ_{+β}) − ℓ_j(θ_{−β})) / (2β).
 * </pre>
 *
 * <p><b>Why it works.</b> {@code Φ(w, β) = min_θ F(θ, w) + βL_V(θ)} has
 * {@code ∂Φ/∂w_j = ℓ_j(θ_β)} and {@code ∂Φ/∂β = L_V(θ_β)}; the mixed derivatives agree, so
 * {@code dL_V(θ*(w))/dw_j = d/dβ ℓ_j(θ_β)|_{β=0}}. Removing {@code j} lowers {@code w_j} by one, so
 * the value (the change of {@code L_V} when {@code j} is removed, to first order) is
 * {@code −dL_V/dw_j}: the formula above, with error {@code O(β²)}. Expanding
 * {@code θ_β = θ* − βH⁻¹g + O(β²)} gives {@code value_j → ∇ℓ_jᵀH⁻¹g}, the influence value.
 *
 * <p><b>Phases.</b> {@code L_V = (1/n) Σ_p (t_p − s_p)²} must be quadratic (mse, or squared for
 * implicit data; {@link DistributedValidation#quadraticTargets}), so a nudged phase is a plain
 * weighted ALS ({@link WeightedAls#fitNudgedIterates}) in which every validation pair joins the training
 * pairs with weight {@code ±β/n} and no regularisation share; {@code n} counts the pairs exactly as
 * the influence gradient does, and pairs whose user or item has no factor row (and so no training
 * interaction) are left out, as they are there. Both phases run the same fixed number of sweeps
 * ({@link EpSettings#sweeps}). With explicit feedback (centred) they run as one fit of two disconnected copies of
 * the problem ({@link NudgedProblem#buildBothPhases}, {@link TwinCopies}; {@code ep_phases} "one fit of both"): an
 * explicit objective has no term joining the copies, so the fit is the two phases side by side, sweep by sweep,
 * in the Spark stages of one. Implicit feedback's all-pairs term would couple the copies, so there the phases run
 * one after the other on blocks built once ({@link NudgedProblem#build}, the {@code −β} phase scaling the nudge by
 * −1; "separate fits").
 *
 * <p><b>Extrapolation.</b> A phase converges linearly, so a fixed number of sweeps leaves the slowest part of
 * the response to the nudge behind. With {@link EpSettings#rreTerms} {@code > 1} each phase keeps its last
 * iterates, combined into an estimate of its limit (reduced-rank
 * extrapolation, {@link ReducedRankExtrapolation}): the weights come from the Gramian of the differences of
 * {@code d_s = θ^+_s − θ^−_s} ({@link FactorIterates#differenceGram}, one job, block by block), and the same
 * weights combine each phase's iterates. Since they sum to 1 and apply to both phases alike, whatever drift
 * {@code θ*} has still cancels in the difference; the values are computed at the combined factors. A sequence
 * that a few linear modes do not explain (a trained model still far from its minimum, whose phases keep
 * drifting) is not extrapolated: when the combination cancels less than {@code 1 − rreMaxResidual} of the last
 * step ({@code ep_rre_used} false), both phases continue from their last iterates to
 * {@link EpSettings#fallbackSweeps} sweeps in all, the plain estimate of that many sweeps.
 *
 * <p>Diagnostics keys: {@code method, validation_objective, implicit, lambda, alpha, partitions,
 * rank, ep_beta, ep_mode, ep_sweeps, ep_rre_terms, ep_inner_tolerance, validation_pairs, nudge_pairs, ep_phases,
 * train_rows, seconds_prepare, seconds_values, seconds_total}; for one fit of both phases
 * {@code ep_phases_objective_log, ep_phases_relative_change_log} (the pair's objective: the sum of the phases')
 * and {@code seconds_phases}, for separate fits {@code ep_plus_objective_log, ep_plus_relative_change_log,
 * ep_minus_objective_log, ep_minus_relative_change_log, seconds_phase_plus, seconds_phase_minus}; with
 * extrapolation also {@code ep_rre_coefficients, ep_rre_residual_ratio, ep_rre_used, ep_sweeps_run,
 * seconds_extrapolation} and, when the phases continue, {@code seconds_phases_continued} or
 * {@code seconds_phase_plus_continued, seconds_phase_minus_continued}.
 */
public final class EpValuation {
  private static final StructType NUDGE = new StructType()
      .add(USER_IDX, DataTypes.IntegerType, false)
      .add(ITEM_IDX, DataTypes.IntegerType, false)
      .add(RATING, DataTypes.DoubleType, false)
      .add(WEIGHT, DataTypes.DoubleType, false);

  private final SparkSession spark;
  private final InfluenceSettings settings;
  private final EpSettings ep;
  private final ValuationProgress progress;

  public EpValuation(SparkSession spark, InfluenceSettings settings, EpSettings ep) {
    this(spark, settings, ep, ValuationProgress.SILENT);
  }

  /** A valuation that tells {@code progress} of each sweep of each phase. */
  public EpValuation(SparkSession spark, InfluenceSettings settings, EpSettings ep, ValuationProgress progress) {
    this.spark = spark;
    this.settings = settings;
    this.ep = ep;
    this.progress = progress;
  }

  /** Runs the valuation; the caller releases the result when done with it. */
  public ValuationResult run(Dataset<Row> train, Dataset<Row> validation,
      Dataset<Row> userFactors, Dataset<Row> itemFactors) {
    long start = System.nanoTime();
    spark.sparkContext().setJobGroup("value", "equilibrium-propagation values", false);
    Map<String, Object> d = diagnostics();
    int n = settings.partitions() > 0 ? settings.partitions()
        : spark.sparkContext().defaultParallelism();
    Partitioner part = new HashPartitioner(n);
    int k = FactorTables.rank(userFactors);
    d.put("partitions", n);
    d.put("rank", k);
    List<Runnable> release = new ArrayList<>();

    // θ* in ALS's block layout, once: the nudge pairs' filter, both phases' start and the one-sided values read it
    PackedFactors theta = PackedFactors.of(new AlsModel(k, userFactors, itemFactors, TrainingHistory.empty(),
        "input"), ep.phaseParams(k).numBlocks()).persist("value.ep.theta");
    release.add(theta::unpersist);
    Nudge nudge = timed(d, "prepare", () -> nudge(validation, train, theta, part));
    release.add(nudge::unpersist);
    d.put("validation_pairs", nudge.validationPairs);
    d.put("nudge_pairs", nudge.kept);

    boolean paired = ep.centred() && !ep.phaseParams(k).implicit();
    d.put("ep_phases", paired ? "one fit of both" : "separate fits");
    NudgedProblem problem = nudgedProblem(train, nudge, k, paired);
    release.add(problem::unpersist);
    int keep = ep.extrapolated() ? ep.rreTerms() + 1 : 1;
    Phases phases = phases(problem, paired, k, theta, ep.centred() ? theta : null, ep.sweeps(), 0, keep, d, release);
    PackedFactors a = phases.plus().lastFactors();
    PackedFactors b = ep.centred() ? phases.minus().lastFactors() : null;
    if (ep.extrapolated()) {
      double[][] gram = timed(d, "extrapolation",
          () -> FactorIterates.differenceGram(phases.plus(), phases.minus()));
      double[] gamma = ReducedRankExtrapolation.coefficients(gram);
      double residual = ReducedRankExtrapolation.residualRatio(gram, gamma);
      boolean used = residual <= ep.rreMaxResidual();
      d.put("ep_rre_coefficients", Arrays.stream(gamma).boxed().toList());
      d.put("ep_rre_residual_ratio", residual);
      d.put("ep_rre_used", used);
      if (used) {
        a = phases.plus().combine(gamma);
        b = ep.centred() ? phases.minus().combine(gamma) : null;
      } else if (ep.fallbackSweeps() > ep.sweeps()) {
        Phases continued = phases(problem, paired, k, a, b, ep.fallbackSweeps() - ep.sweeps(), ep.sweeps(), 1, d,
            release);
        a = continued.plus().lastFactors();
        b = ep.centred() ? continued.minus().lastFactors() : null;
      }
    }
    d.put("ep_sweeps_run", Boolean.FALSE.equals(d.get("ep_rre_used")) ? Math.max(ep.sweeps(), ep.fallbackSweeps())
        : ep.sweeps());
    PackedFactors pointA = a;
    PackedFactors pointB = b != null ? b : theta;
    JavaRDD<Row> rows = timed(d, "values", () -> {
      JavaRDD<Row> r = EpValues.rows(train, pointA, pointB, settings.loss(),
          ep.centred() ? 2 * ep.beta() : ep.beta()).setName("value.values");
      d.put("train_rows", r.persist(StorageLevel.MEMORY_AND_DISK()).count());
      return r;
    });
    release.add(() -> rows.unpersist(false));
    d.put("seconds_total", (System.nanoTime() - start) / 1e9);
    spark.sparkContext().clearJobGroup();
    return new ValuationResult(spark.createDataFrame(rows, ValueSchemas.VALUES), null, d,
        () -> release.forEach(Runnable::run));
  }

  /** The two phases' iterates ({@code minus} null when one-sided). */
  private record Phases(FactorIterates plus, FactorIterates minus) { }

  /**
   * {@code sweeps} sweeps of the phases from {@code plusFrom} and {@code minusFrom} (null when one-sided), as one
   * fit of both ({@code paired}) or as separate fits; {@code done} sweeps ran before (a continuation, timed as
   * {@code *_continued}). What they cache joins {@code release}.
   */
  private Phases phases(NudgedProblem problem, boolean paired, int k, PackedFactors plusFrom, PackedFactors minusFrom,
      int sweeps, int done, int keep, Map<String, Object> d, List<Runnable> release) {
    String suffix = done > 0 ? "_continued" : "";
    if (paired) {
      FactorIterates twins = timed(d, "phases" + suffix,
          () -> phase(problem, 1, k, TwinCopies.pair(plusFrom, minusFrom), sweeps, done, keep, d, BOTH));
      release.add(twins::unpersist);
      return new Phases(TwinCopies.copy(spark, twins, 0), TwinCopies.copy(spark, twins, 1));
    }
    FactorIterates plus = timed(d, "phase_plus" + suffix,
        () -> phase(problem, 1, k, plusFrom, sweeps, done, keep, d, PLUS));
    release.add(plus::unpersist);
    if (minusFrom == null) {
      return new Phases(plus, null);
    }
    FactorIterates minus = timed(d, "phase_minus" + suffix,
        () -> phase(problem, -1, k, minusFrom, sweeps, done, keep, d, MINUS));
    release.add(minus::unpersist);
    return new Phases(plus, minus);
  }

  /**
   * {@code sweeps} sweeps of a nudged phase (or of both, {@link #BOTH}) from {@code from}, keeping its last
   * {@code keep} iterates (oldest first); {@code done} sweeps ran before {@code from} (a continued phase), so its
   * sweeps are numbered from {@code done + 1} and its logs extend the phase's.
   */
  private FactorIterates phase(NudgedProblem problem, double sign, int k, PackedFactors from, int sweeps, int done,
      int keep, Map<String, Object> d, Phase phase) {
    FactorIterates iterates = problem.fit(spark, sign, ep.phaseParams(k, sweeps), from,
        sweep -> progress.phaseSweepDone(phase.label, new TrainingHistory.Iteration(done + sweep.iteration(),
            sweep.objective(), sweep.relativeChange(), sweep.validationLoss(), sweep.seconds())), keep);
    AlsModel m = iterates.last();
    @SuppressWarnings("unchecked")
    List<Double> objective = (List<Double>) d.computeIfAbsent("ep_" + phase.key + "_objective_log",
        x -> new ArrayList<Double>());
    @SuppressWarnings("unchecked")
    List<Double> change = (List<Double>) d.computeIfAbsent("ep_" + phase.key + "_relative_change_log",
        x -> new ArrayList<Double>());
    for (TrainingHistory.Iteration it : m.history().iterations()) {
      objective.add(it.objective());
      change.add(it.relativeChange());
    }
    return iterates;
  }

  /** A fit's name in the diagnostics' keys and on the console. */
  private record Phase(String key, String label) { }

  private static final Phase PLUS = new Phase("plus", "plus");
  private static final Phase MINUS = new Phase("minus", "minus");
  /** Both phases as one fit of two copies of the problem ({@link TwinCopies}). */
  private static final Phase BOTH = new Phase("phases", "plus and minus");

  /**
   * The training rows and the nudge pairs, weight {@code β/n} each, in ALS's blocks, built once for both phases
   * and their continuations; the build runs in the first fit. {@code paired}: both phases as one problem of two
   * copies ({@link NudgedProblem#buildBothPhases}); else the {@code −β} phase scales the nudge by −1.
   */
  private NudgedProblem nudgedProblem(Dataset<Row> train, Nudge nudge, int k, boolean paired) {
    double c = ep.beta() / nudge.validationPairs;
    Dataset<Row> pairs = spark.createDataFrame(nudge.pairs.map(t -> RowFactory.create(
        (int) t[0], (int) t[1], t[2], c)), NUDGE);
    int blocks = ep.phaseParams(k).numBlocks();
    return paired ? NudgedProblem.buildBothPhases(train, pairs, blocks) : NudgedProblem.build(train, pairs, blocks);
  }

  /** The quadratic validation pairs, counted as the influence gradient counts them, then filtered. */
  private Nudge nudge(Dataset<Row> validation, Dataset<Row> train, PackedFactors theta, Partitioner part) {
    int k = theta.rank();
    int numItems = settings.validationObjective() == ValidationKind.MSE ? 0
        : theta.items().values().map(b -> b.length == 0 ? -1 : (int) b[b.length / (k + 1) - 1])
            .treeAggregate(-1, Math::max, Math::max) + 1;
    JavaRDD<double[]> targets = DistributedValidation.quadraticTargets(
        settings.validationObjective(), validation, train, settings.negativesPerPositive(),
        settings.seed(), numItems, part);
    targets.setName("value.ep.targets").persist(StorageLevel.MEMORY_AND_DISK());
    long total = targets.count();
    if (total == 0) {
      targets.unpersist(false);
      throw new IllegalArgumentException("validation set is empty");
    }
    JavaRDD<double[]> kept = PointLookup.meet(
        PointLookup.byUserBlock(targets.mapToPair(t -> new Tuple2<>((int) t[0], t)), theta.numBlocks()),
        PointLookup.of(theta), (pairs, at) -> {
          java.util.List<double[]> out = new ArrayList<>();
          pairs.forEachRemaining(t -> {
            if (at.user(0, (int) t[0]) >= 0 && at.item(0, (int) t[1]) >= 0) {
              out.add(t);
            }
          });
          return out.iterator();
        });
    kept.setName("value.ep.nudgePairs").persist(StorageLevel.MEMORY_AND_DISK());
    long keptCount = kept.count();
    targets.unpersist(false);
    return new Nudge(kept, total, keptCount);
  }

  private Map<String, Object> diagnostics() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("method", EpValues.METHOD);
    d.put("validation_objective", settings.validationObjective().id());
    d.put("implicit", settings.implicit());
    d.put("lambda", settings.lambda());
    d.put("alpha", settings.alpha());
    d.put("ep_beta", ep.beta());
    d.put("ep_mode", ep.centred() ? "centred" : "one_sided");
    d.put("ep_sweeps", ep.sweeps());
    d.put("ep_rre_terms", ep.rreTerms());
    d.put("ep_inner_tolerance", "fixed sweeps (tolerance 0)");
    return d;
  }

  private <T> T timed(Map<String, Object> d, String step, Supplier<T> body) {
    spark.sparkContext().setJobDescription("value: ep " + step);
    long t0 = System.nanoTime();
    T out = body.get();
    d.put("seconds_" + step, (System.nanoTime() - t0) / 1e9);
    return out;
  }

  /** Validation pairs {@code {user, item, target}} kept for the nudge, and the counts. */
  private record Nudge(JavaRDD<double[]> pairs, long validationPairs, long kept) {
    void unpersist() {
      pairs.unpersist(false);
    }
  }
}
