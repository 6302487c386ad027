package io.recvalue.explain.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** A small builder of the self-contained report page: escaped text, tables, embedded PNG images. */
final class Html {
  private final StringBuilder sb = new StringBuilder();

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static String number(Object v) {
    if (v == null) {
      return "–";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "NaN";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "∞" : "−∞";
      }
      double a = Math.abs(d);
      return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.3e", d)
          : String.format(Locale.ROOT, "%.4f", d);
    }
    if (v instanceof Number) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    return escape(String.valueOf(v));
  }

  /**
   * A number in at most four significant digits without trailing zeros ({@code 2013}, {@code 0.7141},
   * {@code -154.8}, {@code 1.2e-05}): short enough for a chart label; other values as {@link #number}.
   */
  static String compact(Object v) {
    if (!(v instanceof Double || v instanceof Float)) {
      return number(v);
    }
    double d = ((Number) v).doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return number(v);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e6) {
      return String.format(Locale.ROOT, "%d", (long) d);
    }
    String g = String.format(Locale.ROOT, "%.4g", d);
    int e = g.indexOf('e');
    String mantissa = e < 0 ? g : g.substring(0, e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return e < 0 ? mantissa : mantissa + g.substring(e);
  }

  Html raw(String s) {
    sb.append(s);
    return this;
  }

  Html open(String id, String title) {
    sb.append("<section id=\"").append(escape(id)).append("\">\n<h2>").append(escape(title)).append("</h2>\n");
    return this;
  }

  Html close() {
    sb.append("</section>\n");
    return this;
  }

  Html h3(String text) {
    sb.append("<h3>").append(escape(text)).append("</h3>\n");
    return this;
  }

  Html p(String text) {
    sb.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  Html note(String text) {
    sb.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
    return this;
  }

  Html warning(String text) {
    sb.append("<p class=\"warning\">").append(escape(text)).append("</p>\n");
    return this;
  }

  Html image(byte[] png, String alt) {
    sb.append("<img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    return this;
  }

  /** A table; cells are formatted with {@link #number} (numbers) or escaped (text). */
  Html table(List<String> header, List<List<Object>> rows) {
    sb.append("<table>\n<tr>");
    header.forEach(h -> sb.append("<th>").append(escape(h)).append("</th>"));
    sb.append("</tr>\n");
    for (List<Object> r : rows) {
      sb.append("<tr>");
      r.forEach(c -> sb.append(c instanceof Number ? "<td class=\"num\">" : "<td>").append(number(c)).append("</td>"));
      sb.append("</tr>\n");
    }
    sb.append("</table>\n");
    return this;
  }

  String page(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
        + "</title>\n<style>\n"
        + "body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}\n"
        + "h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}\n"
        + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;font-size:.9em}\n"
        + "th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
        + ".note{color:#666;font-style:italic}.warning{background:#fff3cd;border:1px solid #e0c36a;padding:.5em}\n"
        + "img{max-width:100%;display:block;margin:.5em 0}.item{border-left:3px solid #2b8cbe;padding-left:1em;margin:1.5em 0}\n"
        + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + sb + "</body>\n</html>\n";
  }
}
