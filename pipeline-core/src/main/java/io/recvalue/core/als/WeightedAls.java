package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import io.recvalue.core.linalg.SolverBackends;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weighted alternating least squares on Spark, minimising exactly the objective {@code F} of docs/methods.md §1
 * (explicit ALS-WR, or implicit Hu–Koren–Volinsky), in {@code double}, with per-interaction weights and
 * warm starts.
 *
 * <p>One sweep solves all users with the items fixed, then all items with the users fixed; each
 * half-step is the exact minimiser of {@code F} over that side ({@code F} is a strictly convex quadratic
 * in it when {@code λ > 0}), so {@code F} never increases. Data movement follows MLlib's ALS: users
 * and items are split into {@code numBlocks} blocks ({@code idx % numBlocks}); each half-step ships each
 * destination block only the source factors it needs ({@link AlsBlocks}, {@link HalfStep}), and each
 * destination block solves its normal equations in batches ({@link BlockSolver}). No factor table is
 * collected to the driver; only {@code k×k} Gramians and scalars are.
 *
 * <p>The objective is computed inside the item half-step, where each interaction's item factor is new
 * and its user factor arrives in the message: {@code Σ_j w_j ℓ_j} block by block, plus, for implicit
 * data, the dense term {@code Σ_{u,i} s_ui² = tr((XᵀX)(YᵀY))} from the two Gramians.
 *
 * <p>Summing it is a Spark job. A fit that needs it every sweep (a stopping rule {@code tol > 0},
 * validation data, or implicit feedback, whose next half-step needs the Gramian that the same job sums)
 * runs that job every sweep. A fit of exactly {@code maxIter} sweeps of explicit feedback without
 * validation data runs it only on checkpoint sweeps and the last two (so that the last relative change
 * is known): the sweeps between stay lazy and Spark runs them in one job, as MLlib's ALS does. Those
 * sweeps record a NaN objective, and their time is counted in the next evaluated sweep.
 */
public final class WeightedAls {
  private static final Logger LOG = LoggerFactory.getLogger(WeightedAls.class);

  private WeightedAls() {}

  /**
   * Trains on {@code train} (the interaction table layout) and returns the model with its history.
   *
   * @param warmStart factors to start from (null: seeded initialisation); entities it lacks are seeded,
   *     entities without training interactions are not part of the result
   * @param validation pairs for the per-sweep validation loss (null: none), see {@link ValidationLoss}
   */
  public static AlsModel fit(SparkSession spark, Dataset<Row> train, AlsParams params, AlsModel warmStart, Dataset<Row> validation) {
    return fit(spark, train, params, warmStart, validation, SweepListener.NONE);
  }

  /** {@link #fit(SparkSession, Dataset, AlsParams, AlsModel, Dataset)}, telling {@code listener} of each sweep. */
  public static AlsModel fit(SparkSession spark, Dataset<Row> train, AlsParams params, AlsModel warmStart,
      Dataset<Row> validation, SweepListener listener) {
    String backend = SolverBackends.resolve(params.solverBackend());
    String solverDescription = SolverBackends.create(backend).describe();
    LOG.info("ALS {} with solver {}", params, solverDescription);
    return new Run(spark, train, params, backend, solverDescription, listener).fit(warmStart, validation);
  }

  /**
   * Minimises {@code F(θ, w) + Σ_p ν_p (t_p − s_p)²}: the training objective plus <em>nudge pairs</em>
   * ({@code user_idx, item_idx, rating} = target {@code t_p}, {@code weight} = {@code ν_p}, any finite
   * sign), which carry no share of the regularisation. With {@code ν_p = ±β c_p} for a quadratic
   * validation loss {@code L_V = Σ_p c_p (t_p − s_p)²} this is a nudged phase of equilibrium
   * propagation, {@code argmin F + βL_V} (docs/methods.md §4). Every nudge pair's user and item must have
   * training interactions (otherwise its normal matrix has no regularisation and may be singular), and
   * {@code |ν|} must be small enough that each normal matrix stays positive definite; a violation fails
   * the Cholesky solve. With {@code params.tol() == 0} it runs exactly {@code params.maxIter()} sweeps,
   * which is how the two phases of a centred estimate are kept in step.
   *
   * <p>Keeps the factors after each of the last {@code last} sweeps, oldest first (iterate {@code s} is the
   * model after {@code s} sweeps; iterate 0 is the warm start): {@code last = 3} of a 10-sweep fit keeps iterates 8, 9 and 10, the
   * last being the fitted model ({@link FactorIterates#last}). Sequence extrapolation uses them (equilibrium
   * propagation's phases). The kept iterates are cached as the fit computes them, so none is computed twice.
   *
   * @param last how many iterates, {@code 1 ≤ last ≤ maxIter + 1}; needs {@code params.tol() == 0} (a fixed
   *     number of sweeps), so that the iterates' sweep numbers are known before the fit
   */
  public static FactorIterates fitNudgedIterates(SparkSession spark, Dataset<Row> train, Dataset<Row> nudge,
      AlsParams params, AlsModel warmStart, SweepListener listener, int last) {
    NudgedProblem problem = NudgedProblem.build(train, nudge, params.numBlocks());
    try {
      return problem.fit(spark, 1.0, params, warmStart, listener, last);
    } finally {
      problem.unpersist();
    }
  }

