package io.recvalue.valuation.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * The results of an evaluation, the checks of the targets (docs/methods.md §8.3) and the console summary.
 *
 * <p>Checks, per value method: <em>lowest-first is never worse than random</em> at the first removal
 * step (NDCG@10 ≥ the mean over the random orders and, for explicit data, RMSE ≤ it); <em>highest-first
 * falls fastest</em>: at every removed fraction above 0, NDCG@10 after highest-first removal is at most
 * the lowest-first and the random mean values (and, explicit, RMSE at least both).
 */
public record EvaluationReport(List<CurvePoint> curves, List<NoisePoint> noise, boolean implicit) {

  /** The mean of a metric over the random orders at a fraction; empty without random orders. */
  OptionalDouble randomMean(double fraction, ToDoubleFunction<CurvePoint> metric) {
    return curves.stream()
        .filter(p -> p.method().equals(CurvePoint.RANDOM) && p.removedFraction() == fraction)
        .mapToDouble(metric).average();
  }

  private OptionalDouble of(String method, String direction, double fraction, ToDoubleFunction<CurvePoint> metric) {
    return curves.stream()
        .filter(p -> p.method().equals(method) && p.direction().equals(direction) && p.removedFraction() == fraction)
        .mapToDouble(metric).findFirst();
  }

  List<String> methods() {
    List<String> m = new ArrayList<>();
    for (CurvePoint p : curves) {
      if (!p.method().equals(CurvePoint.RANDOM) && !m.contains(p.method())) {
        m.add(p.method());
      }
    }
    return m;
  }

  /** The first removed fraction above 0, or NaN without one. */
  double firstStep() {
    return curves.stream().mapToDouble(CurvePoint::removedFraction).filter(f -> f > 0).min().orElse(Double.NaN);
  }

  /** Whether lowest-first at the first step is at least as good as the random mean (null: not measurable). */
  Boolean lowestNotWorseThanRandom(String method) {
    double f = firstStep();
    OptionalDouble lowN = of(method, CurvePoint.LOWEST_FIRST, f, CurvePoint::ndcgAt10);
    OptionalDouble randN = randomMean(f, CurvePoint::ndcgAt10);
    if (lowN.isEmpty() || randN.isEmpty()) {
      return null;
    }
    boolean ok = lowN.getAsDouble() >= randN.getAsDouble();
    if (!implicit) {
      ok &= of(method, CurvePoint.LOWEST_FIRST, f, CurvePoint::rmse).getAsDouble()
          <= randomMean(f, CurvePoint::rmse).getAsDouble();
    }
    return ok;
  }

  /** Whether highest-first is the worst order at every removed fraction above 0 (null: not measurable). */
  Boolean highestFallsFastest(String method) {
    Boolean all = null;
    for (CurvePoint p : curves) {
      if (!p.method().equals(method) || !p.direction().equals(CurvePoint.HIGHEST_FIRST) || p.removedFraction() == 0) {
        continue;
      }
      double f = p.removedFraction();
      OptionalDouble low = of(method, CurvePoint.LOWEST_FIRST, f, CurvePoint::ndcgAt10);
      OptionalDouble rand = randomMean(f, CurvePoint::ndcgAt10);
      if (low.isEmpty() || rand.isEmpty()) {
        return null;
      }
      boolean ok = p.ndcgAt10() <= Math.min(low.getAsDouble(), rand.getAsDouble());
      if (!implicit) {
        ok &= p.rmse() >= Math.max(of(method, CurvePoint.LOWEST_FIRST, f, CurvePoint::rmse).getAsDouble(),
            randomMean(f, CurvePoint::rmse).getAsDouble());
      }
      all = (all == null || all) && ok;
    }
    return all;
  }

