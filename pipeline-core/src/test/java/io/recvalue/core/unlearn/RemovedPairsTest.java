package io.recvalue.core.unlearn;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RemovedPairs}: the check that every removed pair is a training row, and the count of the lost users and
 * items that keep a row of positive weight, from the marks of the filter that drops the pairs (after a full read,
 * with no Spark job) and from a pass of its own (when the rows were not read), both against a count over the rows
 * here; and how the pairs are collected.
 */
@SparkTest
class RemovedPairsTest {
  private static final StructType TRAIN = new StructType().add(USER_IDX, DataTypes.IntegerType)
      .add(ITEM_IDX, DataTypes.IntegerType).add(RATING, DataTypes.DoubleType).add(WEIGHT, DataTypes.DoubleType);
  private static final StructType PAIRS = new StructType().add(USER_IDX, DataTypes.IntegerType)
      .add(ITEM_IDX, DataTypes.IntegerType);
  private static final int USERS = 12;
  private static final int ITEMS = 7;
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  /** User u rated item i when (u + i) % 3 != 0; user 4's rows weigh 0 except (4, 0) and (4, 1). */
  private static boolean rated(int u, int i) {
    return (u + i) % 3 != 0;
  }

  private static double weight(int u, int i) {
    return u == 4 && i > 1 ? 0.0 : 1.0;
  }

