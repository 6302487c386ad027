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
 * partition {@code b} under the fit's partitioner, and the messages to block {@code b} are shuffled to
 * partition {@code b} ({@code partitionBy}, no combiner), so a table meets the others partition by
 * partition ({@link #byBlock}), without a join: the only shuffle is that of the messages, and no cogroup
 * or combiner is planned, run or closure-cleaned (each costs the driver a closure-cleaning pass over
 * Spark's own classes: a fifth of ours' samples in a profile of {@code recvalue benchmark als}, see
 * benchmarks/als-vs-mllib.md). Tables not partitioned by the fit's partitioner are joined instead.
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
              m.add(new Tuple2<>(d, new Tuple2<>(block, pack(out[d], f.get(0), k))));
            }
          }
          return m;
        });
    // partitionBy, not groupByKey: the messages are gathered where they land, without a combiner
    return byBlock(dstIn, msgs.partitionBy(part), part, true, (block, in, received) -> {
      double[][] bySrc = new double[nb][];
      for (Tuple2<Integer, double[]> m : received) {
        bySrc[m._1] = m._2;
      }
      return List.of(new Tuple2<>(block, BlockSolver.solve(in, bySrc, srcGram, setup, SolverBackends.create(backend))));
    });
  }

  /** What a block makes of its record in one table and all its records in another. */
  interface BlockFunction<A, B, K, V> extends Serializable {
    List<Tuple2<K, V>> apply(int block, A left, List<B> right);
  }

  /**
   * {@code f} applied to each block's record of {@code left} (at most one per block) and all of its
   * records of {@code right} (in their order in the partition), for the blocks found in both tables (as
   * an inner join would pair them); partition by partition where both tables are partitioned by
   * {@code part}, otherwise by a join.
   *
   * @param keyedByBlock whether {@code f} keys its output by the block it was given, so that the result
   *     keeps {@code part} (false: the output is keyed otherwise, and a later {@code partitionBy} must
   *     shuffle it)
   */
  static <A, B, K, V> JavaPairRDD<K, V> byBlock(JavaPairRDD<Integer, A> left, JavaPairRDD<Integer, B> right,
      Partitioner part, boolean keyedByBlock, BlockFunction<A, B, K, V> f) {
    if (!(partitionedBy(left, part) && partitionedBy(right, part))) {
      return left.join(right.groupByKey(part), part).mapPartitionsToPair(it -> {
        List<Tuple2<K, V>> out = new ArrayList<>();
        it.forEachRemaining(t -> {
          List<B> bs = new ArrayList<>();
          t._2._2.forEach(bs::add);
          out.addAll(f.apply(t._1, t._2._1, bs));
        });
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
   * The per-partition function of {@link #byBlock}: partition {@code b} holds block {@code b}'s record
   * of the left table, if any, and its records of the right; a block missing from either side yields
   * nothing, as in a join. A named class, not a lambda, so Spark's closure cleaner has no bytecode to
   * read for it.
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
      if (!left.hasNext()) {
        return empty();
      }
      Tuple2<Integer, A> a = left.next();
      if (left.hasNext()) {
        throw new IllegalStateException("a partition of a block table holds more than one block: " + a._1 + " and "
            + left.next()._1);
      }
      List<B> bs = new ArrayList<>();
      while (right.hasNext()) {
        Tuple2<Integer, B> b = right.next();
        if (!b._1.equals(a._1)) {
          throw new IllegalStateException("block " + b._1 + " lies in the partition of block " + a._1);
        }
        bs.add(b._2);
      }
      return bs.isEmpty() ? empty() : JavaConverters.asScalaIterator(f.apply(a._1, a._2, bs).iterator());
    }

    private static <T> Iterator<T> empty() {
      return JavaConverters.asScalaIterator(java.util.Collections.<T>emptyIterator());
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
