package io.recvalue.valuation.math;

import io.recvalue.core.linalg.BatchedSpdSolver;

/**
 * The block-diagonal part {@code M = blockdiag(H_uu, H_ii)} of the curvature matrix: one
 * {@code k×k} block per user and per item (stored back to back, row-major).
 *
 * <p>Explicit: {@code H_uu = Σ_{j∈u} w_j (2 y_i y_iᵀ + 2λI)}, the ALS normal matrix times two.
 * Implicit: {@code H_uu = 2 G_Y + Σ_{j∈u} w_j (2α r_j y_i y_iᵀ + 2λI)} — the per-interaction
 * blocks {@code φ'' y yᵀ + 2λI} with {@code φ'' = 2κ = 2α r} (see {@link PointLoss}) plus the
 * diagonal block {@code 2 G_Y} of the dense term ({@link DenseTerm}); at unit weights this is
 * twice MLlib's implicit normal matrix {@code YᵀC_uY + λ n_u I}. Items mirror users with
 * {@code G_X}. The diagonal blocks are the same for the exact and Gauss–Newton matrices; damping
 * adds {@code δI}. {@link #solve} applies {@code M⁻¹} with one {@code k×k} solve per block (one
 * batch per side through a {@link BatchedSpdSolver}); {@link #asPreconditioner} factors the blocks
 * once and applies the factors at every call.
 */
public final class BlockDiagonal {
  private final int k;
  private final double[] userBlocks;
  private final double[] itemBlocks;

  /**
   * The leverage above which a first-order value is reported as unreliable: {@code max(h_u, h_i) > 0.5}
   * means removing the interaction changes its user's or item's curvature along the direction it
   * pins by more than half, so the exact change exceeds the first-order one by a factor above 2 on
   * that side ({@link #leverage}). Measured against leave-one-out retrains in benchmarks/loo-fidelity.md.
   */
  public static final double UNRELIABLE_LEVERAGE = 0.5;

  public BlockDiagonal(int k, double[] userBlocks, double[] itemBlocks) {
    this.k = k;
    this.userBlocks = userBlocks;
    this.itemBlocks = itemBlocks;
  }

  /** Assembles {@code M} for the training objective at {@code θ}. */
  public static BlockDiagonal of(Interactions data, PointLoss loss, BlockVector theta,
      HessianOptions options) {
    int k = theta.k();
    double[] ub = new double[data.numUsers() * k * k];
    double[] ib = new double[data.numItems() * k * k];
    for (int j = 0; j < data.size(); j++) {
      int u = data.user(j);
      int i = data.item(j);
      double r = data.rating(j);
      double w = data.weight(j);
      InteractionKernel.addSelfBlock(loss, theta.items(), i * k, k, r, w, ub, u * k * k);
      InteractionKernel.addSelfBlock(loss, theta.users(), u * k, k, r, w, ib, i * k * k);
    }
    if (loss.hasDenseTerm()) {
      addToEveryBlock(ub, DenseTerm.gram(theta.items(), k), 2, k);
      addToEveryBlock(ib, DenseTerm.gram(theta.users(), k), 2, k);
    }
    addDamping(ub, options.damping(), k);
    addDamping(ib, options.damping(), k);
    return new BlockDiagonal(k, ub, ib);
  }

  /** {@code M⁻¹ r}, one {@code k×k} solve per user and per item. */
  public BlockVector solve(BlockVector r, BatchedSpdSolver solver) {
    double[] xu = r.users().clone();
    double[] xi = r.items().clone();
    solver.solve(k, xu.length / k, userBlocks.clone(), xu);
    solver.solve(k, xi.length / k, itemBlocks.clone(), xi);
    return new BlockVector(k, xu, xi);
  }

  /** {@code M v}. */
  public BlockVector multiply(BlockVector v) {
    return new BlockVector(k, blockProducts(userBlocks, v.users()),
        blockProducts(itemBlocks, v.items()));
  }

  /** This matrix as a preconditioner: the blocks are factored here, once, and applied at each call. */
  public Preconditioner asPreconditioner(BatchedSpdSolver solver) {
    double[] lu = userBlocks.clone();
    double[] li = itemBlocks.clone();
    solver.factor(k, lu.length / (k * k), lu);
    solver.factor(k, li.length / (k * k), li);
    return r -> {
      double[] xu = r.users().clone();
      double[] xi = r.items().clone();
      solver.solveFactored(k, xu.length / k, lu, xu);
      solver.solveFactored(k, xi.length / k, li, xi);
      return new BlockVector(k, xu, xi);
    };
  }

