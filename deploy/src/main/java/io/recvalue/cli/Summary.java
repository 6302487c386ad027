package io.recvalue.cli;

import io.recvalue.core.run.Console;
import io.recvalue.core.run.RunManifest;
import io.recvalue.core.run.StageContext;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The end-of-run summary a person reads: input counts, quarantine, split, the training curve, test
 * metrics beside MLlib's, and every stage folder written with its tables and files (Arrow, HTML). Built
 * from the run manifest, so it says exactly what the manifest records.
 */
final class Summary {
  private Summary() {}

  @SuppressWarnings("unchecked")
  static void print(StageContext context) {
    Console c = context.console();
    RunManifest m = context.manifest();
    Map<String, Object> stages = (Map<String, Object>) stagesOf(m);
    c.summary("");
    c.summary("recvalue %s: %s", m.get("command"), m.get("status"));
    context.input().ifPresent(in -> c.summary("  input        %s", in));
    if (stages.get("ingest") instanceof Map) {
      ingest(c, (Map<String, Object>) stages.get("ingest"));
    }
    if (stages.get("train") instanceof Map) {
      train(c, (Map<String, Object>) stages.get("train"));
    }
    if (stages.get("value") instanceof Map) {
      value(c, (Map<String, Object>) stages.get("value"));
    }
    if (stages.get("explain") instanceof Map) {
      explain(c, (Map<String, Object>) stages.get("explain"));
    }
    if (stages.get("explain-user") instanceof Map) {
      explainUser(c, (Map<String, Object>) stages.get("explain-user"));
    }
    if (stages.get("report") instanceof Map) {
      c.summary("  report       %s", ((Map<String, Object>) stages.get("report")).get("file"));
    }
    written(context);
  }

  @SuppressWarnings("unchecked")
  private static void explain(Console c, Map<String, Object> s) {
    for (String level : List.of("item", "interaction")) {
      if (!(s.get(level) instanceof Map)) {
        continue;
      }
      Map<String, Object> e = (Map<String, Object>) s.get(level);
      String fit = String.format(Locale.ROOT, "%s surrogate of %s, held-out R^2 %.3f, Spearman %.3f,"
          + " top-decile precision %.3f", e.get("surrogate"), e.get("target"), d(e.get("surrogate_r2_heldout")),
          d(e.get("surrogate_spearman_heldout")), d(e.get("surrogate_top_decile_precision_heldout")));
      if ("tree".equals(e.get("shapley"))) {
        c.summary("  explain      %s values: %s; %s rows, exact Shapley values from the trees", level, fit,
            n(e.get("rows")));
      } else {
        c.summary("  explain      %s values: %s; %s rows, permutations median %s, %s reached max SE/range <= %s",
            level, fit, n(e.get("rows")), e.get("permutations_median"), n(e.get("converged_rows")), e.get("tolerance"));
      }
      if (e.get("surrogate_fidelity_warning") != null) {
        c.summary("               WARNING: %s", e.get("surrogate_fidelity_warning"));
      }
    }
    if (s.get("groups") instanceof Map) {
      Map<String, Object> g = (Map<String, Object>) s.get("groups");
      c.summary("  explain      %s groups by %s: %s coalitions re-solved, %s Shapley values; learnt surrogate LDS %.3f",
          g.get("groups"), g.get("by"), n(g.get("coalitions_resolved")),
          Boolean.TRUE.equals(g.get("exhaustive")) ? "exact" : "surrogate", d(g.get("lds_learnt")));
      if (g.get("lds_warning") != null) {
        c.summary("               WARNING: %s", g.get("lds_warning"));
      }
    }
  }

  private static void explainUser(Console c, Map<String, Object> s) {
    c.summary("  explain-user %s recommendations of %s users by their events: %s exact, %s sampled (%s at max SE/range"
        + " <= %s); counterfactual sets found for %s", n(s.get("recommendations")), n(s.get("users")), n(s.get("exact")),
        n(s.get("sampled")), n(s.get("converged")), s.get("tolerance"), n(s.get("counterfactual_found")));
    if (s.get("values") != null) {
      c.summary("               %s", s.get("values"));
    }
  }

