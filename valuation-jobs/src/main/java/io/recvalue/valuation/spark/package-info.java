/**
 * Influence values on Spark: the distributed layer over {@link io.recvalue.valuation.math}, which
 * holds every formula; the classes here only move data to it (sign contract: {@code g = ∇L_V(θ*)},
 * {@code s = H⁻¹g}, {@code value_j = sᵀ∇ℓ_j}, positive = helps).
 *
 * <ul>
 *   <li>Entry point: {@link io.recvalue.valuation.spark.InfluenceValuation} with
 *       {@link io.recvalue.valuation.spark.InfluenceSettings}, returning a
 *       {@link io.recvalue.valuation.spark.ValuationResult} (values table + diagnostics).</li>
 *   <li>Vectors: {@link io.recvalue.valuation.spark.DistributedBlockVector} (user and item tables
 *       of {@code k}-vectors, co-partitioned; missing blocks are zero);
 *       {@link io.recvalue.valuation.spark.FactorTables} converts factor tables.</li>
 *   <li>Objective at {@code θ*}: {@link io.recvalue.valuation.spark.TrainingEdges} (the interactions
 *       without factors, partitioned by item block and cached once),
 *       {@link io.recvalue.valuation.spark.BlockedEdges} (the same interactions grouped once into
 *       cached user and item blocks, as weighted ALS lays them out, so that a Hessian-vector
 *       product ships only {@code k}-vectors of the direction),
 *       {@link io.recvalue.valuation.spark.DistributedObjective} (gradient, HVP),
 *       {@link io.recvalue.valuation.spark.DistributedDenseTerm} (implicit Gramians).</li>
 *   <li>Validation: {@link io.recvalue.valuation.spark.DistributedValidation} (MSE, squared with
 *       {@link io.recvalue.valuation.spark.DistributedNegatives}, BPR).</li>
 *   <li>Solve: {@link io.recvalue.valuation.spark.DistributedConjugateGradient} over either layout
 *       of {@link io.recvalue.valuation.spark.CgVector}: normally
 *       {@link io.recvalue.valuation.spark.PackedSystem} on
 *       {@link io.recvalue.valuation.spark.PackedBlockVector}s (one packed array per block, so the
 *       vector algebra of an iteration is a loop over arrays, not a join per entity); the entity
 *       layout with {@link io.recvalue.valuation.spark.DistributedBlockDiagonal} where the packed one
 *       cannot hold the system (implicit factors with rows that have no interaction) and for
 *       {@code blockdiag}; values pass {@link io.recvalue.valuation.spark.InfluenceValues}.</li>
 * </ul>
 */
package io.recvalue.valuation.spark;