  /** Checks and headline numbers for the manifest. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String method : methods()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("lowest_first_not_worse_than_random_at_" + EvaluateSettings.percent(firstStep()), lowestNotWorseThanRandom(method));
      c.put("highest_first_falls_fastest", highestFallsFastest(method));
      m.put(method, c);
    }
    for (NoisePoint p : noise) {
      @SuppressWarnings("unchecked")
      Map<String, Object> c = (Map<String, Object>) m.computeIfAbsent(p.method(), k -> new LinkedHashMap<String, Object>());
      c.put("noise_roc_auc", p.rocAuc());
      c.put("noise_share_in_lowest_20pct", p.shareInLowest20pct());
    }
    return m;
  }

  /** A summary a person reads in ten seconds. */
  public List<String> summaryLines() {
    List<String> out = new ArrayList<>();
    double f = firstStep();
    if (!Double.isNaN(f)) {
      out.add(String.format(Locale.ROOT, "Removal of %s of the training interactions, retrained, on test"
          + " (random: mean of %d orders):", EvaluateSettings.percent(f), randomCount()));
      out.add(String.format(Locale.ROOT, "  %-28s %9s %9s %9s", "order", "NDCG@10", "Recall@20", implicit ? "" : "RMSE"));
      line(out, "nothing removed", first(0, p -> true));
      for (String method : methods()) {
        line(out, method + ", lowest first", first(f, p -> p.method().equals(method) && p.direction().equals(CurvePoint.LOWEST_FIRST)));
      }
      if (randomCount() > 0) {
        out.add(String.format(Locale.ROOT, "  %-28s %9.4f %9.4f %9s", "random",
            randomMean(f, CurvePoint::ndcgAt10).getAsDouble(), randomMean(f, CurvePoint::recallAt20).getAsDouble(),
            implicit ? "" : String.format(Locale.ROOT, "%.4f", randomMean(f, CurvePoint::rmse).getAsDouble())));
      }
      for (String method : methods()) {
        line(out, method + ", highest first", first(f, p -> p.method().equals(method) && p.direction().equals(CurvePoint.HIGHEST_FIRST)));
      }
      for (String method : methods()) {
        out.add(String.format(Locale.ROOT, "  %s: lowest first not worse than random: %s; highest first falls fastest: %s",
            method, word(lowestNotWorseThanRandom(method)), word(highestFallsFastest(method))));
      }
    }
    for (NoisePoint p : noise) {
      if (p.method().equals(NoiseOracle.METHOD)) {
        out.add(String.format(Locale.ROOT, "  oracle (the actual leave-one-out change of validation loss of %d corrupted"
            + " and %d clean interactions): ROC-AUC %.3f, the most a value can reach", p.corruptedRows(),
            p.trainRows() - p.corruptedRows(), p.rocAuc()));
        continue;
      }
      out.add(String.format(Locale.ROOT, "Noise detection (%s of training corrupted): %s ROC-AUC %.3f, %.0f%% of"
          + " the corruptions among the lowest-valued 20%% (chance: 0.5 and 20%%)", EvaluateSettings.percent(p.noiseFraction()),
          p.method(), p.rocAuc(), 100 * p.shareInLowest20pct()));
    }
    return out;
  }

  private long randomCount() {
    return curves.stream().filter(p -> p.method().equals(CurvePoint.RANDOM)).map(CurvePoint::seed).distinct().count();
  }

  private CurvePoint first(double fraction, java.util.function.Predicate<CurvePoint> which) {
    return curves.stream().filter(p -> p.removedFraction() == fraction && which.test(p)).findFirst().orElse(null);
  }

  private void line(List<String> out, String label, CurvePoint p) {
    if (p != null) {
      out.add(String.format(Locale.ROOT, "  %-28s %9.4f %9.4f %9s", label, p.ndcgAt10(), p.recallAt20(),
          p.rmse() == null ? "" : String.format(Locale.ROOT, "%.4f", p.rmse())));
    }
  }

  private static String word(Boolean b) {
    return b == null ? "not measured" : b ? "yes" : "NO";
  }
}