  /**
   * The leverage of each interaction on its user's and its item's factors, in this matrix's blocks:
   * {@code [h_u(j), h_i(j)]} for interaction {@code j} at offsets {@code 2j, 2j+1}, where
   * <pre>  h_u(j) = w_j φ''_j · y_iᵀ H_uu⁻¹ y_i,    h_i(j) = w_j φ''_j · x_uᵀ H_ii⁻¹ x_u.</pre>
   * With the items fixed, user {@code u}'s factor minimises a quadratic whose Hessian is {@code H_uu}, to
   * which interaction {@code j} adds the rank-one curvature {@code w_j φ''_j y_i y_iᵀ} (and its share of
   * {@code 2λI}). By Sherman–Morrison, removing that rank-one term turns {@code H_uu⁻¹} into
   * {@code H_uu⁻¹ + H_uu⁻¹ y_i y_iᵀ H_uu⁻¹ · w_j φ''_j / (1 − h_u(j))}, so the exact change of
   * {@code x_u} when {@code j} leaves is the first-order (influence) step divided by {@code 1 − h_u(j)}
   * (up to the regularisation share). {@code h ∈ [0, 1)}: near 1, the interaction alone pins the
   * factor down along {@code y_i} and a first-order value understates what removing it does. Items
   * mirror users. Build the matrix without damping for this.
   */
  public double[] leverage(Interactions data, PointLoss loss, BlockVector theta, BatchedSpdSolver solver) {
    int n = data.size();
    double[] out = new double[2 * n];
    double[] l = new double[k * k];
    double[] b = new double[k];
    for (int side = 0; side < 2; side++) {
      boolean users = side == 0;
      // each entity's block is factored once (k³/3 flops), then each of its interactions costs two
      // triangular solves (2k²): (users + items)·k³/3 + 4n·k² in all, not 2n·k³/3
      double[] factors = (users ? userBlocks : itemBlocks).clone();
      solver.factor(k, factors.length / (k * k), factors);
      double[] other = users ? theta.items() : theta.users();
      for (int j = 0; j < n; j++) {
        int own = users ? data.user(j) : data.item(j);
        int opp = users ? data.item(j) : data.user(j);
        System.arraycopy(factors, own * k * k, l, 0, k * k);
        System.arraycopy(other, opp * k, b, 0, k);
        solver.solveFactored(k, 1, l, b);
        double q = 0;
        for (int c = 0; c < k; c++) {
          q += other[opp * k + c] * b[c];
        }
        out[2 * j + side] = data.weight(j) * loss.d2phi(data.rating(j)) * q;
      }
    }
    return out;
  }

  /** A copy of user {@code u}'s block. */
  public double[] userBlock(int u) {
    return java.util.Arrays.copyOfRange(userBlocks, u * k * k, (u + 1) * k * k);
  }

  /** A copy of item {@code i}'s block. */
  public double[] itemBlock(int i) {
    return java.util.Arrays.copyOfRange(itemBlocks, i * k * k, (i + 1) * k * k);
  }

  private double[] blockProducts(double[] blocks, double[] rows) {
    double[] out = new double[rows.length];
    for (int t = 0; t < rows.length / k; t++) {
      for (int a = 0; a < k; a++) {
        double s = 0;
        for (int b = 0; b < k; b++) {
          s += blocks[t * k * k + a * k + b] * rows[t * k + b];
        }
        out[t * k + a] = s;
      }
    }
    return out;
  }

  private static void addToEveryBlock(double[] blocks, double[] m, double c, int k) {
    for (int base = 0; base < blocks.length; base += k * k) {
      for (int t = 0; t < k * k; t++) {
        blocks[base + t] += c * m[t];
      }
    }
  }

  private static void addDamping(double[] blocks, double delta, int k) {
    for (int base = 0; base < blocks.length; base += k * k) {
      for (int a = 0; a < k; a++) {
        blocks[base + a * k + a] += delta;
      }
    }
  }
}
