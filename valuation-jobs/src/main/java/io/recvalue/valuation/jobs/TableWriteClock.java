package io.recvalue.valuation.jobs;

import io.recvalue.core.run.Console;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Progress of a stage's table writing: told the name of each table as its writing starts, it prints a
 * console line naming it (and how long the one before took) and keeps each table's seconds for the
 * manifest ({@link #seconds()}). At 10⁸ rows the writing takes many minutes; this says where they go.
 */
final class TableWriteClock implements Consumer<String> {
  private final Console console;
  private final String stage;
  private final String folder;
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private String current;
  private long started;

  TableWriteClock(Console console, String stage, String folder) {
    this.console = console;
    this.stage = stage;
    this.folder = folder;
  }

  /** The writing of {@code table} starts (the previous table's is done). */
  @Override
  public void accept(String table) {
    String previous = current;
    double took = stop();
    if (previous == null) {
      console.progress(stage, "writing %s/%s", folder, table);
    } else {
      console.progress(stage, "writing %s/%s (%s took %.1f s)", folder, table, previous, took);
    }
    current = table;
    started = System.nanoTime();
  }

  /** The last table is written. */
  void finish() {
    String last = current;
    double took = stop();
    if (last != null) {
      console.progress(stage, "wrote %s/%s in %.1f s", folder, last, took);
    }
  }

  /** Seconds per table, in the order written. */
  Map<String, Double> seconds() {
    return seconds;
  }

  private double stop() {
    if (current == null) {
      return 0;
    }
    double took = (System.nanoTime() - started) / 1e9;
    seconds.put(current, took);
    current = null;
    return took;
  }
}
