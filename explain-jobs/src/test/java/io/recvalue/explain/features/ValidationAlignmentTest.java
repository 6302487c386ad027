package io.recvalue.explain.features;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link ValidationAlignment} against the defining double sum evaluated by loops on a small random
 * log: per item ({@code validation_alignment}, {@code rater_validation_residual}) and per training
 * interaction through its user and through its item, and the user-side sums adding up to the item's.
 */
@SparkTest
class ValidationAlignmentTest {
  private static final int USERS = 7;
  private static final int ITEMS = 5;
  private static final int K = 2;
  private static final double TOL = 1e-12;

  private final SparkSession spark = SparkTestSession.get();

  @Test
  void perItemAndPerInteractionMatchTheDoubleSum() {
    SplittableRandom rnd = new SplittableRandom(17);
    double[][] x = factors(USERS, rnd);
    double[][] y = factors(ITEMS, rnd);
    List<int[]> trainPairs = new ArrayList<>();
    List<int[]> validationPairs = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < ITEMS; i++) {
        double draw = rnd.nextDouble();
        if (draw < 0.5) {
          trainPairs.add(new int[] {u, i});
        } else if (draw < 0.7 && u != 0) {
          validationPairs.add(new int[] {u, i});
        }
      }
    }
    Map<List<Integer>, Double> trainRatings = ratings(trainPairs, rnd);
    Map<List<Integer>, Double> validationRatings = ratings(validationPairs, rnd);

    Map<List<Integer>, Double> expectedPair = new HashMap<>();
    Map<List<Integer>, Double> expectedItemSide = new HashMap<>();
    Map<Integer, Double> expectedItem = new HashMap<>();
    Map<Integer, double[]> raterResidual = new HashMap<>();
    for (var t : trainRatings.entrySet()) {
      int u = t.getKey().get(0);
      int i = t.getKey().get(1);
      double eui = t.getValue() - dot(x[u], y[i]);
      for (var v : validationRatings.entrySet()) {
        if (v.getKey().get(0) != u) {
          continue;
        }
        int j = v.getKey().get(1);
        double euv = v.getValue() - dot(x[u], y[j]);
        double term = eui * euv * dot(y[i], y[j]);
        expectedPair.merge(t.getKey(), term, Double::sum);
        expectedItem.merge(i, term, Double::sum);
        raterResidual.computeIfAbsent(i, key -> new double[2]);
        raterResidual.get(i)[0] += euv;
        raterResidual.get(i)[1] += 1;
      }
    }
    for (var t : trainRatings.entrySet()) {
      int u = t.getKey().get(0);
      int i = t.getKey().get(1);
      double eui = t.getValue() - dot(x[u], y[i]);
      for (var v : validationRatings.entrySet()) {
        if (v.getKey().get(1) != i) {
          continue;
        }
        int w = v.getKey().get(0);
        double ewi = v.getValue() - dot(x[w], y[i]);
        expectedItemSide.merge(t.getKey(), eui * ewi * dot(x[u], x[w]), Double::sum);
      }
    }
    assertTrue(expectedPair.size() < trainRatings.size(), "user 0 has no validation rating, so "
        + "some interactions must have no user-side alignment");
    assertTrue(expectedItemSide.size() > 0 && !expectedItemSide.keySet().equals(expectedPair.keySet()),
        "the two sides should cover different interactions");

    Dataset<Row> train = table(trainRatings);
    Dataset<Row> validation = table(validationRatings);
    Dataset<Row> uf = factorTable(x, USER_IDX);
    Dataset<Row> itf = factorTable(y, ITEM_IDX);

    Map<List<Integer>, Double> actualPair = new HashMap<>();
    Map<List<Integer>, Double> actualItemSide = new HashMap<>();
    for (Row r : ValidationAlignment.perInteraction(train, validation, uf, itf).collectAsList()) {
      List<Integer> key = List.of(r.getInt(r.fieldIndex(USER_IDX)),
          r.getInt(r.fieldIndex(ValidationAlignment.ITEM)));
      int userSide = r.fieldIndex(ValidationAlignment.USER_SIDE);
      int itemSide = r.fieldIndex(ValidationAlignment.ITEM_SIDE);
      if (!r.isNullAt(userSide)) {
        actualPair.put(key, r.getDouble(userSide));
      }
      if (!r.isNullAt(itemSide)) {
        actualItemSide.put(key, r.getDouble(itemSide));
      }
    }
    assertEquals(expectedPair.keySet(), actualPair.keySet(), "interactions with a user-side alignment");
    assertEquals(expectedItemSide.keySet(), actualItemSide.keySet(),
        "interactions with an item-side alignment");
    for (var e : expectedItemSide.entrySet()) {
      assertEquals(e.getValue(), actualItemSide.get(e.getKey()), TOL, "item-side alignment of " + e.getKey());
    }
    Map<Integer, Double> summedPairs = new HashMap<>();
    for (var e : expectedPair.entrySet()) {
      assertEquals(e.getValue(), actualPair.get(e.getKey()), TOL, "alignment of " + e.getKey());
      summedPairs.merge(e.getKey().get(1), actualPair.get(e.getKey()), Double::sum);
    }

    List<Row> items = ValidationAlignment.perItem(train, validation, uf, itf).collectAsList();
    assertEquals(expectedItem.size(), items.size(), "items with an alignment");
    for (Row r : items) {
      int i = r.getInt(r.fieldIndex(ValidationAlignment.ITEM));
      double alignment = r.getDouble(r.fieldIndex(ValidationAlignment.ALIGNMENT));
      assertEquals(expectedItem.get(i), alignment, TOL, "alignment of item " + i);
      assertEquals(summedPairs.get(i), alignment, TOL, "item " + i + " = sum of its interactions'");
      double[] rr = raterResidual.get(i);
      assertEquals(rr[0] / rr[1], r.getDouble(r.fieldIndex(ValidationAlignment.RATER_RESIDUAL)),
          TOL, "rater validation residual of item " + i);
    }
  }

  private static double[][] factors(int n, SplittableRandom rnd) {
    double[][] f = new double[n][K];
    for (double[] row : f) {
      for (int a = 0; a < K; a++) {
        row[a] = rnd.nextDouble() * 2 - 1;
      }
    }
    return f;
  }

  private static Map<List<Integer>, Double> ratings(List<int[]> pairs, SplittableRandom rnd) {
    Map<List<Integer>, Double> out = new HashMap<>();
    for (int[] p : pairs) {
      out.put(List.of(p[0], p[1]), 1 + 4 * rnd.nextDouble());
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int t = 0; t < a.length; t++) {
      s += a[t] * b[t];
    }
    return s;
  }

  private Dataset<Row> table(Map<List<Integer>, Double> ratings) {
    StructType schema = new StructType().add(USER_IDX, DataTypes.IntegerType)
        .add(ITEM_IDX, DataTypes.IntegerType).add(RATING, DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    ratings.forEach((k, r) -> rows.add(RowFactory.create(k.get(0), k.get(1), r)));
    return spark.createDataFrame(rows, schema);
  }

  private Dataset<Row> factorTable(double[][] f, String key) {
    StructType schema = new StructType().add(key, DataTypes.IntegerType)
        .add("factors", DataTypes.createArrayType(DataTypes.DoubleType));
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < f.length; r++) {
      rows.add(RowFactory.create(r, f[r].clone()));
    }
    return spark.createDataFrame(rows, schema);
  }
}
