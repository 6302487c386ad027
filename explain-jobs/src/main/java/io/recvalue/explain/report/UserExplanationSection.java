package io.recvalue.explain.report;

import static org.apache.spark.sql.functions.col;

import io.recvalue.core.chart.Charts;
import io.recvalue.explain.user.ExplainUserSchemas;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's section on explained recommendations ({@code explain-user/}): per user and
 * recommended item, its title, rank and score, a bar chart of the events' Shapley values with ±1 SE
 * whiskers (newest event first; the grouped older history as one bar), the smallest counterfactual set,
 * and a table of the events with their titles, genres, ratings, attributions, Hu–Koren–Volinsky shares,
 * leave-one-out drops and own data values.
 */
final class UserExplanationSection {
  static final String ID = "explained-users";
  private static final int MAX_USERS = 10;
  private static final int MAX_EVENTS = 25;

  private final RunFolder run;
  private final Html html;

  UserExplanationSection(RunFolder run, Html html) {
    this.run = run;
    this.html = html;
  }

  void render() throws IOException {
    html.open(ID, "Why these recommendations: each user's past events");
    String base = ExplainUserSchemas.STAGE + "/";
    Optional<Dataset<Row>> recs = run.table(base + ExplainUserSchemas.RECOMMENDATIONS);
    Optional<Dataset<Row>> events = run.table(base + ExplainUserSchemas.EVENTS);
    if (recs.isEmpty() || events.isEmpty()) {
      html.note("No explain-user output in this run folder: run 'recvalue explain-user --output DIR --user U' (run and"
          + " demo explain a seeded sample of users) to see which past events drive a user's recommendations.");
      html.close();
      return;
    }
    List<Row> all = recs.get().orderBy(col("user_id"), col(ExplainUserSchemas.RANK)).collectAsList();
    List<String> users = all.stream().map(r -> r.<String>getAs("user_id")).distinct().collect(Collectors.toList());
    html.p("Each event's attribution φ is its Shapley value in the game \"score of the recommended item when the"
        + " user's factor is folded in from a subset of their events alone\" (item factors fixed, the run's λ and"
        + " weights), exact when every subset was solved and otherwise estimated with a standard error: the φ of a"
        + " user's events add up to the item's score. Events are the user's training interactions, newest first. A"
        + " counterfactual set is the fewest events whose removal, re-solved, drops the item out of the user's top N.");
    if (users.size() > MAX_USERS) {
      html.note(String.format(Locale.ROOT, "%d users were explained; the first %d (by id) are shown, all are in %s.",
          users.size(), MAX_USERS, base));
    }
    List<String> shown = users.subList(0, Math.min(MAX_USERS, users.size()));
    Map<Object, List<Row>> byRecommendation = events.get().filter(col("user_id").isin(shown.toArray()))
        .collectAsList().stream().collect(Collectors.groupingBy(r -> key(r)));
    boolean anyValue = byRecommendation.values().stream().flatMap(List::stream)
        .anyMatch(r -> r.getAs(ExplainUserSchemas.VALUE) != null);
    if (!anyValue) {
      html.note("The events' own data values are absent: run 'recvalue value --output DIR', then 'recvalue explain-user'"
          + " again, to see beside each attribution how much the interaction helps the model on held-out data.");
    }
    for (String user : shown) {
      html.raw("<div class=\"item\">\n");
      html.h3("User " + user);
      for (Row rec : all) {
        if (user.equals(rec.getAs("user_id"))) {
          recommendation(rec, byRecommendation.getOrDefault(key(rec), List.of()));
        }
      }
      html.raw("</div>\n");
    }
    html.close();
  }

