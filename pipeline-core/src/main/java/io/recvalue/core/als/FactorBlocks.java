package io.recvalue.core.als;

import io.recvalue.core.seed.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Factor blocks ({@code block id → k·n doubles} aligned with the block's {@link InBlock#dstIds}):
 * initialisation and conversion to the public {@code (idx int, factors array<double>)} tables.
 *
 * <p>Initialisation is per entity: entity {@code e} draws {@code k} standard normals from a generator
 * seeded with {@code Seeds.derive(seed, purpose, e)} and is scaled to unit length (as MLlib does), so
 * the factors do not depend on the number of blocks. Warm-start factors replace the draw where given.
 */
final class FactorBlocks {
  static final String FACTORS = AlsModel.FACTORS;

  private FactorBlocks() {}

  /** The seeded unit-length initial factor of one entity. */
  static double[] seeded(long seed, String purpose, int id, int k) {
    SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, purpose, id));
    double[] v = new double[k];
    double norm = 0.0;
    for (int p = 0; p < k; p++) {
      v[p] = rnd.nextGaussian();
      norm += v[p] * v[p];
    }
    double scale = 1.0 / Math.sqrt(norm);
    for (int p = 0; p < k; p++) {
      v[p] *= scale;
    }
    return v;
  }

  static JavaPairRDD<Integer, double[]> init(
      JavaPairRDD<Integer, InBlock> in, Dataset<Row> warm, String idCol, long seed, String purpose, int k,
      int nb, Partitioner part) {
    if (warm == null) {
      return in.mapValues(b -> fill(b.dstIds, null, seed, purpose, k, idCol));
    }
    return join(in, warm, idCol, seed, purpose, k, nb, part);
  }

  /**
   * The start of a fit from factors already in the block layout ({@link PackedFactors}, partitioned as {@code in}):
   * each entity of {@code in} takes its factor from its block of {@code start} (a narrow join); an entity
   * {@code start} lacks is seeded, as with a warm-start table; in a twinned layout ({@code copies} 2,
   * {@link TwinCopies}) by its own id, so both copies of it start alike, as two separate fits would.
   */
  static JavaPairRDD<Integer, double[]> init(JavaPairRDD<Integer, InBlock> in, JavaPairRDD<Integer, double[]> start,
      long seed, String purpose, int k, int nb, int copies) {
    return in.leftOuterJoin(start).mapValues(t -> {
      int[] ids = t._1.dstIds;
      PackedFactors.Block given = t._2.isPresent() ? PackedFactors.Block.of(t._2.get(), k) : null;
      double[] f = new double[ids.length * k];
      for (int p = 0; p < ids.length; p++) {
        int at = given == null ? -1 : given.offset(ids[p], k);
        if (at >= 0) {
          System.arraycopy(given.packed(), at, f, p * k, k);
        } else {
          int own = copies == 2 ? TwinCopies.original(ids[p], nb) : ids[p];
          System.arraycopy(seeded(seed, purpose, own, k), 0, f, p * k, k);
        }
      }
      return f;
    });
  }

  /**
   * The factors of {@code given} for exactly the entities of {@code in}; an entity of {@code in} without a
   * row in {@code given} fails the task, naming {@code idCol} and the id.
   */
  static JavaPairRDD<Integer, double[]> given(
      JavaPairRDD<Integer, InBlock> in, Dataset<Row> given, String idCol, int k, int nb, Partitioner part) {
    return join(in, given, idCol, 0L, null, k, nb, part);
  }

  /** {@code purpose == null}: no seeded fallback (a missing entity fails). */
  private static JavaPairRDD<Integer, double[]> join(
      JavaPairRDD<Integer, InBlock> in, Dataset<Row> warm, String idCol, long seed, String purpose, int k,
      int nb, Partitioner part) {
    JavaPairRDD<Integer, Iterable<Tuple2<Integer, double[]>>> warmByBlock =
        warm.select(idCol, FACTORS).javaRDD()
            .mapToPair(r -> new Tuple2<>(r.getInt(0) % nb, new Tuple2<>(r.getInt(0), toArray(r, k))))
            .groupByKey(part);
    return in.leftOuterJoin(warmByBlock)
        .mapValues(t -> fill(t._1.dstIds, t._2.isPresent() ? t._2.get() : null, seed, purpose, k, idCol));
  }

  /** The factor row of {@code (id, factors)} row {@code r}, checked to be of rank {@code k}. */
  static double[] toArray(Row r, int k) {
    List<Double> list = r.getList(1);
    if (list.size() != k) {
      throw new IllegalArgumentException("factor row of length " + list.size() + " for rank " + k + ": " + r);
    }
    double[] v = new double[k];
    for (int p = 0; p < k; p++) {
      v[p] = list.get(p);
    }
    return v;
  }

  private static double[] fill(int[] ids, Iterable<Tuple2<Integer, double[]>> warm, long seed, String purpose, int k,
      String idCol) {
    Map<Integer, double[]> given = new HashMap<>();
    if (warm != null) {
      warm.forEach(t -> given.put(t._1, t._2));
    }
    double[] f = new double[ids.length * k];
    for (int p = 0; p < ids.length; p++) {
      double[] v = given.get(ids[p]);
      if (v == null && purpose == null) {
        throw new IllegalArgumentException("no factors for " + idCol + " " + ids[p] + ", which has interactions to solve with");
      }
      System.arraycopy(v != null ? v : seeded(seed, purpose, ids[p], k), 0, f, p * k, k);
    }
    return f;
  }

  /**
   * {@code Σ_e v_e v_eᵀ} over the vectors (full symmetric {@code k×k}, row-major), summed on the executors:
   * the Gramian {@code YᵀY} of the implicit objective's all-pairs term.
   */
  static double[] gram(JavaRDD<double[]> vectors, int k) {
    return vectors.map(v -> {
      double[] g = new double[k * k];
      NormalEquations.addGram(k, g, v, v.length / k);
      NormalEquations.symmetrize(k, g);
      return g;
    }).fold(new double[k * k], (a, b) -> {
      double[] s = new double[a.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = a[i] + b[i];
      }
      return s;
    });
  }

  /** Schema of a factor table. */
  static StructType schema(String idCol) {
    return new StructType()
        .add(idCol, DataTypes.IntegerType, false)
        .add(FACTORS, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  }

  /** Ids and factors of a block in one array: {@code [ids as doubles..., factors...]} (ids are exact in a double). */
  static double[] pack(int[] ids, double[] factors) {
    double[] out = new double[ids.length + factors.length];
    for (int p = 0; p < ids.length; p++) {
      out[p] = ids[p];
    }
    System.arraycopy(factors, 0, out, ids.length, factors.length);
    return out;
  }

  /** The factor table {@code (idCol int, factors array<double>)} of blocks packed by {@link #pack}. */
  static Dataset<Row> toDataset(SparkSession spark, JavaPairRDD<Integer, double[]> packed, String idCol, int k) {
    JavaRDD<Row> rows =
        packed.values()
            .flatMap(
                v -> {
                  int n = v.length / (k + 1);
                  List<Row> out = new ArrayList<>(n);
                  for (int p = 0; p < n; p++) {
                    out.add(RowFactory.create((int) v[p], java.util.Arrays.copyOfRange(v, n + p * k, n + p * k + k)));
                  }
                  return out.iterator();
                });
    return spark.createDataFrame(rows, schema(idCol));
  }
}
