package io.recvalue.core.als;

import static io.recvalue.core.data.InteractionColumns.ITEM_IDX;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A factor model in ALS's block layout: per side, one record per block {@code b} holding the entities
 * {@code e} with {@code e % numBlocks == b}, packed as {@code [ids ascending (as doubles)..., factors...]}
 * ({@link FactorBlocks#pack}), in partition {@code b} of a {@link HashPartitioner} over {@code numBlocks}.
 * A fit's iterates are kept this way ({@link FactorIterates}), so a pass that needs several of them, or a
 * combination of them, reads them where they are instead of converting each to a factor table and back; a
 * factor table joins the layout by {@link #of}. An entity is found in its block by a binary search of its id
 * ({@link Block#offset}).
 */
public final class PackedFactors {
  private final int rank;
  private final int numBlocks;
  private final int copies;
  private final JavaPairRDD<Integer, double[]> users;
  private final JavaPairRDD<Integer, double[]> items;

  PackedFactors(int rank, int numBlocks, JavaPairRDD<Integer, double[]> users, JavaPairRDD<Integer, double[]> items) {
    this(rank, numBlocks, 1, users, items);
  }

  /** {@code copies}: 2 for the factors of a twinned problem ({@link TwinCopies}), whose ids are twinned ids. */
  PackedFactors(int rank, int numBlocks, int copies, JavaPairRDD<Integer, double[]> users,
      JavaPairRDD<Integer, double[]> items) {
    this.rank = rank;
    this.numBlocks = numBlocks;
    this.copies = copies;
    this.users = users;
    this.items = items;
  }

  /**
   * The factor tables of {@code model} in the block layout of {@code numBlocks} blocks (one shuffle of each
   * table, grouped by block).
   *
   * @throws org.apache.spark.SparkException (from the first job that reads it) naming an entity whose factor row
   *     is not of the model's rank ("factor row of length …"), or that has two rows ("user_idx 7 has two factor
   *     rows")
   */
  public static PackedFactors of(AlsModel model, int numBlocks) {
    Partitioner part = new HashPartitioner(numBlocks);
    return new PackedFactors(model.rank(), numBlocks, pack(model.userFactors(), USER_IDX, model.rank(), part),
        pack(model.itemFactors(), ITEM_IDX, model.rank(), part));
  }

  public int rank() {
    return rank;
  }

  public int numBlocks() {
    return numBlocks;
  }

  /** 1, or 2 for both copies of a twinned problem ({@link TwinCopies}). */
  public int copies() {
    return copies;
  }

  /** The user blocks: block id → packed block, partitioned by {@code HashPartitioner(numBlocks)}. */
  public JavaPairRDD<Integer, double[]> users() {
    return users;
  }

  /** The item blocks, as {@link #users}. */
  public JavaPairRDD<Integer, double[]> items() {
    return items;
  }

  /** Caches both sides (memory, then disk) under {@code name}; returns this. */
  public PackedFactors persist(String name) {
    users.setName(name + ".users").persist(StorageLevel.MEMORY_AND_DISK());
    items.setName(name + ".items").persist(StorageLevel.MEMORY_AND_DISK());
    return this;
  }

  public void unpersist() {
    users.unpersist(false);
    items.unpersist(false);
  }

  /** The model as factor tables ({@code user_idx, factors} and {@code item_idx, factors}), computed lazily. */
  public AlsModel toModel(SparkSession spark, String solverDescription) {
    if (copies != 1) {
      throw new IllegalStateException("twinned factors: take a copy first (TwinCopies.copy)");
    }
    return new AlsModel(rank, FactorBlocks.toDataset(spark, users, USER_IDX, rank),
        FactorBlocks.toDataset(spark, items, ITEM_IDX, rank), TrainingHistory.empty(), solverDescription);
  }

  private static JavaPairRDD<Integer, double[]> pack(Dataset<Row> table, String idCol, int k, Partitioner part) {
    int nb = part.numPartitions();
    return table.select(idCol, FactorBlocks.FACTORS).javaRDD()
        .mapToPair(r -> new Tuple2<>(r.getInt(0) % nb, new Tuple2<>(r.getInt(0), FactorBlocks.toArray(r, k))))
        .groupByKey(part)
        .mapValues(entities -> {
          List<Tuple2<Integer, double[]>> sorted = new ArrayList<>();
          entities.forEach(sorted::add);
          sorted.sort((p, q) -> Integer.compare(p._1, q._1));
          int[] ids = new int[sorted.size()];
          double[] f = new double[sorted.size() * k];
          for (int p = 0; p < ids.length; p++) {
            ids[p] = sorted.get(p)._1;
            if (p > 0 && ids[p] == ids[p - 1]) {
              throw new IllegalArgumentException(idCol + " " + ids[p] + " has two factor rows");
            }
            System.arraycopy(sorted.get(p)._2, 0, f, p * k, k);
          }
          return FactorBlocks.pack(ids, f);
        });
  }

  /** One packed block, read: its ids, and where each entity's factor starts. */
  public static final class Block implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] ids;
    private final double[] packed;

    private Block(int[] ids, double[] packed) {
      this.ids = ids;
      this.packed = packed;
    }

    /** Reads a block packed by {@link FactorBlocks#pack} with rank {@code k}. */
    public static Block of(double[] packed, int k) {
      int n = packed.length / (k + 1);
      int[] ids = new int[n];
      for (int p = 0; p < n; p++) {
        ids[p] = (int) packed[p];
      }
      return new Block(ids, packed);
    }

    /** The packed array; an entity's factor is {@code k} doubles from its {@link #offset}. */
    public double[] packed() {
      return packed;
    }

    /** Where the factor of entity {@code id} starts in {@link #packed}, or −1 when the block does not hold it. */
    public int offset(int id, int k) {
      int p = java.util.Arrays.binarySearch(ids, id);
      return p < 0 ? -1 : ids.length + p * k;
    }
  }
}