  /**
   * The nudged fit on prebuilt blocks ({@link NudgedProblem}); the blocks stay the caller's ({@code release}
   * frees what this fit made of them). It starts from {@code start} (in the blocks' layout) when given, else from
   * {@code warmStart} (null: seeded).
   */
  static FactorIterates fitNudgedIterates(SparkSession spark, AlsBlocks blocks, Runnable release, AlsParams params,
      AlsModel warmStart, PackedFactors start, SweepListener listener, int last) {
    if (last < 1 || last > params.maxIter() + 1 || params.tol() != 0) {
      throw new IllegalArgumentException("iterates kept " + last + " must be in [1, maxIter + 1 = "
          + (params.maxIter() + 1) + "] with tol 0 (tol " + params.tol() + ")");
    }
    if (blocks.copies == 2 && params.implicit()) {
      throw new IllegalArgumentException("two copies fitted as one problem need explicit feedback: the implicit"
          + " objective's all-pairs term would couple them");
    }
    if (blocks.copies == 2 ? start == null || start.copies() != 2 : start != null && start.copies() != 1) {
      throw new IllegalArgumentException("a fit of " + blocks.copies + " cop" + (blocks.copies == 1 ? "y" : "ies")
          + " starts from factors in the block layout holding as many (TwinCopies.pair for two)");
    }
    String backend = SolverBackends.resolve(params.solverBackend());
    String solverDescription = SolverBackends.create(backend).describe();
    LOG.info("nudged ALS {} with solver {}, keeping the last {} iterates", params, solverDescription, last);
    Run run = new Run(spark, blocks, release, params, backend, solverDescription, listener, last);
    AlsModel model = start != null ? run.fit(start) : run.fit(warmStart, null);
    return new FactorIterates(params.rank(), params.numBlocks(), blocks.copies, run.iterateUsers, run.iterateItems,
        model);
  }

  /** The state of one fit. */
  private static final class Run {
    private final SparkSession spark;
    private final AlsParams p;
    private final String backend;
    private final String solverDescription;
    private final SweepListener listener;
    private final AlsBlocks blocks;
    private final Runnable releaseBlocks;
    private final int k;
    private final int nb;
    private JavaPairRDD<Integer, double[]> x;
    private JavaPairRDD<Integer, double[]> y;
    private final List<JavaPairRDD<?, ?>> cached = new ArrayList<>();
    /** Iterates to return, the last {@code keepLast} (0: only the fitted model). */
    private final int keepLast;
    /** The cached tables the kept iterates are computed from, released at the end of the fit. */
    private final List<JavaPairRDD<?, ?>> retained = new ArrayList<>();
    /** The kept iterates' packed factor blocks per side, oldest first (the fitted model's last). */
    private final List<JavaPairRDD<Integer, double[]>> iterateUsers = new ArrayList<>();
    private final List<JavaPairRDD<Integer, double[]>> iterateItems = new ArrayList<>();

    /** A plain fit that builds its own blocks and keeps no iterates. */
    Run(SparkSession spark, Dataset<Row> train, AlsParams p, String backend, String solverDescription,
        SweepListener listener) {
      this(spark, AlsBlocks.build(train, p.numBlocks()), null, p, backend, solverDescription, listener, 0);
    }

    /** A fit on {@code blocks}; {@code releaseBlocks} null: the fit owns them and frees them when done. */
    Run(SparkSession spark, AlsBlocks blocks, Runnable releaseBlocks, AlsParams p, String backend,
        String solverDescription, SweepListener listener, int keepLast) {
      if (blocks.numBlocks != p.numBlocks()) {
        throw new IllegalArgumentException("blocks built for " + blocks.numBlocks + " blocks, fit asks for "
            + p.numBlocks());
      }
      this.spark = spark;
      this.releaseBlocks = releaseBlocks == null ? blocks::unpersist : releaseBlocks;
      this.keepLast = keepLast;
      this.p = p;
      this.backend = backend;
      this.solverDescription = solverDescription;
      this.listener = listener;
      this.k = p.rank();
      this.nb = p.numBlocks();
      this.blocks = blocks;
    }

