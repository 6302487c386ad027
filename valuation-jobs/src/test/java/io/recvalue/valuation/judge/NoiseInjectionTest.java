package io.recvalue.valuation.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Noise injection corrupts exactly ⌊f·n⌋ interactions, marks exactly those that changed, leaves every
 * other row as it was, and does not depend on the partitioning.
 */
@SparkTest
class NoiseInjectionTest {
  private static final StructType LAYOUT = new StructType()
      .add("user_idx", DataTypes.IntegerType, false)
      .add("item_idx", DataTypes.IntegerType, false)
      .add("rating", DataTypes.DoubleType, false)
      .add("weight", DataTypes.DoubleType, false)
      .add("timestamp", DataTypes.LongType, true);

  /** 40 users × up to 25 of 30 items, integer ratings 1..5. */
  private static List<Row> log() {
    SplittableRandom rnd = new SplittableRandom(11);
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      for (int i = 0; i < 30; i++) {
        if (rnd.nextDouble() < 0.6 || (u == 0 && i < 29)) {
          rows.add(RowFactory.create(u, i, (double) (1 + rnd.nextInt(5)), 1.0, 1000L + u * 100 + i));
        }
      }
    }
    return rows;
  }

  /** The oracle of the selection: the ⌊f·n⌋ smallest seeded draws, ties by (user, item). */
  private static Set<Long> selected(List<Row> rows, double fraction, long seed) {
    List<long[]> keyed = new ArrayList<>();
    for (Row r : rows) {
      keyed.add(new long[] {r.getInt(0), r.getInt(1)});
    }
    keyed.sort((a, b) -> {
      int c = Double.compare(io.recvalue.core.seed.Seeds.uniform(seed, "noise.select", NoiseInjection.pair((int) a[0], (int) a[1])),
          io.recvalue.core.seed.Seeds.uniform(seed, "noise.select", NoiseInjection.pair((int) b[0], (int) b[1])));
      return c != 0 ? c : a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]);
    });
    Set<Long> out = new HashSet<>();
    for (int t = 0; t < (int) Math.floor(fraction * rows.size()); t++) {
      out.add(NoiseInjection.pair((int) keyed.get(t)[0], (int) keyed.get(t)[1]));
    }
    return out;
  }

  private static Map<Long, Row> byPair(List<Row> rows) {
    Map<Long, Row> m = new HashMap<>();
    for (Row r : rows) {
      m.put(NoiseInjection.pair(r.getInt(0), r.getInt(1)), r);
    }
    return m;
  }

  @Test
  void explicitRedrawsExactlyTheMarkedRatingsIndependentOfPartitions() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = log();
    Dataset<Row> train = spark.createDataFrame(rows, LAYOUT);
    NoiseInjection.Spec spec = new NoiseInjection.Spec(0.1, 5L, false, 1, 5, true, 30);
    List<Row> out = NoiseInjection.corrupt(spark, train.repartition(3), train.select("user_idx", "item_idx"), spec)
        .collectAsList();
    List<Row> out1 = NoiseInjection.corrupt(spark, train.coalesce(1), train.select("user_idx", "item_idx"), spec)
        .collectAsList();
    assertEquals(rows.size(), out.size());
    assertEquals(new HashSet<>(out), new HashSet<>(out1), "the same rows on 1 and 3 partitions");
    Map<Long, Row> before = byPair(rows);
    Set<Long> expected = selected(rows, 0.1, 5L);
    Set<Long> markedPairs = new HashSet<>();
    int marked = 0;
    int[] drawn = new int[6];
    for (Row r : out) {
      Row orig = before.get(NoiseInjection.pair(r.getInt(0), r.getInt(1)));
      boolean corrupted = r.getBoolean(5);
      if (corrupted) {
        marked++;
        markedPairs.add(NoiseInjection.pair(r.getInt(0), r.getInt(1)));
        assertNotEquals(orig.getDouble(2), r.getDouble(2), "a marked rating changed");
        assertTrue(r.getDouble(2) >= 1 && r.getDouble(2) <= 5 && r.getDouble(2) == Math.rint(r.getDouble(2)));
        drawn[(int) r.getDouble(2)]++;
      } else {
        assertEquals(orig.getDouble(2), r.getDouble(2), "an unmarked rating is untouched");
      }
      assertEquals(orig.getDouble(3), r.getDouble(3));
      assertEquals(orig.getLong(4), r.getLong(4));
    }
    assertEquals(rows.size() / 10, marked, "exactly floor(0.1 n) rows marked");
    assertEquals(expected, markedPairs, "the marked rows are the seeded selection");
    for (int v = 1; v <= 5; v++) {
      assertTrue(drawn[v] > 0, "redrawn ratings cover the range");
    }
  }

  @Test
  void implicitMovesExactlyTheMarkedRowsToItemsTheUserDoesNotHave() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = log();
    Dataset<Row> train = spark.createDataFrame(rows, LAYOUT);
    // user 0 has 29 of 30 items in train, and item 29 in "test": it cannot be moved anywhere.
    List<Row> extra = List.of(RowFactory.create(0, 29), RowFactory.create(1, 0));
    Dataset<Row> known = train.select("user_idx", "item_idx").union(spark.createDataFrame(extra,
        new StructType().add("user_idx", DataTypes.IntegerType).add("item_idx", DataTypes.IntegerType)));
    NoiseInjection.Spec spec = new NoiseInjection.Spec(0.25, 9L, true, 0, 0, false, 30);
    List<Row> out = NoiseInjection.corrupt(spark, train, known, spec).collectAsList();
    assertEquals(rows.size(), out.size());
    Set<Long> knownPairs = new HashSet<>();
    rows.forEach(r -> knownPairs.add(NoiseInjection.pair(r.getInt(0), r.getInt(1))));
    knownPairs.add(NoiseInjection.pair(0, 29));
    knownPairs.add(NoiseInjection.pair(1, 0));
    Set<Long> outPairs = new HashSet<>();
    Map<Integer, Integer> perUserBefore = new HashMap<>();
    Map<Integer, Integer> perUserAfter = new HashMap<>();
    rows.forEach(r -> perUserBefore.merge(r.getInt(0), 1, Integer::sum));
    // A user's selected rows move while free items last: min(selected, 30 - items the user knows).
    Map<Integer, Integer> knownPerUser = new HashMap<>();
    knownPairs.forEach(p -> knownPerUser.merge((int) (p >>> 32), 1, Integer::sum));
    Map<Integer, Integer> selectedPerUser = new HashMap<>();
    for (long p : selected(rows, 0.25, 9L)) {
      selectedPerUser.merge((int) (p >>> 32), 1, Integer::sum);
    }
    Map<Integer, Integer> expectedMoves = new HashMap<>();
    selectedPerUser.forEach((user, n) -> {
      int moves = Math.min(n, 30 - knownPerUser.get(user));
      if (moves > 0) {
        expectedMoves.put(user, moves);
      }
    });
    assertFalse(expectedMoves.containsKey(0));
    Map<Integer, Integer> moves = new HashMap<>();
    int marked = 0;
    for (Row r : out) {
      long p = NoiseInjection.pair(r.getInt(0), r.getInt(1));
      assertTrue(outPairs.add(p), "no duplicate pair after moving");
      perUserAfter.merge(r.getInt(0), 1, Integer::sum);
      if (r.getBoolean(5)) {
        marked++;
        moves.merge(r.getInt(0), 1, Integer::sum);
        assertFalse(knownPairs.contains(p), "moved to an item the user has no interaction with");
        assertFalse(r.getInt(0) == 0, "user 0 has no free item");
      } else {
        assertTrue(knownPairs.contains(p), "an unmarked row is where it was");
      }
    }
    assertEquals(perUserBefore, perUserAfter, "rows stay with their user");
    assertEquals(expectedMoves, moves, "selected rows move while the user has free items");
    assertTrue(marked > 0);
  }
}
