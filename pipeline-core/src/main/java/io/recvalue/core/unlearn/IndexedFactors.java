package io.recvalue.core.unlearn;

import io.recvalue.core.als.AlsModel;
import io.recvalue.core.als.NormalEquations;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One side's factor table held as a plain array indexed by entity index ({@code values[e·k .. e·k+k)}, with
 * {@code present} marking the entities that have factors): what {@link LocalResolve} reads on the driver, and
 * broadcasts for the user side. Entity indexes come from ingest and are dense from 0, so the array is about the
 * size of the table; a table whose largest index is far beyond its row count is not held (see {@link #collect}).
 */
final class IndexedFactors implements Serializable {
  private static final long serialVersionUID = 1L;
  final int k;
  final double[] values;
  final BitSet present;

  private IndexedFactors(int k, double[] values, BitSet present) {
    this.k = k;
    this.values = values;
    this.present = present;
  }

  /** Number of entities with factors. */
  int size() {
    return present.cardinality();
  }

  /** One slot past the largest index with factors. */
  int bound() {
    return values.length / Math.max(1, k);
  }

  boolean has(int e) {
    return e >= 0 && present.get(e);
  }

  /**
   * {@code Σ_e v_e v_eᵀ} (lower triangle, then mirrored) over the entities with factors and those of
   * {@code replacedPresent}, whose factors are taken from {@code replaced} instead, {@code dropped} left out.
   */
  double[] gram(BitSet dropped, BitSet replacedPresent, double[] replaced) {
    double[] g = new double[k * k];
    BitSet all = (BitSet) present.clone();
    if (replacedPresent != null) {
      all.or(replacedPresent);
    }
    for (int e = all.nextSetBit(0); e >= 0; e = all.nextSetBit(e + 1)) {
      if (dropped != null && dropped.get(e)) {
        continue;
      }
      boolean r = replacedPresent != null && replacedPresent.get(e);
      NormalEquations.addOuter(k, g, 0, r ? replaced : values, e * k, 1.0);
    }
    NormalEquations.symmetrize(k, g);
    return g;
  }

  /**
   * Both factor tables of {@code model} as arrays, {@code [users, items]}, or null when together they hold more
   * than {@code maxDoubles} numbers (ids included), or their largest index is more than twice that. Usually one
   * Spark job: each partition sends its rows when they are within its share of {@code maxDoubles}, and only its
   * count otherwise; only when a partition held more than its share, and the total is within the limit, a second
   * job collects the rows.
   */
  static IndexedFactors[] collect(AlsModel model, long maxDoubles) {
    int k = model.rank();
    JavaRDD<Row> users = model.userFactors().select(model.userFactors().columns()[0], AlsModel.FACTORS).javaRDD();
    JavaRDD<Row> items = model.itemFactors().select(model.itemFactors().columns()[0], AlsModel.FACTORS).javaRDD();
    int partitions = Math.max(1, users.getNumPartitions() + items.getNumPartitions());
    long share = Math.max(k + 1, maxDoubles / partitions);
    List<Part> parts = tagged(users, items, share, k).collect();
    long total = 0;
    boolean whole = true;
    for (Part p : parts) {
      total += p.count * (k + 1L);
      whole &= p.ids != null;
    }
    if (total > maxDoubles) {
      return null;
    }
    if (!whole) {
      parts = tagged(users, items, Long.MAX_VALUE, k).collect();
    }
    int[] bound = new int[2];
    for (Part p : parts) {
      for (int id : p.ids) {
        bound[p.side] = Math.max(bound[p.side], id + 1);
      }
    }
    if ((long) (bound[0] + bound[1]) * k > 2 * maxDoubles) {
      return null;
    }
    IndexedFactors[] out = {new IndexedFactors(k, new double[bound[0] * k], new BitSet(bound[0])),
        new IndexedFactors(k, new double[bound[1] * k], new BitSet(bound[1]))};
    for (Part p : parts) {
      IndexedFactors f = out[p.side];
      for (int q = 0; q < p.ids.length; q++) {
        System.arraycopy(p.factors, q * k, f.values, p.ids[q] * k, k);
        f.present.set(p.ids[q]);
      }
    }
    return out;
  }

  private static JavaRDD<Part> tagged(JavaRDD<Row> users, JavaRDD<Row> items, long share, int k) {
    return users.mapPartitions(it -> List.of(Part.of(0, it, share, k)).iterator())
        .union(items.mapPartitions(it -> List.of(Part.of(1, it, share, k)).iterator()));
  }

  /** One partition of one side: its row count, and its ids and factors unless they exceed the share. */
  private static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    final int side;
    final long count;
    final int[] ids;
    final double[] factors;

    private Part(int side, long count, int[] ids, double[] factors) {
      this.side = side;
      this.count = count;
      this.ids = ids;
      this.factors = factors;
    }

    static Part of(int side, Iterator<Row> rows, long share, int k) {
      List<Row> kept = new ArrayList<>();
      long n = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        if (n * (k + 1L) < share) {
          kept.add(r);
        }
        n++;
      }
      if (n * (k + 1L) > share) {
        return new Part(side, n, null, null);
      }
      int[] ids = new int[kept.size()];
      double[] f = new double[kept.size() * k];
      for (int q = 0; q < ids.length; q++) {
        Row r = kept.get(q);
        ids[q] = r.getInt(0);
        List<Double> v = r.getList(1);
        if (v.size() != k) {
          throw new IllegalArgumentException("factors of index " + ids[q] + " have length " + v.size() + ", rank is " + k);
        }
        for (int p = 0; p < k; p++) {
          f[q * k + p] = v.get(p);
        }
      }
      return new Part(side, n, ids, f);
    }
  }
}
