package io.recvalue.valuation.spark;

import io.recvalue.core.linalg.BatchedSpdSolver;
import io.recvalue.core.linalg.SolverBackends;
import io.recvalue.valuation.math.BlockVector;
import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.CgResult;
import io.recvalue.valuation.math.ConjugateGradient;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.Interactions;
import io.recvalue.valuation.math.TrainingObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.network.util.JavaUtils;
import scala.Tuple2;

/**
 * A problem small enough for the driver, on the driver: the training rows collected once into arrays
 * ({@link TrainingEdges#columns}), and on them the objective's change, its gradient and the conjugate-gradient
 * solves ({@link ConjugateGradient} on {@link TrainingObjective}'s products, preconditioned by its
 * {@link io.recvalue.valuation.math.BlockDiagonal}) — the local twins of {@link DistributedObjective} and
 * {@link PackedSystem}, the same formulas (the tests compare both layouts' Newton steps and solutions). A product
 * over half a million rows takes tens of milliseconds here, where each iteration of
 * {@link DistributedConjugateGradient} is a Spark job with its stages and tasks: on small logs the fixed cost of
 * a job, not the arithmetic, is most of a distributed solve. {@link ThetaPolish}'s walk
 * ({@link DriverPolishPoint}) and {@link InfluenceValuation}'s solve use it.
 *
 * <p><b>Layout.</b> As the packed layout, it holds exactly the entities with a training interaction,
 * numbered compactly in id order. For explicit data that loses nothing (an entity without one has a zero
 * gradient and a Hessian row {@code δv}, so its block of a solution is zero; a non-zero block of a right-hand
 * side there is refused, as {@link PackedSystem#pack} refuses it). The implicit dense term couples every factor row,
 * so {@link #of} declines when {@code θ} has rows the training rows do not hold.
 *
 * <p><b>Size.</b> The driver holds the rows (about three numbers each) and, per entity, its {@code k×k}
 * preconditioner block and about ten {@code k}-vectors of CG. {@link #of} declines above a number of such
 * numbers, by default {@link #maxNumbers()}: 1/16 of the driver's heap; and where the rows would exceed
 * {@code spark.driver.maxResultSize} (about 32 bytes a row), which would fail their collection.
 */
public final class DriverSolver {
  /** The driver's heap divided by this is the most the problem may take. */
  static final int HEAP_SHARE = 16;
  /** {@code k}-vectors per entity a solve holds at once (θ, the right-hand side, CG's four, products, copies). */
  private static final int VECTORS = 10;
  /** Bytes a collected row takes at most in the job's result: two indices, a rating and a weight, with room. */
  private static final long BYTES_PER_ROW = 32;

  private final TrainingObjective objective;
  private final int k;
  private final int[] userIds;
  private final int[] itemIds;
  private final int[] userIndex;
  private final int[] itemIndex;
  private final BatchedSpdSolver solver;
  private final JavaSparkContext jsc;

  private DriverSolver(TrainingObjective objective, int k, int[] userIds, int[] itemIds, BatchedSpdSolver solver,
      JavaSparkContext jsc) {
    this.objective = objective;
    this.k = k;
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.userIndex = inverse(userIds);
    this.itemIndex = inverse(itemIds);
    this.solver = solver;
    this.jsc = jsc;
  }

  /** 1/16 of the driver's heap, in numbers. */
  public static long maxNumbers() {
    return Runtime.getRuntime().maxMemory() / HEAP_SHARE / Double.BYTES;
  }

  /**
   * Collects {@code f}'s rows to the driver (once per {@link TrainingEdges}), or returns empty when the problem
   * would take more than
   * {@code maxNumbers} numbers there or the rows more than {@code spark.driver.maxResultSize} (two counts of
   * {@code θ}'s rows decide that before a row moves), or when the
   * implicit dense term reaches rows the training rows do not hold. {@code solverBackend} is a concrete
   * {@link SolverBackends} name.
   */
  public static Optional<DriverSolver> of(DistributedObjective f, long maxNumbers, String solverBackend) {
    int k = f.theta().k();
    long n = f.edges().count();
    long thetaUsers = f.theta().users().count();
    long thetaItems = f.theta().items().count();
    if (!fits(n, thetaUsers + thetaItems, k, maxNumbers, maxResultBytes(f))) {
      return Optional.empty();
    }
    TrainingEdges.Columns rows = f.edges().columns();
    int[] u = rows.users().clone();
    int[] i = rows.items().clone();
    int[] users = Arrays.stream(u).distinct().sorted().toArray();
    int[] items = Arrays.stream(i).distinct().sorted().toArray();
    if (f.dense() != null && (thetaUsers != users.length || thetaItems != items.length)) {
      return Optional.empty();
    }
    int[] userIndex = inverse(users);
    int[] itemIndex = inverse(items);
    for (int j = 0; j < n; j++) {
      u[j] = userIndex[u[j]];
      i[j] = itemIndex[i[j]];
    }
    Interactions data = new Interactions(users.length, items.length, u, i, rows.ratings(), rows.weights());
    return Optional.of(new DriverSolver(new TrainingObjective(data, f.loss()), k, users, items,
        SolverBackends.create(solverBackend), JavaSparkContext.fromSparkContext(f.edges().byItem().context())));
  }

