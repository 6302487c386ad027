package io.recvalue.core.ingest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The last {@code days} days of a date-partitioned log, ending on the run's date (inclusive): a log
 * laid out as {@code <input>/<column>=YYYY-MM-DD/...} (Hive style, as Spark's
 * {@code partitionBy("date")} writes it) is read only from the partitions from {@code end - days + 1}
 * to {@code end}. The selection happens on the file listing, before anything is read, so the other
 * days cost nothing.
 *
 * <p>With the window on, every data file of the input must lie under such a folder: a file elsewhere
 * is an error naming it (it would otherwise be silently dropped or silently kept), as is a window
 * that matches no partition (the message lists the dates the log has).
 *
 * @param days the window length in days; 0 turns the window off
 * @param column the partition column's name ({@code date} in {@code date=2026-11-22})
 * @param end the last day of the window (the run's date)
 */
public record TrailingWindow(int days, String column, LocalDate end) {
  /** No window: the whole log. */
  public static final TrailingWindow NONE = new TrailingWindow(0, "date", LocalDate.EPOCH);

  public TrailingWindow {
    if (days < 0) {
      throw new IllegalArgumentException("window days must be >= 0, got " + days);
    }
    if (days > 0 && (column == null || column.isBlank())) {
      throw new IllegalArgumentException("a trailing window needs the name of the date partition column");
    }
  }

  public boolean enabled() {
    return days > 0;
  }

  /** The first day of the window. */
  public LocalDate start() {
    return end.minusDays(days - 1L);
  }

  /** Whether a day falls inside the window. */
  public boolean contains(LocalDate day) {
    return !day.isBefore(start()) && !day.isAfter(end);
  }

  /** The date of the partition folder between {@code root} and {@code file}, if there is one. */
  Optional<LocalDate> dateOf(Path root, Path file) {
    String prefix = column + "=";
    for (Path p = file.getParent(); p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith(prefix)) {
        try {
          return Optional.of(LocalDate.parse(name.substring(prefix.length())));
        } catch (DateTimeParseException e) {
          throw IngestException.badInput("partition folder '" + p + "' of the input is not " + column
              + "=YYYY-MM-DD, so input.window-days cannot place it");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The files of the window, in the order given.
   *
   * @param root the folder the files were listed under
   * @param inputPath the input as the user wrote it, for messages
   */
  List<FileStatus> select(Path root, List<FileStatus> files, String inputPath) {
    if (!enabled()) {
      return files;
    }
    List<FileStatus> kept = new ArrayList<>();
    TreeSet<LocalDate> seen = new TreeSet<>();
    for (FileStatus f : files) {
      LocalDate day = dateOf(root, f.getPath()).orElseThrow(() -> IngestException.badInput(
          "input.window-days = " + days + " needs every file of '" + inputPath + "' under a " + column
              + "=YYYY-MM-DD folder, but '" + f.getPath() + "' is not"));
      seen.add(day);
      if (contains(day)) {
        kept.add(f);
      }
    }
    if (kept.isEmpty()) {
      throw IngestException.badInput("input '" + inputPath + "' has no " + column + "= partition in the "
          + days + "-day window " + start() + " .. " + end + " (run.date); it has "
          + (seen.size() <= 6 ? seen.toString() : seen.size() + " days from " + seen.first() + " to " + seen.last()));
    }
    return kept;
  }

  /** The window as recorded in the manifest. */
  public String describe() {
    return enabled() ? days + " days " + start() + " .. " + end + " (" + column + "= partitions)" : "whole log";
  }
}
