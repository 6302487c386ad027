package io.recvalue.core.als;

import io.recvalue.core.linalg.SolverBackends;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * One half-step on Spark: every source block sends each destination block the factors it needs
 * (through the source's out-block), each destination block gathers its messages and solves its
 * entities with {@link BlockSolver}. The solver is looked up by name inside the task.
 *
 * <p>Block {@code b} of every table of a fit (in-blocks, out-blocks, factors) is the one record of
 * partition {@code b} under the fit's partitioner, so a table meets another of the same side partition
 * by partition ({@link #byBlock}), without a join: the only shuffle is that of the messages, and no
 * cogroup is planned, run or closure-cleaned for the tables that are already aligned (a join costs the
 * driver a closure-cleaning pass over Spark's own classes, a tenth of a sweep's time in a profile of
 * {@code recvalue benchmark als}). Tables not partitioned by the fit's partitioner are joined instead.
 */
final class HalfStep {
  private HalfStep() {}

  static JavaPairRDD<Integer, BlockSolver.Result> run(
      JavaPairRDD<Integer, double[]> srcFactors, JavaPairRDD<Integer, int[][]> srcOut,
      JavaPairRDD<Integer, InBlock> dstIn, double[] srcGram, BlockSolver.Setup setup, String backend,
      int nb, Partitioner part) {
    int k = setup.rank();
    JavaPairRDD<Integer, Tuple2<Integer, double[]>> msgs = byBlock(srcOut, srcFactors, part, false,
        (block, out, f) -> {
          List<Tuple2<Integer, Tuple2<Integer, double[]>>> m = new ArrayList<>();
          for (int d = 0; d < nb; d++) {
            if (out[d].length > 0) {
              m.add(new Tuple2<>(d, new Tuple2<>(block, pack(out[d], f, k))));
            }
          }
          return m;
        });
    return byBlock(dstIn, msgs.groupByKey(part), part, true, (block, in, received) -> {
      double[][] bySrc = new double[nb][];
      for (Tuple2<Integer, double[]> m : received) {
        bySrc[m._1] = m._2;
      }
      return List.of(new Tuple2<>(block, BlockSolver.solve(in, bySrc, srcGram, setup, SolverBackends.create(backend))));
    });
  }

  /** What a block makes of its records in two tables. */
  interface BlockFunction<A, B, K, V> extends Serializable {
    List<Tuple2<K, V>> apply(int block, A left, B right);
  }

  /**
   * {@code f} applied to the records of each block found in both tables (the inner join by block id),
   * partition by partition where both tables are partitioned by {@code part}; otherwise by a join.
   *
   * @param keyedByBlock whether {@code f} keys its output by the block it was given, so that the result
   *     keeps {@code part} (false: the output is keyed otherwise, and a later {@code groupByKey} must
   *     shuffle it)
   */
  static <A, B, K, V> JavaPairRDD<K, V> byBlock(JavaPairRDD<Integer, A> left, JavaPairRDD<Integer, B> right,
      Partitioner part, boolean keyedByBlock, BlockFunction<A, B, K, V> f) {
    if (!(partitionedBy(left, part) && partitionedBy(right, part))) {
      return left.join(right, part).mapPartitionsToPair(it -> {
        List<Tuple2<K, V>> out = new ArrayList<>();
        it.forEachRemaining(t -> out.addAll(f.apply(t._1, t._2._1, t._2._2)));
        return out.iterator();
      }, keyedByBlock);
    }
    ClassTag<Tuple2<K, V>> tag = ClassTag$.MODULE$.apply(Tuple2.class);
    RDD<Tuple2<K, V>> zipped = left.rdd().zipPartitions(right.rdd(), keyedByBlock, new Zip<>(f),
        ClassTag$.MODULE$.apply(Tuple2.class), tag);
    return JavaPairRDD.fromRDD(zipped, ClassTag$.MODULE$.apply(Object.class), ClassTag$.MODULE$.apply(Object.class));
  }

  private static boolean partitionedBy(JavaPairRDD<?, ?> r, Partitioner part) {
    return r.partitioner().isPresent() && r.partitioner().get().equals(part);
  }

  /**
   * The per-partition function of {@link #byBlock}: a partition holds at most one record of each table
   * (its block); a block missing from either side yields nothing, as in a join. A named class, not a
   * lambda, so Spark's closure cleaner has no bytecode to read for it.
   */
  private static final class Zip<A, B, K, V> extends AbstractFunction2<Iterator<Tuple2<Integer, A>>,
      Iterator<Tuple2<Integer, B>>, Iterator<Tuple2<K, V>>> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final BlockFunction<A, B, K, V> f;

    Zip(BlockFunction<A, B, K, V> f) {
      this.f = f;
    }

    @Override
    public Iterator<Tuple2<K, V>> apply(Iterator<Tuple2<Integer, A>> left, Iterator<Tuple2<Integer, B>> right) {
      if (!left.hasNext() || !right.hasNext()) {
        return JavaConverters.asScalaIterator(java.util.Collections.<Tuple2<K, V>>emptyIterator());
      }
      Tuple2<Integer, A> a = left.next();
      Tuple2<Integer, B> b = right.next();
      if (left.hasNext() || right.hasNext() || !a._1.equals(b._1)) {
        throw new IllegalStateException("a partition of a block table holds more than one block, or another"
            + " block than its partner's: " + a._1 + " and " + b._1);
      }
      return JavaConverters.asScalaIterator(f.apply(a._1, a._2, b._2).iterator());
    }
  }

  private static double[] pack(int[] pos, double[] f, int k) {
    double[] out = new double[pos.length * k];
    for (int q = 0; q < pos.length; q++) {
      System.arraycopy(f, pos[q] * k, out, q * k, k);
    }
    return out;
  }

  /** Sums the blocks' objective shares and Gramians: {@code [objective, gram...]}. */
  static double[] aggregate(JavaPairRDD<Integer, BlockSolver.Result> results, int k) {
    return results.values()
        .map(
            r -> {
              double[] v = new double[1 + k * k];
              v[0] = Double.isNaN(r.objective()) ? 0.0 : r.objective();
              if (r.gram() != null) {
                System.arraycopy(r.gram(), 0, v, 1, k * k);
              }
              return v;
            })
        .fold(new double[1 + k * k], (a, b) -> {
          double[] s = new double[a.length];
          for (int i = 0; i < s.length; i++) {
            s[i] = a[i] + b[i];
          }
          return s;
        });
  }
}
