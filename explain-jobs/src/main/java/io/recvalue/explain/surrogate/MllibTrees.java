package io.recvalue.explain.surrogate;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

/**
 * Copies Spark MLlib's fitted tree models into a {@link TreeEnsemble}: GBT predicts
 * {@code Σ_t w_t tree_t(x)} with its tree weights, a random forest the mean of its trees. Only
 * continuous splits occur (the surrogate's features carry no categorical metadata); anything else is
 * refused.
 */
public final class MllibTrees {
  private MllibTrees() {}

  public static TreeEnsemble fromGbt(GBTRegressionModel model) {
    DecisionTreeRegressionModel[] trees = model.trees();
    return new TreeEnsemble(flattenAll(trees), model.treeWeights(), 1.0, model.numFeatures());
  }

  public static TreeEnsemble fromRandomForest(RandomForestRegressionModel model) {
    DecisionTreeRegressionModel[] trees = model.trees();
    double[] ones = new double[trees.length];
    java.util.Arrays.fill(ones, 1.0);
    return new TreeEnsemble(flattenAll(trees), ones, trees.length, model.numFeatures());
  }

  private static TreeEnsemble.Tree[] flattenAll(DecisionTreeRegressionModel[] trees) {
    TreeEnsemble.Tree[] out = new TreeEnsemble.Tree[trees.length];
    for (int t = 0; t < trees.length; t++) {
      out[t] = flatten(trees[t].rootNode());
    }
    return out;
  }

  /** Lays a tree out in pre-order: a node's index is assigned before its children's. */
  static TreeEnsemble.Tree flatten(Node root) {
    List<Node> nodes = new ArrayList<>();
    List<int[]> children = new ArrayList<>();
    visit(root, nodes, children);
    int n = nodes.size();
    int[] feature = new int[n];
    double[] threshold = new double[n];
    int[] left = new int[n];
    int[] right = new int[n];
    double[] value = new double[n];
    for (int k = 0; k < n; k++) {
      Node node = nodes.get(k);
      value[k] = node.prediction();
      if (node instanceof InternalNode internal) {
        Split split = internal.split();
        if (!(split instanceof ContinuousSplit continuous)) {
          throw new IllegalArgumentException("only continuous splits are supported, found " + split);
        }
        feature[k] = continuous.featureIndex();
        threshold[k] = continuous.threshold();
        left[k] = children.get(k)[0];
        right[k] = children.get(k)[1];
      } else if (node instanceof LeafNode) {
        feature[k] = -1;
        left[k] = -1;
        right[k] = -1;
      } else {
        throw new IllegalArgumentException("unknown tree node " + node.getClass());
      }
    }
    return new TreeEnsemble.Tree(feature, threshold, left, right, value);
  }

  private static int visit(Node node, List<Node> nodes, List<int[]> children) {
    int index = nodes.size();
    nodes.add(node);
    int[] slot = new int[] {-1, -1};
    children.add(slot);
    if (node instanceof InternalNode internal) {
      slot[0] = visit(internal.leftChild(), nodes, children);
      slot[1] = visit(internal.rightChild(), nodes, children);
    }
    return index;
  }
}
