package io.recvalue.core.als;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/** Top-K items per user by blocked cross-products of the factor tables (one task per block pair). */
final class RankingBlocks {
  private RankingBlocks() {}

  /** A test user: factor, sorted training items to skip, sorted relevant (test) items. */
  record Query(double[] factor, int[] exclude, int[] relevant) implements Serializable {}

  static JavaPairRDD<Integer, TopK> topK(
      JavaPairRDD<Integer, Query> queries, JavaPairRDD<Integer, double[]> items, int k, int nb) {
    JavaPairRDD<Integer, List<Tuple2<Integer, Query>>> qb = queries
        .mapToPair(t -> new Tuple2<>(Math.floorMod(t._1, nb), t))
        .aggregateByKey(new ArrayList<Tuple2<Integer, Query>>(), nb, (l, t) -> { l.add(t); return l; },
            (a, b) -> { a.addAll(b); return a; })
        .mapValues(l -> (List<Tuple2<Integer, Query>>) l);
    JavaPairRDD<Integer, List<Tuple2<Integer, double[]>>> ib = items
        .mapToPair(t -> new Tuple2<>(Math.floorMod(t._1, nb), t))
        .aggregateByKey(new ArrayList<Tuple2<Integer, double[]>>(), nb, (l, t) -> { l.add(t); return l; },
            (a, b) -> { a.addAll(b); return a; })
        .mapValues(l -> (List<Tuple2<Integer, double[]>>) l);
    return qb.cartesian(ib)
        .flatMapToPair(t -> score(t._1._2, t._2._2, k).iterator())
        .reduceByKey(TopK::merge);
  }

  private static List<Tuple2<Integer, TopK>> score(List<Tuple2<Integer, Query>> users, List<Tuple2<Integer, double[]>> items, int k) {
    int n = items.size();
    int[] ids = new int[n];
    int rank = users.isEmpty() ? 0 : users.get(0)._2.factor().length;
    double[] f = new double[n * rank];
    for (int q = 0; q < n; q++) {
      ids[q] = items.get(q)._1;
      System.arraycopy(items.get(q)._2, 0, f, q * rank, rank);
    }
    List<Tuple2<Integer, TopK>> out = new ArrayList<>(users.size());
    for (Tuple2<Integer, Query> u : users) {
      TopK top = new TopK(k);
      double[] x = u._2.factor();
      int[] skip = u._2.exclude();
      for (int q = 0; q < n; q++) {
        if (Arrays.binarySearch(skip, ids[q]) < 0) {
          top.offer(ids[q], NormalEquations.dot(rank, x, 0, f, q * rank));
        }
      }
      out.add(new Tuple2<>(u._1, top));
    }
    return out;
  }
}