    AlsModel fit(AlsModel warm, Dataset<Row> validation) {
      return fit(FactorBlocks.init(blocks.userIn, warm == null ? null : warm.userFactors(), USER_IDX, p.seed(),
          "als.init.user", k, nb, blocks.partitioner), FactorBlocks.init(blocks.itemIn,
          warm == null ? null : warm.itemFactors(), ITEM_IDX, p.seed(), "als.init.item", k, nb, blocks.partitioner),
          validation);
    }

    /** From a start in the block layout: a narrow join, block by block. */
    AlsModel fit(PackedFactors start) {
      if (start.rank() != k || start.numBlocks() != nb) {
        throw new IllegalArgumentException("a start of rank " + start.rank() + " in " + start.numBlocks()
            + " blocks for a fit of rank " + k + " in " + nb + " blocks");
      }
      return fit(FactorBlocks.init(blocks.userIn, start.users(), p.seed(), "als.init.user", k, nb, start.copies()),
          FactorBlocks.init(blocks.itemIn, start.items(), p.seed(), "als.init.item", k, nb, start.copies()), null);
    }

    private AlsModel fit(JavaPairRDD<Integer, double[]> x0, JavaPairRDD<Integer, double[]> y0,
        Dataset<Row> validation) {
      x = keep(x0, "als.userFactors.init");
      y = keep(y0, "als.itemFactors.init");
      double[] gramY = p.implicit() ? gram(y) : null;
      ValidationLoss vl = validation == null ? null : ValidationLoss.of(validation, p.implicit(), numItems(), p.seed());
      List<TrainingHistory.Iteration> its = new ArrayList<>();
      boolean converged = false;
      boolean everySweep = p.tol() > 0 || vl != null || p.implicit();
      double prev = Double.NaN;
      keepIterate(0);
      for (int it = 1; it <= p.maxIter() && !converged; it++) {
        long t0 = System.nanoTime();
        double[] sweep = sweep(it, gramY, everySweep || it >= p.maxIter() - 1 || checkpoints(it));
        double f = sweep[0];
        gramY = p.implicit() ? java.util.Arrays.copyOfRange(sweep, 1, sweep.length) : null;
        double rel = Double.isNaN(prev) ? Double.NaN : Math.abs(prev - f) / Math.max(Math.abs(prev), Double.MIN_NORMAL);
        double val = vl == null ? Double.NaN : vl.of(model(TrainingHistory.empty()));
        double secs = (System.nanoTime() - t0) / 1e9;
        TrainingHistory.Iteration done = new TrainingHistory.Iteration(it, f, rel, val, secs);
        its.add(done);
        LOG.debug("ALS sweep {}: objective {}, relative change {}, validation loss {}, {} s", it, f, rel, val, secs);
        listener.sweepDone(done);
        converged = rel < p.tol();
        prev = f;
        if (it < p.maxIter()) {
          keepIterate(it);
        }
      }
      if (vl != null) {
        vl.unpersist();
      }
      return finish(new TrainingHistory(its, converged));
    }

    /**
     * Records the factors after sweep {@code it} as an iterate when it is one of the last {@code keepLast}
     * (the final sweep's factors are the fitted model, recorded by {@link #finish}), and keeps the cached
     * tables they are computed from out of {@link #release} until the fit ends.
     */
    private void keepIterate(int it) {
      if (keepLast == 0 || it <= p.maxIter() - keepLast) {
        return;
      }
      retained.addAll(cached.subList(Math.max(0, cached.size() - 2), cached.size()));
      cached.removeAll(retained);
      iterateUsers.add(compact(blocks.userIn, x, "als.userFactors." + it));
      iterateItems.add(compact(blocks.itemIn, y, "als.itemFactors." + it));
    }

    private boolean checkpoints(int it) {
      return p.checkpointInterval() > 0 && it % p.checkpointInterval() == 0;
    }

