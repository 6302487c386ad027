package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs the stage must refuse, each with the exact message the user sees; and what a refused run
 * leaves behind ({@code ingest_rejected/} with the quarantine and a {@code _FAILED} marker; an earlier
 * complete {@code ingest/} untouched).
 */
@SparkTest
class IngestFailureTest {
  @TempDir Path dir;

  private static final IngestSettings DEFAULTS = IngestSettings.defaults();

  @Test
  void tooManyBadRowsFailsAfterWritingTheQuarantine() throws IOException {
    Path log = IngestFixtures.csv(dir, "bad.csv",
        "user_id,item_id,rating,timestamp",
        "u1,i1,5,100", "u1,i2,4,100", "u2,i1,abc,100", "u2,i2,3,100", "u3,i1,,100");
    Path out = dir.resolve("out");
    IngestException e = IngestFixtures.fails(DEFAULTS, log, out);
    String file = "file:" + log;
    assertEquals("input '" + file + "': 2 of 5 rows (40.00%) are bad, more than"
        + " maxBadFraction=0.01 allows; by reason: missing_rating=1, rating_not_numeric=1; first bad"
        + " row, in '" + inputFileName(log) + "': column 'rating' value 'abc' is not a number"
        + " (rating_not_numeric); row: user_id=u2, item_id=i1, rating=abc, timestamp=100; all bad"
        + " rows are in " + out.resolve("ingest_rejected/quarantine"), e.getMessage());
    assertEquals(2, IngestFixtures.rejectedQuarantine(out).count());
    assertEquals(e.getMessage() + "\n", Files.readString(out.resolve("ingest_rejected/_FAILED")));
    assertFalse(Files.exists(out.resolve("ingest_rejected/_SUCCESS")));
    assertFalse(Files.exists(out.resolve("ingest")));
    assertFalse(IngestLayout.isComplete(IngestFixtures.spark(), out.toString()));
  }

  @Test
  void aRefusedRunLeavesAnEarlierCompleteOutputInPlace() {
    Path good = IngestFixtures.csv(dir, "good.csv", "user_id,item_id,rating,timestamp", "u1,i1,5,1");
    Path bad = IngestFixtures.csv(dir, "bad.csv", "user_id,item_id,rating,timestamp", "u1,i1,x,1");
    Path out = dir.resolve("out");
    IngestFixtures.run(DEFAULTS, good, out);
    assertTrue(IngestLayout.isComplete(IngestFixtures.spark(), out.toString()));
    IngestFixtures.fails(DEFAULTS, bad, out);
    assertTrue(IngestLayout.isComplete(IngestFixtures.spark(), out.toString()), "the good output stays");
    assertEquals(1, IngestFixtures.readTable(out, IngestLayout.TRAIN).count()
        + IngestFixtures.readTable(out, IngestLayout.VALIDATION).count()
        + IngestFixtures.readTable(out, IngestLayout.TEST).count());
    assertEquals(1, IngestFixtures.rejectedQuarantine(out).count());
    IngestFixtures.run(DEFAULTS, good, out);
    assertFalse(Files.exists(out.resolve("ingest_rejected")), "a complete run removes the stale rejection");
  }

  @Test
  void missingColumnListsTheColumnsThatExist() {
    Path log = IngestFixtures.csv(dir, "log.csv", "User_Id,item_id,score,timestamp", "u1,i1,5,1");
    IngestException e = IngestFixtures.fails(DEFAULTS, log, dir.resolve("out"));
    assertEquals("input 'file:" + log + "': column 'user_id' (userColumn) not found (did you mean"
        + " 'User_Id'?); the columns are: User_Id, item_id, score, timestamp", e.getMessage());
    IngestException e2 = IngestFixtures.fails(
        DEFAULTS.toBuilder().userColumn("User_Id").build(), log, dir.resolve("out"));
    assertEquals("input 'file:" + log + "': column 'rating' (ratingColumn) not found; the columns"
        + " are: User_Id, item_id, score, timestamp", e2.getMessage());
  }

  @Test
  void wrongParquetTypes() {
    StructType schema = new StructType()
        .add("user_id", DataTypes.createStructType(List.of(
            DataTypes.createStructField("a", DataTypes.IntegerType, true))))
        .add("item_id", DataTypes.LongType)
        .add("rating", DataTypes.StringType)
        .add("flag", DataTypes.BooleanType)
        .add("timestamp", DataTypes.LongType);
    Path p = writeParquet(schema, RowFactory.create(RowFactory.create(1), 2L, "5", true, 1L));
    String file = "'file:" + onlyPart(p) + "'";
    assertEquals("input " + file + ": column 'user_id' (userColumn) has type struct<a:int>; expected"
        + " a string or an integer (int, long)",
        IngestFixtures.fails(DEFAULTS, p, dir.resolve("out")).getMessage());
    IngestSettings s = DEFAULTS.toBuilder().userColumn("item_id").itemColumn("timestamp")
        .timestampColumn(null).duplicatePolicy(DuplicatePolicy.MEAN).build();
    assertEquals("input " + file + ": column 'rating' (ratingColumn) has type string; expected a"
        + " number (int, long, float, double, decimal)",
        IngestFixtures.fails(s, p, dir.resolve("out")).getMessage());
    assertEquals("input " + file + ": column 'flag' (ratingColumn) has type boolean; expected a"
        + " number (int, long, float, double, decimal)",
        IngestFixtures.fails(s.toBuilder().ratingColumn("flag").build(), p, dir.resolve("out"))
            .getMessage());
  }

