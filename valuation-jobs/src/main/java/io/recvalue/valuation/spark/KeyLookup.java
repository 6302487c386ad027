package io.recvalue.valuation.spark;

import io.recvalue.core.als.ByBlock;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Many rows meeting a table of one record per key (an entity's factor row or its part of a direction),
 * partition by partition: each task hashes its partition of the table and streams its rows past it.
 *
 * <p>Why not a join: a join of two co-partitioned tables is narrow, but Spark runs it as a cogroup,
 * which gathers <em>both</em> sides of a partition into a spillable map and estimates that map's size
 * as it grows; with hundreds of thousands of training rows against a few thousand factor rows, that
 * bookkeeping was about a third of the executors' samples in a profile of the value stage
 * (benchmarks/value-cost.md). Here only the table is hashed, the rows pass through once, and their
 * order and partitioner are kept.
 */
final class KeyLookup {
  private KeyLookup() {}

  /**
   * {@code f(row, table value)} for every row, keyed and partitioned as {@code rows}: the inner join
   * ({@code outer} false: rows whose key has no table record are dropped) or the left outer join
   * ({@code outer}: {@code f} gets {@code null}). {@code rows} are partitioned by {@code part} first where
   * they are not, and the table likewise (a shuffle each, as a join would make).
   *
   * @throws IllegalStateException in the task, naming the key, when the table holds a key twice
   */
  static <V, W, R> JavaPairRDD<Integer, R> meet(JavaPairRDD<Integer, V> rows, JavaPairRDD<Integer, W> table,
      Partitioner part, boolean outer, Function2<V, W, R> f) {
    JavaPairRDD<Integer, V> r = ByBlock.partitionedBy(rows, part) ? rows : rows.partitionBy(part);
    JavaPairRDD<Integer, W> t = ByBlock.partitionedBy(table, part) ? table : table.partitionBy(part);
    return JavaPairRDD.fromRDD(r.rdd().zipPartitions(t.rdd(), true, new Meet<>(f, outer),
        ClassTag$.MODULE$.apply(Tuple2.class), ClassTag$.MODULE$.apply(Tuple2.class)),
        ClassTag$.MODULE$.apply(Integer.class), ClassTag$.MODULE$.apply(Object.class));
  }

  /** The per-partition function: a named class, so Spark's closure cleaner has no bytecode to read. */
  private static final class Meet<V, W, R> extends AbstractFunction2<Iterator<Tuple2<Integer, V>>,
      Iterator<Tuple2<Integer, W>>, Iterator<Tuple2<Integer, R>>> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Function2<V, W, R> f;
    private final boolean outer;

    Meet(Function2<V, W, R> f, boolean outer) {
      this.f = f;
      this.outer = outer;
    }

    @Override
    public Iterator<Tuple2<Integer, R>> apply(Iterator<Tuple2<Integer, V>> rows, Iterator<Tuple2<Integer, W>> table) {
      Map<Integer, W> byKey = new HashMap<>();
      while (table.hasNext()) {
        Tuple2<Integer, W> t = table.next();
        if (byKey.put(t._1, t._2) != null) {
          throw new IllegalStateException("key " + t._1 + " appears twice in a table of one record per key");
        }
      }
      java.util.Iterator<Tuple2<Integer, R>> out = new java.util.Iterator<>() {
        private Tuple2<Integer, R> next = advance();

        private Tuple2<Integer, R> advance() {
          while (rows.hasNext()) {
            Tuple2<Integer, V> row = rows.next();
            W w = byKey.get(row._1);
            if (w != null || outer) {
              try {
                return new Tuple2<>(row._1, f.call(row._2, w));
              } catch (Exception e) {
                throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
              }
            }
          }
          return null;
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public Tuple2<Integer, R> next() {
          Tuple2<Integer, R> n = next;
          next = advance();
          return n;
        }
      };
      return JavaConverters.asScalaIterator(out);
    }
  }
}
