package io.recvalue.explain.user;

import static io.recvalue.core.data.InteractionColumns.USER_ID;
import static io.recvalue.core.data.InteractionColumns.USER_IDX;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;

import io.recvalue.core.config.ConfigException;
import io.recvalue.core.seed.Seeds;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The users whose recommendations are explained, as a table of {@code user_idx}: the ids named
 * ({@code explain-user.users}), the ids in a file ({@code explain-user.users-file}), or a sample of
 * {@code explain-user.sample} users with training interactions, those with the smallest
 * {@code Seeds.uniform(root, "explain-user.sample", user_idx)} (the same users on any partitioning).
 * Ids that are not in the run, or users without training events, fail naming them.
 */
final class UserChoice {
  private UserChoice() {}

  static Dataset<Row> of(SparkSession spark, ExplainUserSettings s, Dataset<Row> userIndex, Dataset<Row> train,
      String userIndexPath) {
    Dataset<Row> trained = train.select(USER_IDX).distinct();
    if (s.sampled()) {
      long root = s.estimation().rootSeed();
      List<Integer> chosen = trained.javaRDD().map(r -> r.getInt(0))
          .takeOrdered(s.sample(), new BySeed(root));
      return spark.createDataset(chosen, Encoders.INT()).toDF(USER_IDX);
    }
    String key;
    Dataset<Row> ids;
    if (!s.users().isEmpty()) {
      key = "explain-user.users";
      ids = spark.createDataset(s.users(), Encoders.STRING()).toDF(USER_ID);
    } else {
      key = "explain-user.users-file";
      ids = spark.read().textFile(s.usersFile().get()).select(trim(col("value")).as(USER_ID))
          .filter(col(USER_ID).notEqual("").and(col(USER_ID).startsWith("#").unary_$bang())).distinct();
    }
    Dataset<Row> index = userIndex.select(col(USER_IDX), col(USER_ID).cast("string").as(USER_ID));
    List<String> unknown = ids.join(index, ids.col(USER_ID).equalTo(index.col(USER_ID)), "left_anti")
        .limit(6).collectAsList().stream().map(r -> r.getString(0)).sorted().collect(Collectors.toList());
    if (!unknown.isEmpty()) {
      throw new ConfigException(key + ": no " + quoted(unknown) + " in the run's user index (" + userIndexPath + ")");
    }
    Dataset<Row> chosen = ids.join(index, USER_ID).select(USER_IDX);
    List<String> untrained = chosen.join(trained, chosen.col(USER_IDX).equalTo(trained.col(USER_IDX)), "left_anti")
        .join(index, USER_IDX).select(USER_ID).limit(6).collectAsList().stream().map(r -> r.getString(0)).sorted()
        .collect(Collectors.toList());
    if (!untrained.isEmpty()) {
      throw new ConfigException(key + ": no training interactions to explain by for " + quoted(untrained));
    }
    return chosen;
  }

  /** Up to five ids, quoted, and "..." when there are more. */
  static String quoted(List<String> ids) {
    String shown = ids.stream().limit(5).map(i -> "'" + i + "'").collect(Collectors.joining(", "));
    return (ids.size() == 1 ? "user " : "users ") + shown + (ids.size() > 5 ? ", ..." : "");
  }

  /** Users in the order of their seeded uniform draw (ties by index). */
  private record BySeed(long root) implements Comparator<Integer>, java.io.Serializable {
    @Override
    public int compare(Integer a, Integer b) {
      int c = Double.compare(Seeds.uniform(root, "explain-user.sample", a), Seeds.uniform(root, "explain-user.sample", b));
      return c != 0 ? c : Integer.compare(a, b);
    }
  }
}
