package io.recvalue.valuation.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * {@link KeyLookup#meet}: equals Spark's inner and left outer joins, row for row, whether or not the inputs
 * come partitioned; keeps the partitioner; plans no cogroup; and a table with a key twice fails naming it.
 */
@SparkTest
class KeyLookupTest {
  private final SparkSession spark = SparkTestSession.get();
  private final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

  @Test
  void innerAndOuterMeetingsEqualJoins() {
    SplittableRandom rnd = new SplittableRandom(3);
    List<Tuple2<Integer, String>> rows = new ArrayList<>();
    for (int q = 0; q < 500; q++) {
      rows.add(new Tuple2<>(rnd.nextInt(40), "row" + q));
    }
    List<Tuple2<Integer, Double>> table = new ArrayList<>();
    for (int key = 0; key < 40; key += 3) {
      table.add(new Tuple2<>(key, key / 10.0));
    }
    Partitioner part = new HashPartitioner(4);
    for (boolean partitioned : new boolean[] {false, true}) {
      JavaPairRDD<Integer, String> r = JavaPairRDD.fromJavaRDD(jsc.parallelize(rows, 3));
      JavaPairRDD<Integer, Double> t = JavaPairRDD.fromJavaRDD(jsc.parallelize(table, 2));
      if (partitioned) {
        r = r.partitionBy(part);
        t = t.partitionBy(part);
      }
      JavaPairRDD<Integer, String> inner = KeyLookup.meet(r, t, part, false, (String v, Double w) -> v + "|" + w);
      JavaPairRDD<Integer, String> outer = KeyLookup.meet(r, t, part, true, (String v, Double w) -> v + "|" + w);
      assertEquals(sorted(r.join(t).mapValues(x -> x._1 + "|" + x._2)), sorted(inner), "inner, partitioned " + partitioned);
      assertEquals(sorted(r.leftOuterJoin(t).mapValues(x -> x._1 + "|" + x._2.orNull())), sorted(outer),
          "outer, partitioned " + partitioned);
      assertTrue(inner.count() < outer.count() && outer.count() == rows.size(), "some rows have no table record");
      assertEquals(part, inner.partitioner().orNull());
      assertFalse(inner.rdd().toDebugString().contains("CoGroupedRDD"), inner.rdd().toDebugString());
      assertTrue(r.join(t, part).rdd().toDebugString().contains("CoGroupedRDD"), "the check tells a join apart");
    }
  }

  @Test
  void aTableWithAKeyTwiceFailsNamingTheKey() {
    JavaPairRDD<Integer, String> r = JavaPairRDD.fromJavaRDD(jsc.parallelize(List.of(new Tuple2<>(7, "a")), 1));
    JavaPairRDD<Integer, Double> t = JavaPairRDD.fromJavaRDD(jsc.parallelize(
        List.of(new Tuple2<>(7, 1.0), new Tuple2<>(7, 2.0)), 1));
    SparkException e = assertThrows(SparkException.class,
        () -> KeyLookup.meet(r, t, new HashPartitioner(2), false, (String v, Double w) -> v).count());
    assertTrue(e.getMessage().contains("key 7 appears twice"), e.getMessage());
  }

  private static TreeMap<String, Integer> sorted(JavaPairRDD<Integer, String> r) {
    TreeMap<String, Integer> out = new TreeMap<>();
    r.collect().forEach(t -> out.merge(t._1 + ":" + t._2, 1, Integer::sum));
    return out;
  }
}
