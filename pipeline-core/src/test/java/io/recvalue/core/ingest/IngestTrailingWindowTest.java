package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recvalue.core.testing.SparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trailing window reads exactly the {@code date=} partitions of the last N days up to the run's
 * date, and says precisely why when it cannot.
 */
@SparkTest
class IngestTrailingWindowTest {
  private static final LocalDate END = LocalDate.parse("2026-11-22");

  /** One user per day (u1 on 2026-11-18 … u5 on 2026-11-22), three ratings each. */
  private static Path partitionedLog(Path dir) throws IOException {
    Path log = dir.resolve("log");
    for (int d = 0; d < 5; d++) {
      LocalDate day = END.minusDays(4 - d);
      Path part = Files.createDirectories(log.resolve("date=" + day));
      String user = "u" + (d + 1);
      IngestFixtures.csv(part, "part-0.csv", "user_id,item_id,rating",
          user + ",i1,3", user + ",i2,4", user + ",i3,5");
    }
    return log;
  }

  private static IngestSettings settings() {
    return IngestSettings.builder().timestampColumn("").duplicatePolicy(DuplicatePolicy.MEAN).testPerUser(0).validationPerUser(0).build();
  }

  @Test
  void readsOnlyTheDaysOfTheWindow(@TempDir Path dir) throws IOException {
    Path log = partitionedLog(dir);
    Path out = dir.resolve("out");
    IngestResult r = Ingestor.run(IngestFixtures.spark(), settings(), new TrailingWindow(2, "date", END),
        log.toString(), out.toString());
    assertEquals(6, r.counts().rowsRead(), "two days of three rows");
    List<String> users = IngestFixtures.readTable(out, "user_index").collectAsList().stream()
        .map(row -> row.getAs("user_id").toString()).sorted().collect(Collectors.toList());
    assertEquals(List.of("u4", "u5"), users);

    IngestResult whole = Ingestor.run(IngestFixtures.spark(), settings(), TrailingWindow.NONE,
        log.toString(), dir.resolve("whole").toString());
    assertEquals(15, whole.counts().rowsRead(), "no window: every day");
  }

  @Test
  void aWindowEndingInThePastReproducesThatDay(@TempDir Path dir) throws IOException {
    Path log = partitionedLog(dir);
    IngestResult r = Ingestor.run(IngestFixtures.spark(), settings(),
        new TrailingWindow(1, "date", END.minusDays(3)), log.toString(), dir.resolve("out").toString());
    assertEquals(3, r.counts().rowsRead());
    Row only = IngestFixtures.readTable(dir.resolve("out"), "user_index").first();
    assertEquals("u2", only.getAs("user_id").toString());
  }

  @Test
  void aWindowWithNoPartitionNamesTheWindowAndTheDaysThereAre(@TempDir Path dir) throws IOException {
    Path log = partitionedLog(dir);
    IngestException e = assertThrows(IngestException.class, () -> Ingestor.run(IngestFixtures.spark(), settings(),
        new TrailingWindow(3, "date", LocalDate.parse("2026-12-31")), log.toString(), dir.resolve("out").toString()));
    assertEquals("input '" + log + "' has no date= partition in the 3-day window 2026-12-29 .. 2026-12-31"
        + " (run.date); it has [2026-11-18, 2026-11-19, 2026-11-20, 2026-11-21, 2026-11-22]", e.getMessage());
    assertEquals(IngestException.Category.BAD_INPUT, e.category());
    assertEquals(false, Files.exists(dir.resolve("out/ingest")), "nothing written");
  }

  @Test
  void aFileOutsideThePartitionsIsNamed(@TempDir Path dir) throws IOException {
    Path log = partitionedLog(dir);
    Path stray = IngestFixtures.csv(log, "late.csv", "user_id,item_id,rating", "u9,i1,1");
    IngestException e = assertThrows(IngestException.class, () -> Ingestor.run(IngestFixtures.spark(), settings(),
        new TrailingWindow(2, "date", END), log.toString(), dir.resolve("out").toString()));
    assertEquals("input.window-days = 2 needs every file of '" + log + "' under a date=YYYY-MM-DD folder, but '"
        + stray.toUri().toString().replaceFirst("^file:///", "file:/") + "' is not", e.getMessage());
  }

  @Test
  void aPartitionThatIsNotADateIsNamed(@TempDir Path dir) throws IOException {
    Path log = partitionedLog(dir);
    Path odd = Files.createDirectories(log.resolve("date=yesterday"));
    IngestFixtures.csv(odd, "part-0.csv", "user_id,item_id,rating", "u9,i1,1");
    IngestException e = assertThrows(IngestException.class, () -> Ingestor.run(IngestFixtures.spark(), settings(),
        new TrailingWindow(2, "date", END), log.toString(), dir.resolve("out").toString()));
    assertEquals("partition folder '" + odd.toUri().toString().replaceFirst("^file:///", "file:/").replaceAll("/$", "")
        + "' of the input is not date=YYYY-MM-DD, so input.window-days cannot place it", e.getMessage());
  }

  @Test
  void windowArithmetic() {
    TrailingWindow w = new TrailingWindow(7, "date", END);
    assertEquals(LocalDate.parse("2026-11-16"), w.start());
    assertEquals(true, w.contains(LocalDate.parse("2026-11-16")));
    assertEquals(false, w.contains(LocalDate.parse("2026-11-15")));
    assertEquals(false, w.contains(LocalDate.parse("2026-11-23")));
    assertEquals("7 days 2026-11-16 .. 2026-11-22 (date= partitions)", w.describe());
    assertThrows(IllegalArgumentException.class, () -> new TrailingWindow(-1, "date", END));
  }
}
