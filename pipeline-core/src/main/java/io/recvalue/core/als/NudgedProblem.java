package io.recvalue.core.als;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The training rows and nudge pairs of {@link WeightedAls#fitNudgedIterates} in ALS's block layout, built once
 * for several nudged fits: the two phases of equilibrium propagation differ only in the nudge's sign, and a phase
 * that continues starts again from its last iterate. Each {@link #fit} scales the nudge pairs' weights
 * ({@code ν_p → scale·ν_p}); the blocks' layout, and so the fits' iterates', is the same for every fit.
 */
public final class NudgedProblem {
  private final AlsBlocks blocks;

  private NudgedProblem(AlsBlocks blocks) {
    this.blocks = blocks;
  }

  /**
   * Builds the blocks of {@code train} and the nudge pairs {@code nudge} (the columns and rules of
   * {@link WeightedAls#fitNudgedIterates}) in {@code numBlocks} blocks; release them with {@link #unpersist}.
   */
  public static NudgedProblem build(Dataset<Row> train, Dataset<Row> nudge, int numBlocks) {
    return new NudgedProblem(AlsBlocks.build(train, nudge, numBlocks));
  }

  /**
   * Both phases of equilibrium propagation as one problem ({@link TwinCopies}): copy 0 is {@code train} with the
   * nudge pairs {@code nudge}, copy 1 the same with the nudge weights negated, in {@code numBlocks} blocks built
   * once (the rows are shuffled once, then each block is twinned in place). A {@link #fit} from
   * {@link TwinCopies#pair} of two starts returns iterates that hold both phases, taken apart by
   * {@link TwinCopies#copy}: copy 0 is the phase nudged by {@code +scale}, copy 1 by {@code −scale}. Each sweep
   * solves twice the entities in the stages of one fit. Explicit feedback only (a fit with implicit parameters
   * is refused).
   */
  public static NudgedProblem buildBothPhases(Dataset<Row> train, Dataset<Row> nudge, int numBlocks) {
    return new NudgedProblem(AlsBlocks.buildTwinned(train, nudge, numBlocks));
  }

  /**
   * {@link WeightedAls#fitNudgedIterates} on these blocks with every nudge weight multiplied by {@code scale}
   * ({@code −1}: the opposite phase); {@code params.numBlocks()} must be the blocks'.
   */
  public FactorIterates fit(SparkSession spark, double scale, AlsParams params, AlsModel warmStart,
      SweepListener listener, int last) {
    return fitFrom(spark, scale, params, warmStart, null, listener, last);
  }

  /**
   * As {@link #fit(SparkSession, double, AlsParams, AlsModel, SweepListener, int)}, started from factors in the
   * block layout (of as many blocks, and the same rank): the trained model packed once by {@link PackedFactors#of}
   * for both phases, or a phase's last iterate ({@link FactorIterates#lastFactors}) for its continuation. The
   * start needs no shuffle.
   */
  public FactorIterates fit(SparkSession spark, double scale, AlsParams params, PackedFactors start,
      SweepListener listener, int last) {
    return fitFrom(spark, scale, params, null, start, listener, last);
  }

  private FactorIterates fitFrom(SparkSession spark, double scale, AlsParams params, AlsModel warmStart,
      PackedFactors start, SweepListener listener, int last) {
    if (!Double.isFinite(scale) || scale == 0) {
      throw new IllegalArgumentException("nudge scale must be finite and non-zero, is " + scale);
    }
    if (scale == 1.0) {
      return WeightedAls.fitNudgedIterates(spark, blocks, () -> { }, params, warmStart, start, listener, last);
    }
    AlsBlocks scaled = blocks.withNudgeScaled(scale);
    try {
      return WeightedAls.fitNudgedIterates(spark, scaled, scaled::unpersistInBlocks, params, warmStart, start, listener,
          last);
    } catch (RuntimeException e) {
      scaled.unpersistInBlocks();
      throw e;
    }
  }

  /** Frees the blocks (fits made from them keep their own cached iterates). */
  public void unpersist() {
    blocks.unpersist();
  }
}
