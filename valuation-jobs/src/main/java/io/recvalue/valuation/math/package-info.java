/**
 * The mathematics of interaction values as pure functions on {@code double} arrays, with no Spark
 * dependency; the distributed layer only moves data to these functions.
 *
 * <p><b>Sign contract</b> (docs/methods.md §3): {@code g = ∇L_V(θ*)},
 * {@code s = H⁻¹ g}, {@code value_j = sᵀ∇ℓ_j ≈ L_V(θ*_{−j}) − L_V(θ*)}; positive means the
 * interaction helps (removing it would raise validation loss), negative that it hurts.
 *
 * <p><b>Map.</b>
 * <ul>
 *   <li>Data: {@link io.recvalue.valuation.math.Interactions} {@code (u[], i[], r[], w[])};
 *       {@link io.recvalue.valuation.math.BlockVector} (user blocks, item blocks) for parameters,
 *       directions and iterates.</li>
 *   <li>Losses: {@link io.recvalue.valuation.math.PointLoss} (explicit ALS-WR, implicit
 *       Hu–Koren–Volinsky), per-interaction kernels
 *       {@link io.recvalue.valuation.math.InteractionKernel}, the implicit all-pairs term through
 *       Gramians {@link io.recvalue.valuation.math.DenseTerm}.</li>
 *   <li>Objective: {@link io.recvalue.valuation.math.TrainingObjective} (value, gradient, HVP)
 *       assembled by {@link io.recvalue.valuation.math.InteractionAggregator}
 *       ({@code add}/{@code merge}/{@code result}) and
 *       {@link io.recvalue.valuation.math.GramAggregator}.</li>
 *   <li>Validation: {@link io.recvalue.valuation.math.ValidationObjective} with
 *       {@link io.recvalue.valuation.math.MseObjective},
 *       {@link io.recvalue.valuation.math.SquaredImplicitObjective},
 *       {@link io.recvalue.valuation.math.BprObjective}.</li>
 *   <li>Solves: {@link io.recvalue.valuation.math.BlockDiagonal} preconditioner through a
 *       batched k×k solver ({@link io.recvalue.core.linalg.BatchedSpdSolver}, whose Java Cholesky is
 *       the oracle),
 *       {@link io.recvalue.valuation.math.ConjugateGradient}.</li>
 *   <li>Values: {@link io.recvalue.valuation.math.Influence} (CG or block-diagonal),
 *       {@link io.recvalue.valuation.math.EquilibriumPropagation} on the one local weighted ALS,
 *       {@link io.recvalue.core.als.LocalAls} ({@link io.recvalue.valuation.math.AlsResult#localAls}).</li>
 *   <li>Oracles for small problems live in the test sources: the dense Hessian built two ways, and
 *       its eigen-decomposition and pseudo-inverse by commons-math3.</li>
 * </ul>
 */
package io.recvalue.valuation.math;