  @Test
  void nonexistentPath() {
    Path nope = dir.resolve("nope.csv");
    assertEquals("input path '" + nope + "' does not exist",
        IngestFixtures.fails(DEFAULTS, nope, dir.resolve("out")).getMessage());
    assertFalse(Files.exists(dir.resolve("out/ingest")), "nothing is published before reading");
  }

  @Test
  void emptyInputs() throws IOException {
    Path empty = IngestFixtures.csv(dir, "empty.csv");
    assertEquals("input '" + empty + "' is empty: 1 file(s) of 0 bytes, no header and no rows",
        IngestFixtures.fails(DEFAULTS, empty, dir.resolve("out")).getMessage());

    Path emptyGz = dir.resolve("empty.csv.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(emptyGz))) {
      o.write(new byte[0]);
    }
    assertEquals("input 'file:" + emptyGz + "' is empty: no header and no rows",
        IngestFixtures.fails(DEFAULTS, emptyGz, dir.resolve("out")).getMessage());

    Path emptyDir = Files.createDirectories(dir.resolve("emptydir"));
    IngestFixtures.csv(emptyDir, "_SUCCESS");
    assertEquals("input path '" + emptyDir + "' contains no data files (names starting with '_' or"
        + " '.' are skipped)", IngestFixtures.fails(DEFAULTS, emptyDir, dir.resolve("out"))
            .getMessage());
  }

  @Test
  void headerOnly() {
    Path log = IngestFixtures.csv(dir, "header.csv", "user_id,item_id,rating,timestamp");
    Path out = dir.resolve("out");
    assertEquals("input 'file:" + log + "' has no rows (a header and no data)",
        IngestFixtures.fails(DEFAULTS, log, out).getMessage());
    assertEquals(0, IngestFixtures.rejectedQuarantine(out).count());
    assertTrue(Files.exists(out.resolve("ingest_rejected/_FAILED")));
  }

  @Test
  void noValidRowEvenWhenBadRowsAreTolerated() {
    Path log = IngestFixtures.csv(dir, "log.csv", "user_id,item_id,rating,timestamp",
        "u1,i1,5,never", "u2,i1,5,");
    IngestException e = IngestFixtures.fails(
        DEFAULTS.toBuilder().maxBadFraction(1.0).build(), log, dir.resolve("out"));
    assertEquals("input 'file:" + log + "': none of the 2 rows is valid; by reason:"
        + " missing_timestamp=1, timestamp_unparsable=1; first bad row, in '" + inputFileName(log)
        + "': column 'timestamp' value 'never' is not epoch seconds or an ISO-8601 date-time"
        + " (timestamp_unparsable); row: user_id=u1, item_id=i1, rating=5, timestamp=never; all bad"
        + " rows are in " + dir.resolve("out/ingest_rejected/quarantine"), e.getMessage());
  }

  @Test
  void nothingLeftAfterKCore() {
    Path log = IngestFixtures.csv(dir, "log.csv", "user_id,item_id,rating,timestamp",
        "u1,i1,5,1", "u1,i2,5,2", "u2,i1,5,3");
    IngestException e = IngestFixtures.fails(
        DEFAULTS.toBuilder().kcore(2).build(), log, dir.resolve("out"));
    assertEquals("input 'file:" + log + "': no rows left after the 2-core filter (kcore=2), which"
        + " removed all 3 interactions in 2 passes", e.getMessage());
  }

  @Test
  void mixedFormatsInOneDirectory() {
    Path mixed = dir.resolve("mixed");
    writeParquetTo(mixed.resolve("a"), new StructType().add("user_id", DataTypes.StringType),
        RowFactory.create("u"));
    IngestFixtures.csv(mixed, "b.csv", "user_id", "u");
    IngestException e = IngestFixtures.fails(DEFAULTS, mixed, dir.resolve("out"));
    assertTrue(e.getMessage().startsWith("input '" + mixed + "' mixes Parquet and CSV files, e.g."),
        e.getMessage());
  }

  /** How messages spell a local file (Hadoop's form of the URI). */
  private static String inputFileName(Path p) {
    return "file:" + p;
  }

  private Path writeParquet(StructType schema, Row... rows) {
    return writeParquetTo(dir.resolve("log.parquet"), schema, rows);
  }

  private static Path writeParquetTo(Path p, StructType schema, Row... rows) {
    IngestFixtures.spark().createDataFrame(List.of(rows), schema).coalesce(1)
        .write().parquet(p.toString());
    return p;
  }

  private static Path onlyPart(Path parquetDir) {
    try (Stream<Path> s = Files.list(parquetDir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
