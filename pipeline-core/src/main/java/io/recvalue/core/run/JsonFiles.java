package io.recvalue.core.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The small JSON files of a run folder ({@code manifest.json}, {@code _RUN_STATUS.json}) on any Hadoop
 * filesystem: written to a hidden file and renamed into place, so a reader never sees half a file.
 */
final class JsonFiles {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  /** Writes {@code value} as {@code dir/name}, creating the folder. */
  static void write(String dir, String name, Object value, Configuration hadoopConf) throws IOException {
    Path folder = new Path(dir);
    FileSystem fs = folder.getFileSystem(hadoopConf);
    fs.mkdirs(folder);
    Path tmp = new Path(folder, "." + name + ".tmp");
    Path target = new Path(folder, name);
    try (OutputStream os = fs.create(tmp, true)) {
      JSON.writeValue(os, value);
    }
    fs.delete(target, false);
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }

  /** Reads {@code dir/name} as a JSON object; empty when there is no such file. */
  static Map<String, Object> read(String dir, String name, Configuration hadoopConf) throws IOException {
    Path file = new Path(dir, name);
    FileSystem fs = file.getFileSystem(hadoopConf);
    if (!fs.exists(file)) {
      return Map.of();
    }
    try (InputStream in = fs.open(file)) {
      return JSON.readValue(in, new TypeReference<Map<String, Object>>() {});
    }
  }
}
