package io.recvalue.explain.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;

import io.recvalue.core.config.RecvalueConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Optional item metadata: a CSV with a header (gzip'd is fine), one row per item, with the item id
 * as in the interaction log, an optional year column, an optional title column and an optional
 * genres/tags column whose values are separated by {@code separator} (MovieTweetings:
 * {@code item_id,imdb_id,title,year,genres} with {@code Drama|War}). Read as {@code item_id string,
 * title string, year double (null when absent or not a number), genres array<string>}.
 *
 * @param path where the CSV is
 * @param itemCol the item id column
 * @param yearCol the year column, empty for none
 * @param titleCol the title column, empty for none
 * @param genresCol the genres/tags column, empty for none
 * @param separator what separates genres within the column
 * @param maxGenres how many of the most frequent genres become indicator features
 */
public record ItemMetadata(
    String path, String itemCol, String yearCol, String titleCol, String genresCol, String separator, int maxGenres) {
  public static final String ITEM_ID = "item_id";
  public static final String TITLE = "title";
  public static final String YEAR = "year";
  public static final String GENRES = "genres";

  /** The metadata table; fails naming the column when a configured column is missing. */
  public Dataset<Row> read(SparkSession spark) {
    Dataset<Row> raw = spark.read().option("header", "true").csv(path);
    List<String> columns = Arrays.asList(raw.columns());
    for (String c : List.of(itemCol, yearCol, titleCol, genresCol)) {
      if (!c.isEmpty() && !columns.contains(c)) {
        throw new IllegalArgumentException("item metadata " + path + " has no column '" + c
            + "' (columns: " + String.join(", ", columns) + ")");
      }
    }
    Column title = titleCol.isEmpty() ? lit(null).cast("string") : col(titleCol).cast("string");
    Column year = yearCol.isEmpty() ? lit(null).cast("double") : col(yearCol).cast("double");
    Column genres = genresCol.isEmpty()
        ? lit(null).cast("array<string>")
        : transform(split(col(genresCol), Pattern.quote(separator)), g -> trim(g));
    return raw.select(trim(col(itemCol)).as(ITEM_ID), title.as(TITLE), year.as(YEAR), genres.as(GENRES))
        .dropDuplicates(ITEM_ID);
  }

  /** The {@code maxGenres} genres carried by most of the given items (ties by name). */
  public static List<String> topGenres(Dataset<Row> metadataOfItems, int maxGenres) {
    if (maxGenres == 0) {
      return List.of();
    }
    return metadataOfItems.select(explode(col(GENRES)).as("g"))
        .select(trim(col("g")).as("g")).filter(col("g").notEqual(""))
        .groupBy("g").count()
        .orderBy(col("count").desc(), col("g"))
        .limit(maxGenres)
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toList());
  }

  /** Feature name of a genre indicator: {@code genre_} and the genre in lower case, [a-z0-9_] only. */
  public static String featureName(String genre) {
    return "genre_" + genre.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  /** Metadata is configured when its path is not empty. */
  public static Optional<ItemMetadata> optional(String path, String itemCol, String yearCol, String titleCol,
      String genresCol, String separator, int maxGenres) {
    return path.isEmpty() ? Optional.empty()
        : Optional.of(new ItemMetadata(path, itemCol, yearCol, titleCol, genresCol, separator, maxGenres));
  }

  /**
   * The metadata as configured by {@code explain.*}, validated (an item column, a genre separator when
   * there is a genres column); empty when {@code explain.item-metadata} is.
   */
  public static Optional<ItemMetadata> fromConfig(RecvalueConfig c) {
    Optional<ItemMetadata> metadata = optional(c.getString("explain.item-metadata"),
        c.getString("explain.metadata-item-col"), c.getString("explain.metadata-year-col"),
        c.getString("explain.metadata-title-col"), c.getString("explain.metadata-genres-col"),
        c.getString("explain.metadata-genres-separator"), c.getInt("explain.max-genres"));
    if (metadata.isPresent() && metadata.get().itemCol().isEmpty()) {
      throw new IllegalArgumentException("explain.metadata-item-col must name the item id column");
    }
    if (metadata.isPresent() && metadata.get().genresCol().length() > 0 && metadata.get().separator().isEmpty()) {
      throw new IllegalArgumentException("explain.metadata-genres-separator must not be empty");
    }
    return metadata;
  }

  /** This metadata with a relative path read from the input log's folder, when there is an input. */
  public ItemMetadata resolvedAgainst(Optional<String> input) {
    Path p = new Path(path);
    if (p.isAbsolute() || p.toUri().getScheme() != null || input.isEmpty()) {
      return this;
    }
    Path inputFolder = new Path(input.get()).getParent();
    String resolved = inputFolder == null ? path : new Path(inputFolder, p).toString();
    return new ItemMetadata(resolved, itemCol, yearCol, titleCol, genresCol, separator, maxGenres);
  }
}