    /**
     * One sweep; returns {@code [F, (YᵀY)...]}, or {@code [NaN]} when not {@code evaluate}d (explicit
     * feedback only: the sweep's factors stay lazy, computed by a later job).
     */
    private double[] sweep(int it, double[] gramY, boolean evaluate) {
      BlockSolver.Setup users = new BlockSolver.Setup(k, p.lambda(), p.implicit(), p.alpha(), false, p.implicit());
      JavaPairRDD<Integer, BlockSolver.Result> rx = keep(
          HalfStep.run(y, blocks.itemOut, blocks.userIn, gramY, users, backend, nb, blocks.partitioner), "als.users." + it);
      double[] gramX = p.implicit() ? gramOf(HalfStep.aggregate(rx, k)) : null;
      JavaPairRDD<Integer, double[]> newX = rx.mapValues(BlockSolver.Result::factors);
      BlockSolver.Setup items = new BlockSolver.Setup(k, p.lambda(), p.implicit(), p.alpha(), true, p.implicit());
      JavaPairRDD<Integer, BlockSolver.Result> ry = keep(
          HalfStep.run(newX, blocks.userOut, blocks.itemIn, gramX, items, backend, nb, blocks.partitioner), "als.items." + it);
      if (checkpoints(it)) {
        checkpoint(ry);
      }
      double[] agg = evaluate ? HalfStep.aggregate(ry, k) : new double[] {Double.NaN};
      if (p.implicit()) {
        agg[0] += NormalEquations.denseSquaredScores(gramX, gramOf(agg));
      }
      release();
      x = newX;
      y = ry.mapValues(BlockSolver.Result::factors);
      return agg;
    }

    private void checkpoint(JavaPairRDD<Integer, BlockSolver.Result> r) {
      if (spark.sparkContext().getCheckpointDir().isDefined()) {
        r.checkpoint();
      } else {
        LOG.warn("no checkpoint directory set on the SparkContext; long ALS lineages may overflow the stack");
      }
    }

    private double[] gram(JavaPairRDD<Integer, double[]> f) {
      return FactorBlocks.gram(f.values(), k);
    }

    private double[] gramOf(double[] agg) {
      return java.util.Arrays.copyOfRange(agg, 1, agg.length);
    }

    private int numItems() {
      return blocks.itemIn.values().map(b -> b.dstIds.length == 0 ? -1 : b.dstIds[b.dstIds.length - 1]).fold(-1, Math::max) + 1;
    }

    private AlsModel model(TrainingHistory h) {
      return new AlsModel(k, FactorBlocks.toDataset(spark, blocks.userIn.join(x).mapValues(t -> FactorBlocks.pack(t._1.dstIds, t._2)), USER_IDX, k),
          FactorBlocks.toDataset(spark, blocks.itemIn.join(y).mapValues(t -> FactorBlocks.pack(t._1.dstIds, t._2)), ITEM_IDX, k),
          h, solverDescription, () -> { });
    }

    /**
     * The final model: per side, one cached RDD of (ids, factors) per block (a narrow join of cached
     * RDDs, materialised here), viewed as a table; everything else the fit cached is released.
     */
    private AlsModel finish(TrainingHistory h) {
      JavaPairRDD<Integer, double[]> ux = compact(blocks.userIn, x, "als.userFactors");
      JavaPairRDD<Integer, double[]> iy = compact(blocks.itemIn, y, "als.itemFactors");
      JavaPairRDD<Integer, double[]> all = ux.union(iy);
      for (int i = 0; i < iterateUsers.size(); i++) {
        all = all.union(iterateUsers.get(i)).union(iterateItems.get(i));
      }
      all.count(); // materialises the model (and the kept iterates) in one job
      for (JavaPairRDD<?, ?> r : cached) {
        r.unpersist(false);
      }
      for (JavaPairRDD<?, ?> r : retained) {
        r.unpersist(false);
      }
      releaseBlocks.run();
      AlsModel model = new AlsModel(k, FactorBlocks.toDataset(spark, ux, USER_IDX, k), FactorBlocks.toDataset(spark, iy, ITEM_IDX, k),
          h, solverDescription, () -> {
            ux.unpersist(false);
            iy.unpersist(false);
          });
      if (keepLast > 0) {
        iterateUsers.add(ux);
        iterateItems.add(iy);
      }
      return model;
    }

    /** {@code [k, ids..., factors...]} per block, cached (materialised by the caller). */
    private JavaPairRDD<Integer, double[]> compact(JavaPairRDD<Integer, InBlock> in, JavaPairRDD<Integer, double[]> f, String name) {
      JavaPairRDD<Integer, double[]> c = in.join(f).mapValues(t -> FactorBlocks.pack(t._1.dstIds, t._2));
      c.setName(name).persist(StorageLevel.MEMORY_AND_DISK());
      return c;
    }

    private <K, V> JavaPairRDD<K, V> keep(JavaPairRDD<K, V> r, String name) {
      r.setName(name).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(r);
      return r;
    }

    /** Unpersists the cached parents of the previous factors (everything cached before the newest two). */
    private void release() {
      while (cached.size() > 2) {
        cached.remove(0).unpersist(false);
      }
    }
  }
}
