package io.recvalue.explain.groups;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The group game's tables under {@code explain/}: {@code groups} (one row per group: its size, its
 * Shapley value by each computation), {@code group_interactions} (one row per pair of groups: the
 * learnt surrogate's interaction index) and {@code coalitions} (one row per re-solved coalition: the
 * re-solved utility beside each surrogate's prediction, and whether it fitted the surrogate or judged it).
 * Shapley values are in units of the utility, minus the validation loss: positive helps.
 */
public final class GroupTables {
  public static final String GROUPS = "groups";
  public static final String GROUP_INTERACTIONS = "group_interactions";
  public static final String COALITIONS = "coalitions";

  public static final StructType GROUP_SCHEMA = new StructType()
      .add("group", DataTypes.IntegerType, false)
      .add("name", DataTypes.StringType, false)
      .add("interactions", DataTypes.LongType, false)
      .add("weight", DataTypes.DoubleType, false)
      .add("shapley", DataTypes.DoubleType, false)
      .add("shapley_source", DataTypes.StringType, false)
      .add("shapley_learnt", DataTypes.DoubleType, false)
      .add("shapley_learnt_se", DataTypes.DoubleType, true)
      .add("shapley_exact", DataTypes.DoubleType, true)
      .add("shapley_first_order", DataTypes.DoubleType, true)
      .add("down_weighted_alone", DataTypes.DoubleType, true);

  public static final StructType INTERACTION_SCHEMA = new StructType()
      .add("group_a", DataTypes.IntegerType, false)
      .add("name_a", DataTypes.StringType, false)
      .add("group_b", DataTypes.IntegerType, false)
      .add("name_b", DataTypes.StringType, false)
      .add("interaction", DataTypes.DoubleType, false)
      .add("se", DataTypes.DoubleType, true);

  public static final StructType COALITION_SCHEMA = new StructType()
      .add("mask", DataTypes.LongType, false)
      .add("members", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("size", DataTypes.IntegerType, false)
      .add("role", DataTypes.StringType, false)
      .add("utility", DataTypes.DoubleType, false)
      .add("predicted_learnt", DataTypes.DoubleType, false)
      .add("predicted_first_order", DataTypes.DoubleType, true);

  private GroupTables() {}

  public static Dataset<Row> groups(SparkSession spark, GroupExplanation e) {
    PairwiseSurrogate s = e.learnt();
    double[] learnt = s.shapley();
    double[] se = s.shapleyStandardErrors();
    long full = e.coalitions().full();
    long[] all = e.coalitions().all();
    List<Row> rows = new ArrayList<>();
    for (DataGroups.Group g : e.assignment().groups()) {
      int q = g.index();
      Double exact = e.exactShapley() == null ? null : e.exactShapley()[q];
      Double alone = null;
      Double fullU = find(all, e.utilities(), full);
      Double without = find(all, e.utilities(), full & ~(1L << q));
      if (fullU != null && without != null) {
        alone = fullU - without;
      }
      rows.add(RowFactory.create(q, g.name(), g.rows(), g.weight(), exact != null ? exact : learnt[q],
          exact != null ? "exact" : "learnt", learnt[q], Double.isFinite(se[q]) ? se[q] : null, exact,
          e.firstOrderShapley() == null ? null : e.firstOrderShapley()[q], alone));
    }
    return spark.createDataFrame(rows, GROUP_SCHEMA).coalesce(1);
  }

  public static Dataset<Row> interactions(SparkSession spark, GroupExplanation e) {
    PairwiseSurrogate s = e.learnt();
    List<String> names = e.names();
    List<Row> rows = new ArrayList<>();
    for (int a = 0; a < names.size(); a++) {
      for (int b = a + 1; b < names.size(); b++) {
        double se = s.interactionStandardError(a, b);
        rows.add(RowFactory.create(a, names.get(a), b, names.get(b), s.interaction(a, b),
            Double.isFinite(se) ? se : null));
      }
    }
    return spark.createDataFrame(rows, INTERACTION_SCHEMA).coalesce(1);
  }

  public static Dataset<Row> coalitions(SparkSession spark, GroupExplanation e) {
    List<String> names = e.names();
    long[] all = e.coalitions().all();
    int nFit = e.coalitions().fit().length;
    double full = e.utilities()[indexOf(all, e.coalitions().full())];
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < all.length; r++) {
      List<String> members = new ArrayList<>();
      for (int g = 0; g < names.size(); g++) {
        if ((all[r] >>> g & 1L) == 1L) {
          members.add(names.get(g));
        }
      }
      Double first = e.firstOrderShapley() == null ? null
          : GroupExplanation.firstOrderPrediction(full, e.firstOrderShapley(), all[r]);
      rows.add(RowFactory.create(all[r], members, members.size(), r < nFit ? "fit" : "heldout", e.utilities()[r],
          e.learnt().predict(all[r]), first));
    }
    return spark.createDataFrame(rows, COALITION_SCHEMA).coalesce(1);
  }

  private static Double find(long[] masks, double[] u, long mask) {
    int r = indexOf(masks, mask);
    return r < 0 ? null : u[r];
  }

  private static int indexOf(long[] masks, long mask) {
    for (int r = 0; r < masks.length; r++) {
      if (masks[r] == mask) {
        return r;
      }
    }
    return -1;
  }
}