  private static Object stagesOf(RunManifest m) {
    Object s = m.get("stages");
    return s instanceof Map ? s : Map.of();
  }

  private static void ingest(Console c, Map<String, Object> s) {
    c.summary("  ingest       rows read %s | quarantined %s | duplicate rows merged %s | k-core removed %s | kept %s",
        n(s.get("rows_read")), n(s.get("rows_quarantined")), n(s.get("duplicate_rows_merged")),
        n(s.get("kcore_rows_removed")), n(s.get("rows_kept")));
    s.forEach((k, v) -> {
      if (k.startsWith("quarantined.")) {
        c.summary("               quarantined for %s: %s", k.substring("quarantined.".length()), n(v));
      }
    });
    c.summary("               users %s | items %s | split (%s) train %s / validation %s / test %s",
        n(s.get("users")), n(s.get("items")), s.get("split_method"), n(s.get("train_rows")),
        n(s.get("validation_rows")), n(s.get("test_rows")));
  }

  @SuppressWarnings("unchecked")
  private static void train(Console c, Map<String, Object> s) {
    c.summary("  train        %s, %s sweeps (%s), linear algebra: %s", s.get("params"), s.get("sweeps"),
        Boolean.TRUE.equals(s.get("converged")) ? "converged" : "stopped at train.max-iter", s.get("linalg_backend"));
    List<Map<String, Object>> curve = (List<Map<String, Object>>) s.getOrDefault("curve", List.of());
    c.summary("               %5s  %16s  %12s  %16s", "sweep", "objective", "rel. change", "validation loss");
    for (int n = 0; n < curve.size(); n++) {
      if (curve.size() > 12 && n >= 5 && n < curve.size() - 5) {
        if (n == 5) {
          c.summary("               %5s", "...");
        }
        continue;
      }
      Map<String, Object> r = curve.get(n);
      c.summary("               %5s  %16.6e  %12.3e  %16s", r.get("sweep"), d(r.get("objective")),
          d(r.get("relative_change")), r.get("validation_loss") == null ? "-" : String.format(Locale.ROOT, "%.6f", d(r.get("validation_loss"))));
    }
    Map<String, Object> t = (Map<String, Object>) s.getOrDefault("test", Map.of());
    if (t.containsKey("rmse")) {
      c.summary("  test         RMSE ours %.4f%s", d(t.get("rmse")), t.containsKey("mllib_rmse")
          ? String.format(Locale.ROOT, " | Spark MLlib ALS %.4f | ours/MLlib %.4f",
              d(t.get("mllib_rmse")), d(t.get("rmse")) / d(t.get("mllib_rmse"))) : "");
    }
    if (t.containsKey("ndcg_at_10")) {
      c.summary("  test         NDCG@10 ours %.4f, Recall@20 ours %.4f%s", d(t.get("ndcg_at_10")), d(t.get("recall_at_20")),
          t.containsKey("mllib_ndcg_at_10") ? String.format(Locale.ROOT,
              " | Spark MLlib ALS NDCG@10 %.4f, Recall@20 %.4f", d(t.get("mllib_ndcg_at_10")), d(t.get("mllib_recall_at_20"))) : "");
    }
  }

  private static void value(Console c, Map<String, Object> s) {
    c.summary("  value        %s", valueMethodLine(s));
    long rows = s.get("values_rows") instanceof Number ? ((Number) s.get("values_rows")).longValue() : 0;
    if (s.get("values_dropped") instanceof Number dropped) {
      c.summary("               %s interactions valued (keep probabilities); the keep decision drops %s (%.1f %%)",
          n(rows), n(dropped), rows == 0 ? 0.0 : 100.0 * dropped.longValue() / rows);
      return;
    }
    long negative = s.get("values_negative") instanceof Number ? ((Number) s.get("values_negative")).longValue() : 0;
    c.summary("               %s interactions valued, %.1f %% negative (they hurt validation), sum of values %.3e",
        n(rows), rows == 0 ? 0.0 : 100.0 * negative / rows, d(s.get("values_sum")));
    if (s.get("values_unreliable") instanceof Number unreliable) {
      c.summary("               %s values (%.2f %%) unreliable: leverage above 0.5, removing the row changes more than"
          + " its value says (value/leverage/)", n(unreliable), rows == 0 ? 0.0 : 100.0 * unreliable.longValue() / rows);
    }
  }

