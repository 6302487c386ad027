package io.recvalue.valuation.pg;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.RATING;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static io.recvalue.core.data.InteractionColumns.WEIGHT;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.NormalEquations;
import io.recvalue.core.linalg.JavaCholeskySolver;
import io.recvalue.valuation.spark.FactorTables;
import io.recvalue.valuation.spark.KVectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Leave-one-out residuals of every training interaction at the trained model: the residual of
 * {@code (u, i)} when the user's factor is re-solved without it, the item's fixed
 * ({@code r − x_u^{(−j)}·y_i}), and the mirror image with the item re-solved
 * ({@code r − x_u·y_i^{(−j)}}). A corrupted rating pulls its own user's and item's factors toward
 * it, most for an entity with few interactions, so its residual at the trained model understates how
 * far it lies from what the rest of the data predicts; without it, the re-solved factor does not see
 * it. Each is one exact {@code k×k} solve per interaction (the entity's normal equations with the row
 * taken out, its regularisation share included), grouped by entity; an entity with one interaction
 * has no data without it, factor 0.
 *
 * <p>Explicit feedback; for implicit data the residual is {@code 1 − s} and the solve includes the
 * other side's Gramian.
 */
final class LooResiduals {
  static final StructType SCHEMA = new StructType().add(USER_IDX, DataTypes.IntegerType, false)
      .add(ITEM_IDX, DataTypes.IntegerType, false).add("loo_residual_user", DataTypes.DoubleType, false)
      .add("loo_residual_item", DataTypes.DoubleType, false);

  private LooResiduals() {}

  static Dataset<Row> of(SparkSession spark, Dataset<Row> train, AlsModel model, double lambda, boolean implicit,
      double alpha, int partitions) {
    int k = model.rank();
    Partitioner part = new HashPartitioner(partitions);
    JavaPairRDD<Integer, double[]> userF = factors(model.userFactors(), USER_IDX, k, part);
    JavaPairRDD<Integer, double[]> itemF = factors(model.itemFactors(), ITEM_IDX, k, part);
    JavaRDD<double[]> rows = train.select(USER_IDX, ITEM_IDX, RATING, WEIGHT).javaRDD()
        .map(r -> new double[] {r.getInt(0), r.getInt(1), r.getDouble(2), r.getDouble(3)});
    double[] gramX = implicit ? gram(userF, k) : null;
    double[] gramY = implicit ? gram(itemF, k) : null;
    JavaPairRDD<Long, Double> byUser = side(rows, userF, itemF, part, k, lambda, implicit, alpha, gramY, true);
    JavaPairRDD<Long, Double> byItem = side(rows, userF, itemF, part, k, lambda, implicit, alpha, gramX, false);
    JavaRDD<Row> out = byUser.join(byItem, part).map(t -> RowFactory.create((int) (t._1 >>> 32),
        (int) (t._1 & 0xffffffffL), t._2._1, t._2._2));
    return spark.createDataFrame(out, SCHEMA);
  }

  /** Per interaction (key {@code user << 32 | item}), its residual with its entity on this side re-solved without it. */
  private static JavaPairRDD<Long, Double> side(JavaRDD<double[]> rows, JavaPairRDD<Integer, double[]> userF,
      JavaPairRDD<Integer, double[]> itemF, Partitioner part, int k, double lambda, boolean implicit, double alpha,
      double[] gram, boolean userSide) {
    JavaPairRDD<Integer, double[]> other = userSide ? itemF : userF;
    JavaPairRDD<Integer, double[]> own = userSide ? userF : itemF;
    int otherCol = userSide ? 1 : 0;
    int ownCol = userSide ? 0 : 1;
    return rows.mapToPair(r -> new Tuple2<>((int) r[otherCol], r)).join(other, part)
        .mapToPair(t -> new Tuple2<>((int) t._2._1[ownCol], new double[][] {t._2._1, t._2._2}))
        .groupByKey(part)
        .flatMapToPair(t -> solve(t._2, k, lambda, implicit, alpha, gram).iterator());
  }

  private static List<Tuple2<Long, Double>> solve(Iterable<double[][]> group, int k, double lambda, boolean implicit,
      double alpha, double[] gram) {
    List<double[][]> rows = new ArrayList<>();
    group.forEach(rows::add);
    double[] a0 = new double[k * k];
    double[] b0 = new double[k];
    double w0 = 0;
    for (double[][] r : rows) {
      NormalEquations.add(k, a0, 0, b0, 0, r[1], 0, r[0][2], r[0][3], implicit, alpha);
      w0 += r[0][3];
    }
    List<Tuple2<Long, Double>> out = new ArrayList<>(rows.size());
    for (double[][] r : rows) {
      double[] a = a0.clone();
      double[] b = b0.clone();
      NormalEquations.add(k, a, 0, b, 0, r[1], 0, r[0][2], -r[0][3], implicit, alpha);
      double w = w0 - r[0][3];
      double[] x = new double[k];
      if (w > 1e-12 * w0) {
        NormalEquations.finish(k, a, 0, lambda * w, gram);
        JavaCholeskySolver.solveAt(k, a, 0, b, 0);
        x = b;
      }
      double target = implicit ? 1.0 : r[0][2];
      long key = ((long) (int) r[0][0] << 32) | ((int) r[0][1] & 0xffffffffL);
      out.add(new Tuple2<>(key, target - NormalEquations.dot(k, x, 0, r[1], 0)));
    }
    return out;
  }

  private static JavaPairRDD<Integer, double[]> factors(Dataset<Row> table, String idx, int k, Partitioner part) {
    return table.select(idx, FactorTables.FACTORS).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0), KVectors.fromList(r.getList(1), k, idx + " " + r.getInt(0))))
        .partitionBy(part);
  }

  private static double[] gram(JavaPairRDD<Integer, double[]> f, int k) {
    double[] g = f.values().treeAggregate(new double[k * k], (acc, v) -> {
      NormalEquations.addOuter(k, acc, 0, v, 0, 1.0);
      return acc;
    }, (x, y) -> {
      for (int q = 0; q < x.length; q++) {
        x[q] += y[q];
      }
      return x;
    });
    NormalEquations.symmetrize(k, g);
    return g;
  }
}
