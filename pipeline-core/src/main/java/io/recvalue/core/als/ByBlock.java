package io.recvalue.core.als;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.rdd.RDD;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Block tables meeting partition by partition. A <em>block table</em> is keyed by block id and
 * partitioned so that block {@code b} is the one record of partition {@code b}: the in- and out-blocks
 * and factors of an ALS fit, and the edge blocks and packed vectors of a valuation. Two such tables under
 * the same partitioner are paired by {@code zipPartitions} instead of a join: no cogroup is planned or
 * run, and the function is a named class, which Spark's closure cleaner does not read (each join or
 * cogroup costs the driver a closure-cleaning pass over Spark's own classes: a fifth of ours' samples
 * in a profile of {@code recvalue benchmark als}, see benchmarks/als-vs-mllib.md). Tables laid out
 * otherwise are joined, with the same result.
 */
public final class ByBlock {
  private ByBlock() {}

  /** What a block makes of its record in one table and all its records in another. */
  public interface BlockFunction<A, B, K, V> extends Serializable {
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
  public static <A, B, K, V> JavaPairRDD<K, V> byBlock(JavaPairRDD<Integer, A> left, JavaPairRDD<Integer, B> right,
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

  /** Whether {@code r} is partitioned by {@code part} (so its partition {@code b} holds exactly the keys {@code part} sends to {@code b}). */
  public static boolean partitionedBy(JavaPairRDD<?, ?> r, Partitioner part) {
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

  /**
   * {@code f(a, b)} for each block found in both tables (as an inner join would pair them), keyed by
   * block and keeping the tables' partitioner: partition by partition when both tables have the same
   * partitioner (each partition then holds at most one record of each; more fails the task), otherwise
   * by a join.
   */
  public static <A, B, C> JavaPairRDD<Integer, C> pair(JavaPairRDD<Integer, A> left, JavaPairRDD<Integer, B> right,
      Function2<A, B, C> f) {
    if (!(left.partitioner().isPresent() && partitionedBy(right, left.partitioner().get()))) {
      return left.join(right).mapValues(t -> f.call(t._1, t._2));
    }
    return byBlock(left, right, left.partitioner().get(), true, new Pair<>(f));
  }

  /** The block function of {@link #pair}: one right record per block. */
  private static final class Pair<A, B, C> implements BlockFunction<A, B, Integer, C> {
    private static final long serialVersionUID = 1L;
    private final Function2<A, B, C> f;

    Pair(Function2<A, B, C> f) {
      this.f = f;
    }

    @Override
    public List<Tuple2<Integer, C>> apply(int block, A left, List<B> right) {
      if (right.size() != 1) {
        throw new IllegalStateException("block " + block + " has " + right.size() + " records in a table of one per block");
      }
      try {
        return List.of(new Tuple2<>(block, f.call(left, right.get(0))));
      } catch (Exception e) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
  }

}
