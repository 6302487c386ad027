import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.stddev;
import static org.apache.spark.sql.functions.sum;

import io.recvalue.valuation.output.ValueLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the interaction features can tell about the values of a run: the Pearson correlation of each
 * interaction's value with its two validation alignments (recomputed here from the run's tables:
 * e_ui · Σ_v e_uv · (y_i·y_v) through the user's validation ratings, e_ui · Σ_w e_wi · (x_u·x_w)
 * through the item's) and with its residual e_ui, and how heavy the values' tails are (quantiles and
 * the share of the sum of squares held by the largest 1 %).
 *
 *   java --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
 *     -cp "deploy/target/recvalue.jar:$(cat deploy/target/spark-classpath.txt)" \
 *     deploy/bench/AlignmentCorrelation.java RUN_DIR
 *
 * RUN_DIR is the output folder of a run that valued the interactions (value/interactions,
 * ingest/validation, train/{user,item}_factors).
 */
public class AlignmentCorrelation {
  private static final String DOT = "aggregate(zip_with(%s, %s, (p, q) -> p * q), 0D, (s, t) -> s + t)";

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: AlignmentCorrelation RUN_DIR");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("alignment-correlation")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    String run = args[0];
    Dataset<Row> users = spark.read().parquet(run + "/train/user_factors").select(col("user_idx"), col("factors").as("x"));
    Dataset<Row> items = spark.read().parquet(run + "/train/item_factors").select(col("item_idx"), col("factors").as("y"));
    Dataset<Row> train = spark.read().parquet(ValueLayout.table(run, ValueLayout.INTERACTIONS))
        .join(users, "user_idx").join(items, "item_idx")
        .withColumn("e", col("rating").minus(expr(String.format(DOT, "x", "y"))));
    Dataset<Row> held = spark.read().parquet(run + "/ingest/validation")
        .select(col("user_idx").as("vu"), col("item_idx").as("vi"), col("rating").as("vr"))
        .join(users.withColumnRenamed("user_idx", "vu").withColumnRenamed("x", "vx"), "vu")
        .join(items.withColumnRenamed("item_idx", "vi").withColumnRenamed("y", "vy"), "vi")
        .withColumn("ev", col("vr").minus(expr(String.format(DOT, "vx", "vy"))));
    Dataset<Row> throughUser = train.join(held, col("user_idx").equalTo(col("vu"))).groupBy("user_idx", "item_idx")
        .agg(sum(col("e").multiply(col("ev")).multiply(expr(String.format(DOT, "y", "vy")))).as("user_side"));
    Dataset<Row> throughItem = train.join(held, col("item_idx").equalTo(col("vi"))).groupBy("user_idx", "item_idx")
        .agg(sum(col("e").multiply(col("ev")).multiply(expr(String.format(DOT, "x", "vx")))).as("item_side"));
    Dataset<Row> all = train.join(throughUser, new String[] {"user_idx", "item_idx"}, "left_outer")
        .join(throughItem, new String[] {"user_idx", "item_idx"}, "left_outer")
        .na().fill(0.0, new String[] {"user_side", "item_side"})
        .withColumn("sq", col("value").multiply(col("value"))).cache();
    long n = all.count();
    System.out.printf("interactions %d, validation ratings %d%n", n, held.count());
    for (String c : new String[] {"user_side", "item_side", "e"}) {
      System.out.printf("pearson(value, %s) = %.4f%n", c, all.agg(corr(col("value"), col(c))).first().getDouble(0));
    }
    Row q = all.agg(expr("percentile_approx(value, array(0.001, 0.01, 0.5, 0.99, 0.999), 10000)"),
        stddev(col("value")), max(abs(col("value")))).first();
    System.out.printf("value quantiles 0.1/1/50/99/99.9 %%: %s, sd %.3e, max |value| %.3e%n", q.getList(0),
        q.getDouble(1), q.getDouble(2));
    double total = all.agg(sum("sq")).first().getDouble(0);
    double top = all.orderBy(col("sq").desc()).limit((int) Math.max(1, n / 100)).agg(sum("sq")).first().getDouble(0);
    System.out.printf("largest 1 %% of |value| hold %.3f of the sum of squares%n", top / total);
    spark.stop();
  }
}