  private void recommendation(Row rec, List<Row> events) {
    String item = name(rec.getAs(ExplainUserSchemas.TITLE), rec.getAs("item_id"));
    int n = rec.<Integer>getAs(ExplainUserSchemas.EVENT_COUNT);
    String genres = genres(rec, ExplainUserSchemas.GENRES);
    html.p(String.format(Locale.ROOT, "Recommended: %s%s — rank %d, score %s, explained by %d events: %s.", item,
        genres.isEmpty() ? "" : " (" + genres + ")", rec.<Integer>getAs(ExplainUserSchemas.RANK),
        Html.number(rec.getAs(ExplainUserSchemas.SCORE)), n, method(rec)));
    Object gap = rec.getAs(ExplainUserSchemas.FOLD_IN_GAP);
    if (gap instanceof Double g && g > 1e-6) {
      html.note(String.format(Locale.ROOT, "The fold-in of all events differs from the trained user factor by %s"
          + " (relative; trained score %s): the model was not trained to a fixed point.", Html.number(g),
          Html.number(rec.getAs(ExplainUserSchemas.TRAINED_SCORE))));
    }
    List<Row> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingInt(r -> r.<Integer>getAs(ExplainUserSchemas.RECENCY_RANK)));
    chart(rec, item, sorted);
    html.p(counterfactual(rec, sorted));
    eventTable(sorted);
  }

  private static String method(Row rec) {
    int players = rec.<Integer>getAs(ExplainUserSchemas.PLAYERS);
    int grouped = rec.<Integer>getAs(ExplainUserSchemas.GROUPED_EVENTS);
    String game = grouped > 0 ? String.format(Locale.ROOT, "%d players (the %d oldest events grouped into one)",
        players, grouped) : players + " players";
    if (Boolean.TRUE.equals(rec.getAs(ExplainUserSchemas.EXACT))) {
      return String.format(Locale.ROOT, "exact Shapley values, all %,d subsets of %s enumerated", 1L << players, game);
    }
    return String.format(Locale.ROOT, "Shapley values of %s estimated from %,d permutations (antithetic, stratified by"
        + " coalition size), max SE / range %s%s",
        game, rec.<Integer>getAs(ExplainUserSchemas.PERMUTATIONS),
        Html.number(rec.getAs(ExplainUserSchemas.MAX_SE_OVER_RANGE)),
        Boolean.TRUE.equals(rec.getAs(ExplainUserSchemas.CONVERGED)) ? "" : " (stopped at the permutation cap)");
  }

  /** φ per event, newest first, ±1 SE; the grouped older events as one bar. */
  private void chart(Row rec, String item, List<Row> events) {
    List<String> labels = new ArrayList<>();
    List<double[]> bars = new ArrayList<>();
    int grouped = 0;
    for (Row e : events) {
      if (Boolean.TRUE.equals(e.getAs(ExplainUserSchemas.GROUPED))) {
        grouped++;
      } else if (labels.size() < MAX_EVENTS) {
        labels.add(eventLabel(e));
        Double se = e.getAs(ExplainUserSchemas.SE);
        bars.add(new double[] {e.<Double>getAs(ExplainUserSchemas.PHI), se == null ? 0 : se});
      }
    }
    if (grouped > 0) {
      labels.add(String.format(Locale.ROOT, "older history (%d events, grouped)", grouped));
      bars.add(new double[] {rec.<Double>getAs(ExplainUserSchemas.PHI_GROUPED), 0});
    }
    int single = events.size() - grouped;
    if (single > MAX_EVENTS) {
      html.note(String.format(Locale.ROOT, "The chart shows the %d newest of %d events; every event is in the table"
          + " %s/%s.", MAX_EVENTS, single, ExplainUserSchemas.STAGE, ExplainUserSchemas.EVENTS));
    }
    html.image(Charts.bars(labels, bars.stream().mapToDouble(b -> b[0]).toArray(),
        bars.stream().mapToDouble(b -> b[1]).toArray(), "Why " + item + ": each event's share of its score (± 1 SE)",
        "phi (score units; newest event at the top)"), "event attributions for " + item);
  }

  private static String counterfactual(Row rec, List<Row> events) {
    int listSize = rec.<Integer>getAs(ExplainUserSchemas.LIST_SIZE);
    String search = rec.getAs(ExplainUserSchemas.CF_SEARCH);
    if ("outside".equals(search)) {
      return String.format(Locale.ROOT, "The item is not in the user's top %d, so no event needs removing.", listSize);
    }
    if (!Boolean.TRUE.equals(rec.getAs(ExplainUserSchemas.CF_FOUND))) {
      return String.format(Locale.ROOT, "No set of events tried (sets of fewer than %d events exhaustively, then"
          + " greedily by φ) drops the item out of the top %d.", rec.<Integer>getAs(ExplainUserSchemas.CF_LOWER_BOUND),
          listSize);
    }
    List<String> removed = events.stream().filter(e -> Boolean.TRUE.equals(e.getAs(ExplainUserSchemas.IN_COUNTERFACTUAL)))
        .map(e -> name(e.getAs(ExplainUserSchemas.EVENT_TITLE), e.getAs(ExplainUserSchemas.EVENT_ITEM_ID)))
        .collect(Collectors.toList());
    int size = removed.size();
    boolean minimal = Boolean.TRUE.equals(rec.getAs(ExplainUserSchemas.CF_MINIMAL));
    return String.format(Locale.ROOT, "Counterfactual: without %s the item drops out of the top %d (to rank %d,"
        + " re-solved). %s", String.join("; ", removed), listSize, rec.<Integer>getAs(ExplainUserSchemas.RANK_AFTER),
        minimal ? "No smaller set does (every smaller set was tried)."
            : String.format(Locale.ROOT, "Found greedily: no event of it can be put back, and no set of fewer than %d"
                + " events works; a set of %d to %d events may exist.", rec.<Integer>getAs(ExplainUserSchemas.CF_LOWER_BOUND),
                rec.<Integer>getAs(ExplainUserSchemas.CF_LOWER_BOUND), size - 1));
  }

  private void eventTable(List<Row> events) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row e : events.subList(0, Math.min(MAX_EVENTS, events.size()))) {
      Object phi = e.getAs(ExplainUserSchemas.PHI);
      List<Object> r = new ArrayList<>();
      r.add(e.<Integer>getAs(ExplainUserSchemas.RECENCY_RANK));
      r.add(name(e.getAs(ExplainUserSchemas.EVENT_TITLE), e.getAs(ExplainUserSchemas.EVENT_ITEM_ID)));
      r.add(genres(e, ExplainUserSchemas.EVENT_GENRES));
      r.add(Html.compact(e.<Double>getAs("rating")));
      Object days = e.getAs(ExplainUserSchemas.DAYS_BEFORE_LAST);
      r.add(days == null ? "–" : String.format(Locale.ROOT, "%.1f", (Double) days));
      r.add(phi == null ? "grouped" : phi);
      Object se = e.getAs(ExplainUserSchemas.SE);
      r.add(se == null ? "–" : se);
      r.add(e.<Double>getAs(ExplainUserSchemas.HKV));
      r.add(e.<Double>getAs(ExplainUserSchemas.LOO));
      Object value = e.getAs(ExplainUserSchemas.VALUE);
      r.add(value == null ? "–" : value);
      r.add(Boolean.TRUE.equals(e.getAs(ExplainUserSchemas.IN_COUNTERFACTUAL)) ? "yes" : "");
      rows.add(r);
    }
    html.table(List.of("recency", "event", "genres", "rating", "days before newest", "φ", "SE", "HKV share",
        "leave-one-out drop", "data value", "in counterfactual"), rows);
  }

  private static String eventLabel(Row e) {
    String title = name(e.getAs(ExplainUserSchemas.EVENT_TITLE), e.getAs(ExplainUserSchemas.EVENT_ITEM_ID));
    return String.format(Locale.ROOT, "%s (rated %s)", title, Html.compact(e.getAs("rating")));
  }

  private static String name(Object title, Object id) {
    return title != null ? String.valueOf(title) : "item " + id;
  }

  /** The genres of a row's array column, comma-separated; empty when null or empty. */
  private static String genres(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? "" : r.<String>getList(i).stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static Object key(Row r) {
    return r.getAs("user_id") + "\u0000" + r.<Integer>getAs("item_idx");
  }
}
