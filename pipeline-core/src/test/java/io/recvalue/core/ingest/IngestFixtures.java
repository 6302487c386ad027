package io.recvalue.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.testing.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Small helpers shared by the ingest tests: write a log, run the stage, read what it wrote. */
final class IngestFixtures {
  private IngestFixtures() {}

  static SparkSession spark() {
    return SparkTestSession.get();
  }

  /** Writes {@code lines} (joined by newlines) to {@code dir/name}. */
  static Path csv(Path dir, String name, String... lines) {
    try {
      Path p = dir.resolve(name);
      Files.writeString(p, lines.length == 0 ? "" : String.join("\n", lines) + "\n",
          StandardCharsets.UTF_8);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static IngestResult run(IngestSettings s, Path input, Path out) {
    return Ingestor.run(spark(), s, input.toString(), out.toString());
  }

  /** Runs the stage expecting it to fail; returns the exception after checking its category. */
  static IngestException fails(IngestSettings s, Path input, Path out) {
    IngestException e = assertThrows(IngestException.class, () -> run(s, input, out));
    assertEquals(IngestException.Category.BAD_INPUT, e.category());
    return e;
  }

  /** The published quarantine table. */
  static Dataset<Row> quarantine(Path out) {
    return spark().read().parquet(out.resolve("ingest/quarantine").toString());
  }

  /** A table of a complete run, {@code ingest/<name>}. */
  static Dataset<Row> readTable(Path out, String name) {
    return spark().read().parquet(out.resolve("ingest").resolve(name).toString());
  }

  /** The quarantine a refused run published under {@code ingest_rejected/}. */
  static Dataset<Row> rejectedQuarantine(Path out) {
    return spark().read().parquet(out.resolve("ingest_rejected/quarantine").toString());
  }

  /** {@code reason → detail} of the quarantine rows, keyed also by the user id for lookups. */
  static Map<String, String> detailByUser(Path out, String userColumn) {
    Map<String, String> m = new HashMap<>();
    for (Row r : quarantine(out).collectAsList()) {
      m.put(r.getAs(userColumn), r.getAs("reason") + ": " + r.getAs("detail"));
    }
    return m;
  }

  /** Every row read is quarantined, merged, removed by k-core or kept — and the outputs agree. */
  static void assertBooksBalance(IngestResult r, long expectedRead) {
    IngestCounts c = r.counts();
    assertEquals(expectedRead, c.rowsRead(), "rows read");
    assertEquals(c.rowsRead(),
        c.rowsQuarantined() + c.duplicateRowsMerged() + c.kcoreRowsRemoved() + c.rowsKept(),
        "rows read = quarantined + merged + k-core removed + kept: " + c);
    assertEquals(c.rowsQuarantined(), quarantine(Path.of(r.outputDir()).getParent()).count(),
        "quarantine table rows");
    assertEquals(c.rowsKept(), r.train().count() + r.validation().count() + r.test().count(),
        "kept = train + validation + test");
    assertEquals(c.users(), r.userIndex().count());
    assertEquals(c.items(), r.itemIndex().count());
    assertTrue(Files.exists(Path.of(r.outputDir()).resolve("_SUCCESS")), "_SUCCESS marker");
  }

  /** Rows of a dataset as sorted strings, for comparisons independent of row order. */
  static List<String> sortedRows(Dataset<Row> d) {
    return d.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
