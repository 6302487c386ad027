package io.recvalue.valuation.spark;

import java.util.Arrays;

/**
 * The source {@code k}-vectors one {@link EdgeBlock} received as messages, looked up by source id
 * (what a pass over that block's rows needs of the other side).
 */
final class SourceVectors implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final EdgeBlock block;
  private final double[][] bySource;

  SourceVectors(EdgeBlock block, double[][] bySource) {
    this.block = block;
    this.bySource = bySource;
  }

  /** Row {@code e} of this item block with its factors from the block ({@link BlockedEdges#rowWithFactors}). */
  Edge withFactors(Edge e) {
    return BlockedEdges.rowWithFactors(block, e);
  }

  /** The vector of source entity {@code id}, or {@code null} (zero) when none was sent. */
  double[] get(int id) {
    int s = id % bySource.length;
    int pos = Arrays.binarySearch(block.sourceIds(s), id);
    if (pos < 0 || bySource[s] == null) {
      return null;
    }
    int k = block.rank();
    return Arrays.copyOfRange(bySource[s], pos * k, pos * k + k);
  }
}
