package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AlsBlocks}: each side's out-blocks, computed from its own in-blocks, list for every block of the
 * other side exactly the positions that block's in-block reads ({@code srcIds}), in its order; the
 * oracle looks each requested id up in the owning block's {@code dstIds}. Rows of weight 0 are dropped on
 * both sides, and some blocks of a side are left empty.
 */
@SparkTest
class AlsBlocksTest {
  private final SparkSession spark = SparkTestSession.get();

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 7})
  void outBlocksListWhatTheOtherSideReadsInItsOrder(int nb) {
    AlsObjective.Problem p = Planted.problem(2, 40, 13, 4, 0.1, false, 0.0, 11);
    double[] w = p.weights().clone();
    for (int j = 0; j < w.length; j += 5) {
      w[j] = 0.0; // dropped from both sides
    }
    // even user ids: with an even block count, the odd user blocks are empty
    int[] users = Arrays.stream(p.users()).map(u -> 2 * u).toArray();
    AlsObjective.Problem q = new AlsObjective.Problem(2, 80, 13, users, p.items(), p.ratings(), w, 0.1, false, 0.0);
    Dataset<Row> table = Planted.table(spark, q);
    AlsBlocks b = AlsBlocks.build(table, nb);
    try {
      Map<Integer, InBlock> ui = b.userIn.collectAsMap();
      Map<Integer, InBlock> ii = b.itemIn.collectAsMap();
      Map<Integer, int[][]> uo = b.userOut.collectAsMap();
      Map<Integer, int[][]> io = b.itemOut.collectAsMap();
      assertEquals(ui.keySet(), uo.keySet());
      assertEquals(ii.keySet(), io.keySet());
      int checked = 0;
      checked += check(ui, uo, ii, nb);
      checked += check(ii, io, ui, nb);
      assertTrue(checked > 0, "no out-block list was checked");
      assertEquals(b.partitioner, b.userOut.partitioner().orNull());
      assertEquals(b.partitioner, b.itemOut.partitioner().orNull());
    } finally {
      b.unpersist();
    }
  }

  /** Non-empty lists checked; fails where {@code out[s][d]} is not the positions of {@code otherIn(d).srcIds[s]}. */
  private static int check(Map<Integer, InBlock> ownIn, Map<Integer, int[][]> ownOut, Map<Integer, InBlock> otherIn, int nb) {
    int checked = 0;
    for (Map.Entry<Integer, InBlock> e : ownIn.entrySet()) {
      int s = e.getKey();
      int[][] out = ownOut.get(s);
      for (int d = 0; d < nb; d++) {
        InBlock reader = otherIn.get(d);
        int[] wanted = reader == null ? new int[0] : reader.srcIds[s];
        int[] expected = new int[wanted.length];
        for (int q = 0; q < wanted.length; q++) {
          expected[q] = Arrays.binarySearch(e.getValue().dstIds, wanted[q]);
          assertTrue(expected[q] >= 0, "block " + d + " reads id " + wanted[q] + ", which block " + s + " does not own");
        }
        assertArrayEquals(expected, out[d], "out-block " + s + " towards block " + d);
        checked += expected.length > 0 ? 1 : 0;
      }
    }
    return checked;
  }

  /**
   * A bad training row fails the build naming the row, column by column; an index column that is not {@code int}
   * fails before any job, naming the column and its type. Ratings and weights of another numeric type are read as
   * doubles.
   */
  @Test
  void aBadRowOrColumnIsNamed() {
    StructType schema = new StructType().add("user_idx", DataTypes.IntegerType).add("item_idx", DataTypes.IntegerType)
        .add("rating", DataTypes.DoubleType).add("weight", DataTypes.DoubleType);
    Map<Row, String> bad = new LinkedHashMap<>();
    bad.put(RowFactory.create(3, 4, 2.0, -1.0),
        "training interaction needs a finite rating and a finite weight >= 0: [user_idx=3, item_idx=4, rating=2.0, weight=-1.0]");
    bad.put(RowFactory.create(3, 4, null, 1.0), "training interaction with null rating: [user_idx=3, item_idx=4, rating=null, weight=1.0]");
    bad.put(RowFactory.create(-3, 4, 1.0, 1.0), "training interaction with a negative index: [user_idx=-3, item_idx=4, rating=1.0, weight=1.0]");
    for (Map.Entry<Row, String> e : bad.entrySet()) {
      Dataset<Row> table = spark.createDataFrame(List.of(RowFactory.create(1, 1, 1.0, 1.0), e.getKey()), schema);
      Exception thrown = assertThrows(Exception.class, () -> AlsBlocks.build(table, 2).userIn.count());
      Throwable cause = thrown;
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      assertEquals(e.getValue(), cause.getMessage());
    }
    Dataset<Row> longIds = spark.createDataFrame(List.of(RowFactory.create(1L, 1, 1.0, 1.0)),
        new StructType().add("user_idx", DataTypes.LongType).add("item_idx", DataTypes.IntegerType)
            .add("rating", DataTypes.DoubleType).add("weight", DataTypes.DoubleType));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlsBlocks.build(longIds, 2));
    assertEquals("column user_idx must be int, is bigint", e.getMessage());

    Dataset<Row> floats = spark.createDataFrame(List.of(RowFactory.create(0, 1, 2.5f, 1.5f)),
        new StructType().add("user_idx", DataTypes.IntegerType).add("item_idx", DataTypes.IntegerType)
            .add("rating", DataTypes.FloatType).add("weight", DataTypes.FloatType));
    AlsBlocks b = AlsBlocks.build(floats, 1);
    try {
      InBlock in = b.userIn.collectAsMap().get(0);
      assertArrayEquals(new double[] {2.5}, in.rating);
      assertArrayEquals(new double[] {1.5}, in.weight);
    } finally {
      b.unpersist();
    }
  }
}
