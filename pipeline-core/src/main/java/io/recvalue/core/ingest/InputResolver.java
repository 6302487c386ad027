package io.recvalue.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * Turns the input path into the exact list of data files to read and their format, before Spark is
 * asked to read anything, so that a missing, unreadable or empty input fails with a plain message.
 *
 * <p>The path is any Hadoop file system URI or plain path, and may be a glob. A directory is listed
 * recursively; names starting with {@code _} or {@code .} ({@code _SUCCESS}, {@code .crc}) are skipped,
 * as Spark does. With format {@code auto} each file's format comes from its extension
 * ({@code .parquet}, {@code .parq} → Parquet; {@code .csv}, {@code .tsv}, {@code .txt}, optionally
 * followed by {@code .gz}/{@code .bz2}/... → CSV) and, failing that, from its first bytes (the Parquet
 * magic {@code PAR1}, else CSV). A mix of formats is an error.
 */
final class InputResolver {
  private InputResolver() {}

  /** The data files of an input and how to read them. */
  record ResolvedInput(String path, InputFormat format, List<String> files) {
    /** How the input is named in messages: the file, or the path, the file count and the first file. */
    String describe() {
      return files.size() == 1
          ? "'" + files.get(0) + "'"
          : "'" + path + "' (" + files.size() + " files, first '" + files.get(0) + "')";
    }
  }

  static ResolvedInput resolve(SparkSession spark, String inputPath, InputFormat requested) {
    return resolve(spark, inputPath, requested, TrailingWindow.NONE);
  }

  /** As {@link #resolve(SparkSession, String, InputFormat)}, keeping only the files of a trailing window. */
  static ResolvedInput resolve(SparkSession spark, String inputPath, InputFormat requested, TrailingWindow window) {
    Configuration conf = spark.sessionState().newHadoopConf();
    try {
      Path path = new Path(inputPath);
      FileSystem fs = path.getFileSystem(conf);
      List<FileStatus> files = window.select(fs.makeQualified(path), listDataFiles(fs, path, inputPath), inputPath);
      long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
      if (bytes == 0) {
        throw IngestException.badInput("input '" + inputPath + "' is empty: " + files.size()
            + " file(s) of 0 bytes, no header and no rows");
      }
      InputFormat format = requested == InputFormat.AUTO ? detect(fs, files, inputPath) : requested;
      List<String> names = new ArrayList<>();
      for (FileStatus f : files) {
        names.add(f.getPath().toString());
      }
      return new ResolvedInput(inputPath, format, List.copyOf(names));
    } catch (IOException | IllegalArgumentException e) {
      throw IngestException.badInput("cannot read input '" + inputPath + "': " + e, e);
    }
  }

  private static List<FileStatus> listDataFiles(FileSystem fs, Path path, String inputPath)
      throws IOException {
    FileStatus[] matches = fs.globStatus(path);
    if (matches == null || matches.length == 0) {
      throw IngestException.badInput("input path '" + inputPath + "' does not exist");
    }
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus m : matches) {
      if (m.isFile()) {
        files.add(m);
        continue;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        if (!hidden(m.getPath(), f.getPath())) {
          files.add(f);
        }
      }
    }
    if (files.isEmpty()) {
      throw IngestException.badInput("input path '" + inputPath + "' contains no data files"
          + " (names starting with '_' or '.' are skipped)");
    }
    files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
    return files;
  }

  /** Whether any path component below {@code root} starts with {@code _} or {@code .}. */
  private static boolean hidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String n = p.getName();
      if (n.startsWith("_") || n.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static InputFormat detect(FileSystem fs, List<FileStatus> files, String inputPath)
      throws IOException {
    Map<InputFormat, String> seen = new EnumMap<>(InputFormat.class);
    for (FileStatus f : files) {
      seen.putIfAbsent(detectOne(fs, f), f.getPath().toString());
    }
    if (seen.size() > 1) {
      throw IngestException.badInput("input '" + inputPath + "' mixes Parquet and CSV files, e.g. '"
          + seen.get(InputFormat.PARQUET) + "' and '" + seen.get(InputFormat.CSV)
          + "'; point it at one format or set the format explicitly");
    }
    return seen.keySet().iterator().next();
  }

  private static InputFormat detectOne(FileSystem fs, FileStatus f) throws IOException {
    String name = f.getPath().getName().toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet") || name.endsWith(".parq")) {
      return InputFormat.PARQUET;
    }
    if (name.matches(".*\\.(csv|tsv|txt)(\\.(gz|bz2|deflate|lz4|snappy|zst))?")) {
      return InputFormat.CSV;
    }
    byte[] head = new byte[4];
    int n = 0;
    try (InputStream in = fs.open(f.getPath())) {
      while (n < 4) {
        int r = in.read(head, n, 4 - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    boolean parquet = n == 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1';
    return parquet ? InputFormat.PARQUET : InputFormat.CSV;
  }
}