  /**
   * Whether {@code rows} training rows and {@code entities} entities of rank {@code k} fit the driver: at most
   * {@code maxNumbers} numbers there (three a row, {@code k² + 10k} an entity) and at most {@code maxResultBytes}
   * of collected rows.
   */
  static boolean fits(long rows, long entities, int k, long maxNumbers, long maxResultBytes) {
    return rows <= Integer.MAX_VALUE && BYTES_PER_ROW * rows <= maxResultBytes
        && 3 * rows + entities * ((long) k * k + (long) VECTORS * k) <= maxNumbers;
  }

  /**
   * {@code spark.driver.maxResultSize} in bytes ({@code 1g} unless set; 0, no limit): a collection of the rows
   * beyond it would fail the job.
   */
  private static long maxResultBytes(DistributedObjective f) {
    long limit = JavaUtils.byteStringAsBytes(f.edges().byItem().context().getConf()
        .get("spark.driver.maxResultSize", "1g"));
    return limit == 0 ? Long.MAX_VALUE : limit;
  }

  /** The training rows held here. */
  public int rows() {
    return objective.data().size();
  }

  /** Factors {@code v}: the blocks of the entities held here, collected; the others are dropped. */
  public BlockVector local(DistributedBlockVector v) {
    return new BlockVector(k, flat(v.users().collectAsMap(), userIds), flat(v.items().collectAsMap(), itemIds));
  }

  /**
   * A right-hand side {@code g}, collected as {@link #local}; a non-zero block of an entity not held here fails
   * with the error of the packed layout ({@link PackedSystem#pack}): the solve has no block for it.
   */
  public BlockVector rightHandSide(DistributedBlockVector g) {
    Map<Integer, double[]> users = g.users().collectAsMap();
    Map<Integer, double[]> items = g.items().collectAsMap();
    refuseUnheld(users, userIndex, "user");
    refuseUnheld(items, itemIndex, "item");
    return new BlockVector(k, flat(users, userIds), flat(items, itemIds));
  }

  private static void refuseUnheld(Map<Integer, double[]> rows, int[] index, String side) {
    rows.entrySet().stream()
        .filter(e -> (e.getKey() >= index.length || index[e.getKey()] < 0)
            && KVectors.dot(e.getValue(), e.getValue()) != 0)
        .mapToInt(Map.Entry::getKey).min().ifPresent(id -> {
          throw new IllegalStateException(BlockedEdges.noBlockFor(side, id));
        });
  }

  /** {@code v} as a cached, computed distributed vector of {@code like}'s partitioners, under {@code name}. */
  public DistributedBlockVector distributed(BlockVector v, DistributedBlockVector like, String name) {
    DistributedBlockVector out = new DistributedBlockVector(k,
        keyed(v.users(), userIds).partitionBy(like.users().partitioner().get()),
        keyed(v.items(), itemIds).partitionBy(like.items().partitioner().get())).persist(name);
    out.materialize();
    return out;
  }

  /**
   * {@code (H + δI)⁻¹ g} at {@code theta} (both held here, {@link #local}) by CG preconditioned with the blocks
   * {@code H_uu + δI}, {@code H_ii + δI} of the same options.
   */
  public CgResult solve(BlockVector theta, BlockVector g, HessianOptions options, CgOptions cg) {
    return ConjugateGradient.solve(objective.hessian(theta, options),
        objective.blockDiagonal(theta, options).asPreconditioner(solver), g, cg);
  }

  /** {@code ∇F(θ)} over the rows held here. */
  public BlockVector gradient(BlockVector theta) {
    return objective.gradient(theta);
  }

  /** {@code F(θ') − F(θ)}, summed term by term ({@link TrainingObjective#valueChange}). */
  public double valueChange(BlockVector theta, BlockVector moved) {
    return objective.valueChange(theta, moved);
  }

  private double[] flat(Map<Integer, double[]> rows, int[] ids) {
    double[] out = new double[ids.length * k];
    for (int c = 0; c < ids.length; c++) {
      double[] row = rows.get(ids[c]);
      if (row != null) {
        System.arraycopy(row, 0, out, c * k, k);
      }
    }
    return out;
  }

  private JavaPairRDD<Integer, double[]> keyed(double[] flat, int[] ids) {
    List<Tuple2<Integer, double[]>> out = new ArrayList<>(ids.length);
    for (int c = 0; c < ids.length; c++) {
      out.add(new Tuple2<>(ids[c], Arrays.copyOfRange(flat, c * k, (c + 1) * k)));
    }
    return jsc.parallelizePairs(out);
  }

  /** {@code index[id]} = the position of {@code id} in the sorted {@code ids}, −1 for an id not there. */
  private static int[] inverse(int[] ids) {
    int[] index = new int[ids.length == 0 ? 0 : ids[ids.length - 1] + 1];
    Arrays.fill(index, -1);
    for (int c = 0; c < ids.length; c++) {
      index[ids[c]] = c;
    }
    return index;
  }
}
