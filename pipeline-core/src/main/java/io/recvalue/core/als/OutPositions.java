package io.recvalue.core.als;

import java.util.Arrays;

/**
 * Which of a block's entities each block of the other side reads, from the block's own interactions: the
 * out-block of MLlib's blocked ALS, here computed without a shuffle. It serves both the ALS blocks
 * ({@link InBlock}) and the valuation's edge blocks, which share the layout.
 *
 * <p>The block's entities ascend by global id; entity {@code p} owns interactions {@code [ptr[p], ptr[p+1])},
 * and interaction {@code q}'s other end lies in block {@code srcBlock[q]} of the other side. Block {@code d}
 * of the other side reads, in ascending global id, exactly the entities of this block that have an
 * interaction with one of its entities (both sides hold the same interactions). So {@code out[d]} lists the
 * positions {@code p}, ascending, of the entities with an interaction {@code q} where {@code srcBlock[q] == d}:
 * the order of that block's {@code srcIds} for this block, which is the order its messages are read in.
 */
public final class OutPositions {
  private OutPositions() {}

  /** {@code out[d]}, {@code d < numOtherBlocks}: the positions block {@code d} of the other side reads. */
  public static int[][] of(int[] ptr, int[] srcBlock, int numOtherBlocks) {
    int[][] out = new int[numOtherBlocks][8];
    int[] count = new int[numOtherBlocks];
    int[] last = new int[numOtherBlocks];
    Arrays.fill(last, -1);
    for (int p = 0; p + 1 < ptr.length; p++) {
      for (int q = ptr[p]; q < ptr[p + 1]; q++) {
        int d = srcBlock[q];
        if (last[d] != p) { // p's first interaction with block d
          last[d] = p;
          if (count[d] == out[d].length) {
            out[d] = Arrays.copyOf(out[d], 2 * count[d]);
          }
          out[d][count[d]++] = p;
        }
      }
    }
    for (int d = 0; d < numOtherBlocks; d++) {
      out[d] = Arrays.copyOf(out[d], count[d]);
    }
    return out;
  }
}
