package io.recvalue.valuation.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.run.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableWriteClockTest {
  @Test
  void namesEachTableAndTimesTheOneBefore() throws InterruptedException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream progress = new PrintStream(err, true, StandardCharsets.UTF_8);
    TableWriteClock clock = new TableWriteClock(new Console(progress, progress), "value", "value");
    clock.accept("interactions");
    Thread.sleep(60);
    clock.accept("items");
    clock.finish();
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("[value] writing value/interactions", lines.get(0));
    assertTrue(lines.get(1).matches("\\[value\\] writing value/items \\(interactions took \\d+\\.\\d s\\)"), lines.get(1));
    assertTrue(lines.get(2).matches("\\[value\\] wrote value/items in \\d+\\.\\d s"), lines.get(2));
    assertEquals(List.of("interactions", "items"), List.copyOf(clock.seconds().keySet()));
    assertTrue(clock.seconds().get("interactions") >= 0.06, "the slept 60 ms are counted: " + clock.seconds());
    assertTrue(clock.seconds().get("items") < clock.seconds().get("interactions"), clock.seconds().toString());
  }

  @Test
  void finishingWithoutATablePrintsNothing() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream progress = new PrintStream(err, true, StandardCharsets.UTF_8);
    TableWriteClock clock = new TableWriteClock(new Console(progress, progress), "value", "value");
    clock.finish();
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    assertTrue(clock.seconds().isEmpty());
  }
}