  /** What the method did, in the terms of its own diagnostics (CG, EP sweeps, a policy search). */
  static String valueMethodLine(Map<String, Object> s) {
    Object method = s.get("method");
    if (s.get("cg_iterations") != null) {
      String polish = s.get("polish_steps") == null ? "" : String.format(Locale.ROOT,
          " after %s Newton steps to the minimiser (%s, |grad F| at %.1e of the trained model's)", s.get("polish_steps"),
          Boolean.TRUE.equals(s.get("polish_converged")) ? "converged" : "not converged",
          d(s.get("polish_relative_gradient")));
      return String.format(Locale.ROOT, "%s: %s CG iterations (converged %s, relative residual %.2e, %s)%s, %.1f s",
          method, s.get("cg_iterations"), s.getOrDefault("cg_converged", "-"), d(s.get("cg_true_relative_residual")),
          Boolean.TRUE.equals(s.get("gauss_newton")) ? "Gauss-Newton" : "exact Hessian", polish,
          d(s.get("seconds_total")));
    }
    if (s.get("ep_sweeps") != null) {
      String rre = !(s.get("ep_rre_coefficients") instanceof List<?> g) ? ""
          : Boolean.TRUE.equals(s.get("ep_rre_used"))
              ? String.format(Locale.ROOT, ", limits extrapolated from the last %d iterates", g.size())
              : String.format(Locale.ROOT, ", not extrapolated (residual %.2f), %s sweeps run",
                  d(s.get("ep_rre_residual_ratio")), s.getOrDefault("ep_sweeps_run", s.get("ep_sweeps")));
      return String.format(Locale.ROOT, "%s: beta %s, %s sweeps per nudged phase%s, %.1f s", method, s.get("ep_beta"),
          s.get("ep_sweeps"), rre, d(s.get("seconds_total")));
    }
    if (s.get("pg_iterations") != null) {
      return String.format(Locale.ROOT, "%s: %s iterations, %s episodes, best at iteration %s%s; held-out reward %.4f"
          + " (keeping everything %.4f), %.1f s", method, s.get("pg_iterations"), s.get("pg_episodes"),
          s.get("pg_best_iteration"), Boolean.TRUE.equals(s.get("pg_stopped_early")) ? " (stopped early)" : "",
          d(s.get("pg_best_heldout_reward")), d(s.get("pg_all_kept_heldout_reward")), d(s.get("seconds_total")));
    }
    return String.format(Locale.ROOT, "%s: %.1f s", method, d(s.get("seconds_total")));
  }

  private static void written(StageContext context) {
    context.console().summary("  wrote");
    try {
      Path out = new Path(context.outputDir());
      FileSystem fs = out.getFileSystem(context.spark().sparkContext().hadoopConfiguration());
      for (FileStatus stage : fs.listStatus(out)) {
        String name = stage.getPath().getName();
        if (!stage.isDirectory() || name.startsWith(".") || name.startsWith("_") || name.equals("input")) {
          continue;
        }
        TreeSet<String> children = new TreeSet<>();
        for (FileStatus child : fs.listStatus(stage.getPath())) {
          String cn = child.getPath().getName();
          if (!cn.startsWith(".") && !cn.startsWith("_") && !cn.startsWith("part-")) {
            children.add(cn);
          }
        }
        context.console().summary("               %s/%s", new Path(out, name),
            children.isEmpty() ? "" : "{" + String.join(",", children) + "}");
      }
      context.console().summary("               %s", new Path(out, RunManifest.FILE_NAME));
    } catch (IOException e) {
      context.console().summary("               (cannot list %s: %s)", context.outputDir(), e.getMessage());
    }
  }

  private static String n(Object v) {
    return v instanceof Number ? String.format(Locale.ROOT, "%,d", ((Number) v).longValue()) : String.valueOf(v);
  }

  private static double d(Object v) {
    return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
  }
}
