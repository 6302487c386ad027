package io.recvalue.core.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields the way ingest reads them (RFC 4180: {@code "} quotes a field,
 * {@code ""} inside quotes is one quote; a field outside quotes loses its leading and trailing
 * blanks — characters up to U+0020, as {@link String#trim()} — and an empty field is missing, i.e.
 * {@code null}). Used where the exact text of a line must be kept and only some fields are needed.
 */
public final class CsvLine {
  private CsvLine() {}

  /** Every field of {@code line}. */
  public static List<String> fields(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == delimiter) {
        out.add(finish(field, wasQuoted));
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '"' && field.toString().trim().isEmpty()) {
        field.setLength(0);
        quoted = true;
        wasQuoted = true;
      } else if (!(wasQuoted && c <= ' ')) {
        field.append(c);
      }
    }
    out.add(finish(field, wasQuoted));
    return out;
  }

  /** Field {@code index} of {@code line}, or null when the line has fewer fields or the field is empty. */
  public static String field(String line, char delimiter, int index) {
    List<String> f = fields(line, delimiter);
    return index < f.size() ? f.get(index) : null;
  }

  private static String finish(StringBuilder field, boolean wasQuoted) {
    String v = wasQuoted ? field.toString() : field.toString().trim();
    return v.isEmpty() ? null : v;
  }
}