  private static Dataset<Row> train() {
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < ITEMS; i++) {
        if (rated(u, i)) {
          rows.add(RowFactory.create(u, i, (double) (u + i), weight(u, i)));
        }
      }
    }
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3), TRAIN);
  }

  /**
   * Removes every row of user 2 and of item 5, and (4, 1): user 4 keeps only rows of weight 0 besides (4, 0), which
   * is removed too, so user 4 keeps no factors. With {@code missing}, also (3, 3) and (6, 0), no training rows
   * ((3 + 3) % 3 == 0); the first by user is (3, 3).
   */
  private static List<int[]> removed(boolean missing) {
    List<int[]> pairs = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < ITEMS; i++) {
        if (rated(u, i) && (u == 2 || i == 5 || (u == 4 && i <= 1))) {
          pairs.add(new int[] {u, i});
        }
      }
    }
    if (missing) {
      pairs.add(new int[] {6, 0});
      pairs.add(new int[] {3, 3});
    }
    return pairs;
  }

  /** The check by a count over the rows here. */
  private static RemovedPairs.Check expected(List<int[]> removed) {
    boolean[][] gone = new boolean[USERS][ITEMS];
    boolean[] lostUser = new boolean[USERS];
    boolean[] lostItem = new boolean[ITEMS];
    int[] firstMissing = null;
    for (int[] p : removed) {
      gone[p[0]][p[1]] = true;
      lostUser[p[0]] = true;
      lostItem[p[1]] = true;
      if (!rated(p[0], p[1]) && (firstMissing == null || p[0] < firstMissing[0]
          || p[0] == firstMissing[0] && p[1] < firstMissing[1])) {
        firstMissing = p;
      }
    }
    boolean[] userKeeps = new boolean[USERS];
    boolean[] itemKeeps = new boolean[ITEMS];
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < ITEMS; i++) {
        if (rated(u, i) && !gone[u][i] && weight(u, i) > 0) {
          userKeeps[u] = true;
          itemKeeps[i] = true;
        }
      }
    }
    long users = 0;
    long items = 0;
    for (int u = 0; u < USERS; u++) {
      users += lostUser[u] && userKeeps[u] ? 1 : 0;
    }
    for (int i = 0; i < ITEMS; i++) {
      items += lostItem[i] && itemKeeps[i] ? 1 : 0;
    }
    return new RemovedPairs.Check(firstMissing, users, items);
  }

  private static Dataset<Row> table(List<int[]> pairs) {
    List<Row> rows = new ArrayList<>();
    for (int[] p : pairs) {
      rows.add(RowFactory.create(p[0], p[1]));
    }
    return spark.createDataFrame(rows, PAIRS);
  }

  private static void assertSame(RemovedPairs.Check want, RemovedPairs.Check got) {
    assertArrayEquals(want.firstMissing(), got.firstMissing(), "first missing pair");
    assertEquals(List.of(want.usersKept(), want.itemsKept()), List.of(got.usersKept(), got.itemsKept()), "kept");
  }

  @ParameterizedTest(name = "with pairs that are no training rows: {0}")
  @ValueSource(booleans = {false, true})
  void theMarksOfAFullReadAnswerTheCheckWithoutAJob(boolean missing) {
    List<int[]> removed = removed(missing);
    RemovedPairs.Check want = expected(removed);
    assertEquals(List.of(7L, 5L), List.of(want.usersKept(), want.itemsKept()), "the case drops users 2 and 4, item 5");
    Dataset<Row> train = train();
    RemovedPairs pairs = RemovedPairs.collect(spark, table(removed), RemovedPairs.MAX_LOCAL);
    LostEntities lost = LostEntities.of(spark, pairs);
    RemovedPairs.Dropped dropped = pairs.dropFrom(train, lost);
    long kept = dropped.rows().count();
    assertEquals(train.count() - removed.size() + (missing ? 2 : 0), kept);
    RemovedPairs.Check[] got = new RemovedPairs.Check[1];
    assertEquals(0, JobCount.of(spark, "marks-" + missing, () -> got[0] = dropped.check()), "the check ran a job");
    assertSame(want, got[0]);
    assertSame(want, pairs.check(train, lost));
    lost.destroy();
  }

  @ParameterizedTest(name = "with pairs that are no training rows: {0}")
  @ValueSource(booleans = {false, true})
  void rowsNotReadYetAreCheckedByAPass(boolean missing) {
    List<int[]> removed = removed(missing);
    Dataset<Row> train = train();
    RemovedPairs pairs = RemovedPairs.collect(spark, table(removed), RemovedPairs.MAX_LOCAL);
    LostEntities lost = LostEntities.of(spark, pairs);
    RemovedPairs.Dropped dropped = pairs.dropFrom(train, lost);
    RemovedPairs.Check[] got = new RemovedPairs.Check[1];
    assertTrue(JobCount.of(spark, "pass-" + missing, () -> got[0] = dropped.check()) >= 1, "no pass ran");
    assertSame(expected(removed), got[0]);
    lost.destroy();
  }

  /**
   * A table of 10 rows (9 distinct pairs) in two partitions of 8 and 2 rows: within the limit and each partition
   * within its share, one job; a partition over its share but the rows within the limit, a second job; over the
   * limit, no array. The keys are the distinct pairs, ascending.
   */
  @Test
  void pairsAreCollectedInOneJobUnlessAPartitionExceedsItsShare() {
    List<int[]> big = new ArrayList<>();
    for (int q = 0; q < 8; q++) {
      big.add(new int[] {q % 4, q});
    }
    List<int[]> small = List.of(new int[] {9, 1}, new int[] {0, 0});
    Dataset<Row> removed = table(big).coalesce(1).union(table(small).coalesce(1));
    assertEquals(2, removed.javaRDD().getNumPartitions(), "the case has two partitions");
    long[] want = new long[] {RemovedPairs.key(0, 0), RemovedPairs.key(0, 4), RemovedPairs.key(1, 1),
        RemovedPairs.key(1, 5), RemovedPairs.key(2, 2), RemovedPairs.key(2, 6), RemovedPairs.key(3, 3),
        RemovedPairs.key(3, 7), RemovedPairs.key(9, 1)};
    RemovedPairs[] got = new RemovedPairs[1];
    assertEquals(1, JobCount.of(spark, "collect-20", () -> got[0] = RemovedPairs.collect(spark, removed, 20)));
    assertArrayEquals(want, got[0].keys());
    assertEquals(2, JobCount.of(spark, "collect-10", () -> got[0] = RemovedPairs.collect(spark, removed, 10)));
    assertArrayEquals(want, got[0].keys());
    assertEquals(1, JobCount.of(spark, "collect-9", () -> got[0] = RemovedPairs.collect(spark, removed, 9)));
    assertNull(got[0], "10 rows over a limit of 9");
  }
}
