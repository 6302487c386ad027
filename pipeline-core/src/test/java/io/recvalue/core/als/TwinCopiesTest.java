package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The twinned layout: ids keep their block and order and come back, and a twinned in-block is exactly the block
 * {@link InBlock#build} makes of the doubled interactions (the second copy's nudge weights negated).
 */
class TwinCopiesTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7})
  void idsKeepTheirBlockAndOrderAndComeBack(int nb) {
    int prev = -1;
    for (int b = 0; b < nb; b++) {
      prev = -1;
      for (int e = b; e < 200; e += nb) {
        for (int c = 0; c < 2; c++) {
          int id = TwinCopies.id(e, c, nb);
          assertEquals(b, id % nb, "entity " + e + " copy " + c);
          assertEquals(c, TwinCopies.copyOf(id, nb));
          assertEquals(e, TwinCopies.original(id, nb));
          assertEquals(true, id > prev, "ids ascend within block " + b);
          prev = id;
        }
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TwinCopies.id(Integer.MAX_VALUE / 2, 0, nb));
    assertEquals("index " + Integer.MAX_VALUE / 2 + " is too large to fit both copies of it in an int id",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void aTwinnedBlockIsTheBlockOfTheDoubledInteractions(int nb) {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 60;
    int[] dst = new int[n];
    int[] src = new int[n];
    double[] r = new double[n];
    double[] w = new double[n];
    boolean[] plain = new boolean[n];
    for (int q = 0; q < n; q++) {
      dst[q] = nb * rnd.nextInt(9) + 1 % nb; // every destination in block 1 % nb
      src[q] = rnd.nextInt(25);
      r[q] = rnd.nextDouble() * 5;
      plain[q] = rnd.nextInt(4) == 0;
      w[q] = plain[q] ? 0.01 + rnd.nextDouble() : 1 + rnd.nextInt(3);
    }
    int[] dst2 = new int[2 * n];
    int[] src2 = new int[2 * n];
    double[] r2 = new double[2 * n];
    double[] w2 = new double[2 * n];
    boolean[] plain2 = new boolean[2 * n];
    for (int c = 0; c < 2; c++) {
      for (int q = 0; q < n; q++) {
        dst2[c * n + q] = TwinCopies.id(dst[q], c, nb);
        src2[c * n + q] = TwinCopies.id(src[q], c, nb);
        r2[c * n + q] = r[q];
        w2[c * n + q] = plain[q] && c == 1 ? -w[q] : w[q];
        plain2[c * n + q] = plain[q];
      }
    }
    InBlock got = InBlock.build(nb, dst, src, r, w, plain).twinned(nb);
    InBlock want = InBlock.build(nb, dst2, src2, r2, w2, plain2);
    assertArrayEquals(want.dstIds, got.dstIds);
    assertArrayEquals(want.ptr, got.ptr);
    assertArrayEquals(want.srcBlock, got.srcBlock);
    assertArrayEquals(want.srcPos, got.srcPos);
    assertArrayEquals(want.rating, got.rating);
    assertArrayEquals(want.weight, got.weight);
    assertArrayEquals(want.plain, got.plain);
    assertEquals(want.srcIds.length, got.srcIds.length);
    for (int b = 0; b < nb; b++) {
      assertArrayEquals(want.srcIds[b], got.srcIds[b], "source ids of block " + b);
    }
    assertNull(InBlock.build(nb, dst, src, r, w).twinned(nb).plain, "no nudge pairs, no flags");
  }
}
