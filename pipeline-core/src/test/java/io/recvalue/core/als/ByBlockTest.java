package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import io.recvalue.core.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * {@link ByBlock#byBlock}: the partition-by-partition meeting of two block tables gives what a join by
 * block id gives, keeps the partitioner only when the output is keyed by block, and falls back to a join
 * when a table is laid out otherwise; {@link ByBlock#pair} likewise for tables of one record per block.
 */
@SparkTest
class ByBlockTest {
  private static final int BLOCKS = 4;
  private final JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
  private final Partitioner part = new HashPartitioner(BLOCKS);

  /** Blocks 0, 1, 3 on the left (block 2 has no record), all four on the right. */
  private JavaPairRDD<Integer, String> left() {
    return sc.parallelizePairs(List.of(new Tuple2<>(3, "c"), new Tuple2<>(0, "a"), new Tuple2<>(1, "b")))
        .partitionBy(part);
  }

  private JavaPairRDD<Integer, Integer> right() {
    List<Tuple2<Integer, Integer>> r = new ArrayList<>();
    for (int b = 0; b < BLOCKS; b++) {
      r.add(new Tuple2<>(b, 10 * b));
    }
    return sc.parallelizePairs(r).partitionBy(part);
  }

  /** Each block's two records joined into one string, keyed by the block. */
  private static final ByBlock.BlockFunction<String, Integer, Integer, String> SAME_BLOCK =
      (block, l, r) -> List.of(new Tuple2<>(block, l + r.stream().sorted().map(String::valueOf)
          .collect(java.util.stream.Collectors.joining(","))));

  /** Each block's records sent to the next block, as the messages of a half-step go to other blocks. */
  private static final ByBlock.BlockFunction<String, Integer, Integer, String> NEXT_BLOCK =
      (block, l, r) -> List.of(new Tuple2<>((block + 1) % BLOCKS, l + r.get(0)));

  @Test
  void alignedTablesMeetAsAJoinWouldAndKeepThePartitioner() {
    JavaPairRDD<Integer, String> met = ByBlock.byBlock(left(), right(), part, true, SAME_BLOCK);
    assertEquals(Map.of(0, "a0", 1, "b10", 3, "c30"), asMap(met));
    assertEquals(part, met.partitioner().orNull());
    assertEquals(List.of(), misplaced(met), "every record lies in its block's partition");
  }

  @Test
  void outputKeyedByAnotherBlockClaimsNoPartitionerSoAGroupingShufflesIt() {
    JavaPairRDD<Integer, String> sent = ByBlock.byBlock(left(), right(), part, false, NEXT_BLOCK);
    assertFalse(sent.partitioner().isPresent());
    Map<Integer, String> grouped = new TreeMap<>();
    sent.partitionBy(part).collect().forEach(t -> grouped.put(t._1, t._2));
    assertEquals(Map.of(1, "a0", 2, "b10", 0, "c30"), grouped);
    // after the shuffle, block b's messages are in partition b, where the next meeting looks for them
    assertEquals(List.of(), misplaced(sent.partitionBy(part)));
  }

  @Test
  void everyRecordOfABlockInTheRightTableReachesTheBlock() {
    List<Tuple2<Integer, Integer>> messages = new ArrayList<>();
    for (int b = 0; b < BLOCKS; b++) {
      for (int m = 0; m < 3; m++) {
        messages.add(new Tuple2<>(b, 10 * b + m));
      }
    }
    JavaPairRDD<Integer, Integer> received = sc.parallelizePairs(messages, 3).partitionBy(part);
    Map<Integer, String> expected = Map.of(0, "a0,1,2", 1, "b10,11,12", 3, "c30,31,32");
    assertEquals(expected, asMap(ByBlock.byBlock(left(), received, part, true, SAME_BLOCK)));
    // the same through the join, where the right table is not laid out by block
    assertEquals(expected, asMap(ByBlock.byBlock(left(), sc.parallelizePairs(messages, 3), part, true, SAME_BLOCK)));
  }

  @Test
  void aTableLaidOutOtherwiseIsJoined() {
    JavaPairRDD<Integer, Integer> unpartitioned = sc.parallelizePairs(right().collect(), 3);
    JavaPairRDD<Integer, String> met = ByBlock.byBlock(left(), unpartitioned, part, true, SAME_BLOCK);
    assertEquals(Map.of(0, "a0", 1, "b10", 3, "c30"), asMap(met));
    assertEquals(part, met.partitioner().orNull());
  }

  /** The keys found in another partition than their own (block {@code b} belongs in partition {@code b}). */
  @Test
  void pairedTablesMeetAsAJoinWouldAndKeepThePartitioner() {
    JavaPairRDD<Integer, String> paired = ByBlock.pair(left(), right(), (l, r) -> l + r);
    assertEquals(Map.of(0, "a0", 1, "b10", 3, "c30"), asMap(paired));
    assertEquals(part, paired.partitioner().orNull());
    assertEquals(List.of(), misplaced(paired), "every record lies in its block's partition");
    assertFalse(paired.rdd().toDebugString().contains("CoGroupedRDD"), "no join planned:\n" + paired.rdd().toDebugString());
  }

  @Test
  void pairingATableLaidOutOtherwiseJoinsIt() {
    JavaPairRDD<Integer, Integer> unpartitioned = sc.parallelizePairs(List.of(new Tuple2<>(1, 7), new Tuple2<>(3, 9)), 3);
    JavaPairRDD<Integer, String> paired = ByBlock.pair(left(), unpartitioned, (l, r) -> l + r);
    assertEquals(Map.of(1, "b7", 3, "c9"), asMap(paired));
    assertTrue(paired.rdd().toDebugString().contains("CoGroupedRDD"), paired.rdd().toDebugString());
  }

  @Test
  void pairingATableOfManyRecordsPerBlockFailsNamingTheBlock() {
    JavaPairRDD<Integer, Integer> two = sc.parallelizePairs(List.of(new Tuple2<>(1, 7), new Tuple2<>(1, 8))).partitionBy(part);
    Exception e = assertThrows(Exception.class, () -> ByBlock.pair(left(), two, (l, r) -> l + r).collect());
    assertTrue(rootMessage(e).contains("block 1 has 2 records in a table of one per block"), rootMessage(e));
  }

  private static String rootMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  private static <V> List<Integer> misplaced(JavaPairRDD<Integer, V> r) {
    return r.mapPartitionsWithIndex((i, it) -> {
      List<Integer> bad = new ArrayList<>();
      it.forEachRemaining(t -> {
        if (!t._1.equals(i)) {
          bad.add(t._1);
        }
      });
      return bad.iterator();
    }, true).collect();
  }

  private static Map<Integer, String> asMap(JavaPairRDD<Integer, String> r) {
    Map<Integer, String> m = new TreeMap<>();
    r.collect().forEach(t -> assertEquals(null, m.put(t._1, t._2), "block " + t._1 + " twice"));
    return m;
  }
}
